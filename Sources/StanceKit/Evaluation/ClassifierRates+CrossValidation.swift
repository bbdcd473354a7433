extension ClassifierRates {
    /// The rates of one sub-model (``StanceModel/SubModel``), or why they could not be measured.
    public struct Estimate: Sendable {
        /// The sub-model's target, `nil` for a model of all documents.
        public var target: String?
        public var rates: ClassifierRates?
        public var reason: String?
    }

    /// Measures a trainer's true- and false-positive rates per class by an internal cross-validation, for each of
    /// its sub-models (one, or one per target under `--per-target`, in the trainer's target order).
    ///
    /// The folds are those of ``CrossValidation`` (stratified, identical texts together, grouped by `groupBy`), and
    /// the rates are counted on the pooled out-of-fold predictions, one class against the rest; a per-target
    /// sub-model's rates are counted on its target's documents and classes only. The predicted class is the most
    /// probable (the lower code point on ties), so `--min-evidence` plays no part.
    ///
    /// ```
    /// tpr_k = #(predicted k ∧ gold k) / #(gold k)        fpr_k = #(predicted k ∧ gold ≠ k) / #(gold ≠ k)
    /// ```
    ///
    /// - Returns: one estimate per sub-model, each with its rates or the reason there are none (too few documents
    ///   or groups for two folds, or a fold that could not be trained).
    public static func estimate(
        documents: [Document], normalized: [NormalizedText], trainer: StanceTrainer, folds: Int, groupBy: String?,
        seed: UInt64
    ) throws -> [Estimate] {
        try estimate(
            documents: documents, languages: normalized.map(\.language), trainer: trainer, folds: folds,
            groupBy: groupBy, seed: seed
        ) { try $0.run(documents, normalized: normalized) }
    }

    /// ``estimate(documents:normalized:trainer:folds:groupBy:seed:)`` for documents read without their texts
    /// (``CountedDocuments``): the same rates.
    public static func estimate(
        counted: CountedDocuments, trainer: StanceTrainer, folds: Int, groupBy: String?, seed: UInt64
    ) throws -> [Estimate] {
        try estimate(
            documents: counted.documents, languages: counted.languages, trainer: trainer, folds: folds,
            groupBy: groupBy, seed: seed
        ) { try $0.run(counted) }
    }

    /// The rates of `documents`, whose texts' languages are `languages`, from the cross-validation `running` runs.
    private static func estimate(
        documents: [Document], languages: [Language], trainer: StanceTrainer, folds: Int, groupBy: String?,
        seed: UInt64, running: (CrossValidation) throws -> CrossValidationResult
    ) throws -> [Estimate] {
        let subModels = trainer.groups(documents)
        func none(_ reason: String) -> [Estimate] {
            subModels.map { Estimate(target: $0.target, rates: nil, reason: reason) }
        }
        var counts: [String: Int] = [:]
        for document in documents {
            let stratum = trainer.settings.perTarget ? "\(document.target ?? "")\u{1F}" : ""
            counts[stratum + (document.label ?? ""), default: 0] += 1
        }
        var k = min(folds, counts.values.min() ?? 0)
        if let groupBy {
            let cv = CrossValidation(trainer: trainer, settings: CrossValidationSettings(groupBy: groupBy))
            k = min(k, Set(cv.groups(of: documents, languages: languages) ?? []).count)
        }
        guard k >= 2 else {
            return none(
                "too few documents\(groupBy.map { " or \($0) groups" } ?? "") per class"
                    + (trainer.settings.perTarget ? " and target" : "") + " for two folds")
        }
        let cv = CrossValidation(
            trainer: trainer, settings: CrossValidationSettings(folds: k, groupBy: groupBy, seed: seed))
        let result: CrossValidationResult
        do {
            result = try running(cv)
        } catch let error as EvaluationError {
            return none("\(error)")
        } catch let error as TrainingError {
            return none("a training fold cannot be trained on: \(error)")
        } catch let error as LogisticRegressionError {
            return none("a training fold cannot be fitted: \(error)")
        }
        let probabilities = result.predictions[0].map(\.probabilities)
        return subModels.map { target, members in
            let labels = codePointSorted(Set(members.map { documents[$0].label! }))
            let positions = labels.map { result.labels.firstIndex(of: $0)! }
            let gold = members.map { labels.firstIndex(of: documents[$0].label!)! }
            let predicted = members.map { member in
                let row = positions.map { probabilities[member][$0] }
                return row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
            }
            return Estimate(
                target: target,
                rates: rates(labels: labels, gold: gold, predicted: predicted, folds: k, groupBy: groupBy),
                reason: nil)
        }
    }

    /// The one-vs-rest rates of `predicted` against `gold` (class indices into `labels`).
    static func rates(labels: [String], gold: [Int], predicted: [Int], folds: Int, groupBy: String?)
        -> ClassifierRates
    {
        let n = gold.count
        var tpr: [Double] = []
        var fpr: [Double] = []
        for k in labels.indices {
            let positives = gold.filter { $0 == k }.count
            let truePositives = zip(gold, predicted).filter { $0 == k && $1 == k }.count
            let falsePositives = zip(gold, predicted).filter { $0 != k && $1 == k }.count
            tpr.append(positives > 0 ? Double(truePositives) / Double(positives) : 0)
            fpr.append(n > positives ? Double(falsePositives) / Double(n - positives) : 0)
        }
        return ClassifierRates(
            labels: labels, truePositive: tpr, falsePositive: fpr, folds: folds, groupBy: groupBy, documents: n)
    }
}
