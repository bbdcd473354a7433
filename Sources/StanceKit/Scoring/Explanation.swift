/// Both sides of an article's rating: the features that pushed toward the predicted class, those that pushed
/// against it, and the sum of all the others, so that the decision can be reconstructed from what is shown.
///
/// The quantity explained is the margin between the predicted class `c` and the runner-up `r`:
///
/// ```
/// margin = z_c − z_r = (b_c − b_r) + Σ_j (W_cj − W_rj) · x_j
///        = intercept + Σ supporting + Σ opposing + rest
/// ```
///
/// For two classes the runner-up is the other class, whose logit is 0, so `margin` is the predicted class's
/// log-odds (`logit` of ``ScoredArticle``) and `intercept` its intercept. For three or more classes it is the
/// margin over the runner-up, not one class's logit: a feature that raises every class's logit alike moves no
/// probability and contributes nothing here.
public struct Explanation: Sendable, Equatable {
    /// The class with the second-highest logit.
    public var runnerUp: String
    /// `b_c − b_r`.
    public var intercept: Double
    /// `z_c − z_r`, as the classifier computed it.
    public var margin: Double
    /// The K largest positive contributions, largest first.
    public var supporting: [Evidence]
    /// The K most negative contributions, most negative first.
    public var opposing: [Evidence]
    /// The sum of every contribution not listed in ``supporting`` or ``opposing``.
    public var rest: Double

    public init(
        runnerUp: String, intercept: Double, margin: Double, supporting: [Evidence], opposing: [Evidence],
        rest: Double
    ) {
        self.runnerUp = runnerUp
        self.intercept = intercept
        self.margin = margin
        self.supporting = supporting
        self.opposing = opposing
        self.rest = rest
    }

    /// Splits the margin of `predicted` over `runnerUp` for row `row` of `matrix`.
    ///
    /// - Parameters:
    ///   - logits: the row's class logits in `classifier.labels` order (for two classes `[0, z]`).
    ///   - predicted, runnerUp: positions in `classifier.labels`.
    ///   - top: how many features to list on each side.
    ///   - describe: turns a column and its contribution into an ``Evidence`` (name, text in the original script).
    /// - Complexity: O(m log m) for the m features that fire in the row.
    static func split(
        matrix: SparseMatrix, row: Int, classifier: LogisticModel, logits: [Double], predicted: Int, runnerUp: Int,
        top: Int,
        describe: (_ feature: Int, _ contribution: Double) -> Evidence
    ) -> Explanation {
        let binary = classifier.weightRowCount == 1
        let contributions = classifier.contributions(of: matrix, row: row).map { item -> (Int, Double) in
            let value: Double
            if binary {
                // One weight row, the log-odds of labels[1]; the other class's logit is 0.
                value = predicted == 1 ? item.logits[0] : -item.logits[0]
            } else {
                value = item.logits[predicted] - item.logits[runnerUp]
            }
            return (item.feature, value)
        }
        let positive = contributions.filter { $0.1 > 0 }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(top)
        let negative = contributions.filter { $0.1 < 0 }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(top)
        let shown = Set(positive.map(\.0)).union(negative.map(\.0))
        var rest = 0.0
        for (feature, value) in contributions where !shown.contains(feature) { rest += value }
        let intercepts = binary ? [0, classifier.intercepts[0]] : classifier.intercepts
        let intercept = intercepts[predicted] - intercepts[runnerUp]
        let margin = logits[predicted] - logits[runnerUp]
        return Explanation(
            runnerUp: classifier.labels[runnerUp], intercept: intercept, margin: margin,
            supporting: positive.map { describe($0.0, $0.1) }, opposing: negative.map { describe($0.0, $0.1) },
            rest: rest)
    }

    /// The members `stance score --explain` adds: `runner_up`, `margin_intercept`, `margin`, `evidence_for`,
    /// `evidence_against`, `evidence_rest`.
    var jsonMembers: [(String, JSON)] {
        [
            ("runner_up", .string(runnerUp)),
            ("margin_intercept", .double(intercept)),
            ("margin", .double(margin)),
            ("evidence_for", .array(supporting.map(\.json))),
            ("evidence_against", .array(opposing.map(\.json))),
            ("evidence_rest", .double(rest)),
        ]
    }
}

extension Evidence {
    /// `{"feature", "contribution", "quoted", "text"?}` as in `stance score --explain`.
    var json: JSON {
        var fields: [(String, JSON)] = [
            ("feature", .string(feature)), ("contribution", .double(contribution)), ("quoted", .bool(quoted)),
        ]
        if let text { fields.append(("text", .string(text))) }
        return .object(fields)
    }
}
