/// An out-of-time split: train on documents dated before a day and test on the rest (`before`), or the reverse
/// (`after`: train on the documents dated on or after the day, test on the earlier ones).
///
/// Dates are compared on their first ten characters (`YYYY-MM-DD`), so `2015-01-01T08:00:00Z` is on 2015-01-01.
public struct DateSplit: Sendable, Equatable {
    public enum Side: String, Sendable {
        case before, after
    }

    public var day: String
    public var side: Side

    /// - Throws: ``SplitError/invalidDay(_:)`` unless `day` is `YYYY-MM-DD`.
    public init(day: String, side: Side) throws {
        guard Self.dayKey(day) != nil, day.count == 10 else { throw SplitError.invalidDay(day) }
        self.day = day
        self.side = side
    }

    /// `YYYY-MM-DD` of a date that starts with one, else `nil`.
    static func dayKey(_ date: String) -> String? {
        let scalars = Array(date.unicodeScalars.prefix(10))
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-" else { return nil }
        for position in [0, 1, 2, 3, 5, 6, 8, 9] where !("0"..."9").contains(scalars[position]) { return nil }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The indices of the training and the test documents, each in input order.
    ///
    /// - Throws: ``SplitError`` for a document without a usable date, or a side with no document.
    public func partition(_ documents: [Document]) throws -> (train: [Int], test: [Int]) {
        var early: [Int] = []
        var late: [Int] = []
        for (index, document) in documents.enumerated() {
            guard let date = document.date, let key = Self.dayKey(date) else {
                throw SplitError.undated(location: document.location, id: document.id)
            }
            if codePointPrecedes(key, day) { early.append(index) } else { late.append(index) }
        }
        let (train, test) = side == .before ? (early, late) : (late, early)
        if train.isEmpty || test.isEmpty {
            throw SplitError.emptySide(
                train.isEmpty
                    ? "no training document: none is dated \(side == .before ? "before" : "on or after") \(day)"
                    : "no test document: every document is dated \(side == .before ? "before" : "on or after") \(day)")
        }
        return (train, test)
    }

    /// What a split evaluation gives: the labels (the model's and the test set's gold labels, in code-point order),
    /// the test documents' indices, their ratings, their probabilities aligned with the labels, and the pooled
    /// predictions for the report (resampled by `groupBy`'s value when given, else by document).
    public struct Outcome: Sendable {
        public var labels: [String]
        public var test: [Int]
        public var scored: [ScoredArticle]
        public var probabilities: [[Double]]
        public var pooled: PooledPredictions
    }

    /// Trains on the training side and scores the test side.
    ///
    /// - Throws: ``SplitError``, ``TrainingError`` and whatever training and scoring throw.
    public func evaluate(
        _ documents: [Document], trainer: StanceTrainer, groupBy: String? = nil,
        progress: ((String) -> Void)? = nil
    ) throws -> Outcome {
        let (train, test) = try partition(documents)
        progress?("training on \(train.count) documents, testing on \(test.count)")
        let model = try trainer.train(train.map { documents[$0] }, progress: progress)
        let scorer = try ArticleScorer(model: model, threads: trainer.threads)
        let testDocuments = test.map { documents[$0] }
        let scored = try scorer.score(testDocuments)
        let labels = Set(model.labels + testDocuments.compactMap(\.label)).sortedByCodePoint()
        let positions = model.labels.map { labels.firstIndex(of: $0)! }
        let probabilities = scored.map { article in
            var row = [Double](repeating: 0, count: labels.count)
            for (k, position) in positions.enumerated() { row[position] = article.probabilities[k] }
            return row
        }
        let groups = groupBy.map { field in
            scored.enumerated().map { index, article in
                ArticleScore.groupValue(field, of: article.document, language: article.language)
                    ?? "\u{0}document \(index)"
            }
        }
        let pooled = try PooledPredictions(
            documents: testDocuments, probabilities: probabilities, labels: labels, groups: groups)
        return Outcome(labels: labels, test: test, scored: scored, probabilities: probabilities, pooled: pooled)
    }
}

/// Why a split cannot be made: exit status 65, or 64 for a malformed day.
public enum SplitError: StanceFailure, Equatable, Sendable {
    case invalidDay(String)
    case undated(location: SourceLocation, id: String)
    case emptySide(String)

    public var exitStatus: ExitStatus {
        if case .invalidDay = self { return .usage }
        return .dataError
    }

    public var description: String {
        switch self {
        case .invalidDay(let day): return "expected a day as YYYY-MM-DD, got '\(day)'"
        case .undated(let location, let id):
            return "\(location): document '\(id)' has no date starting YYYY-MM-DD, which --split-by date needs"
        case .emptySide(let reason): return reason
        }
    }
}
