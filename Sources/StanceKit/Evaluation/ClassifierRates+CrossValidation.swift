extension ClassifierRates {
    /// Measures a trainer's true- and false-positive rates per class by an internal cross-validation.
    ///
    /// The folds are those of ``CrossValidation`` (stratified, identical texts together, grouped by `groupBy`), and
    /// the rates are counted on the pooled out-of-fold predictions, one class against the rest; the predicted class
    /// is the most probable (the lower code point on ties), so `--min-evidence` plays no part.
    ///
    /// ```
    /// tpr_k = #(predicted k ∧ gold k) / #(gold k)        fpr_k = #(predicted k ∧ gold ≠ k) / #(gold ≠ k)
    /// ```
    ///
    /// - Returns: the rates, or `nil` with the reason when they cannot be measured (a per-target model, or too few
    ///   documents or groups for two folds).
    public static func estimate(
        documents: [Document], normalized: [NormalizedText], trainer: StanceTrainer, folds: Int, groupBy: String?,
        seed: UInt64
    ) throws -> (rates: ClassifierRates?, reason: String?) {
        try estimate(
            documents: documents, languages: normalized.map(\.language), trainer: trainer, folds: folds,
            groupBy: groupBy, seed: seed
        ) { try $0.run(documents, normalized: normalized) }
    }

    /// ``estimate(documents:normalized:trainer:folds:groupBy:seed:)`` for documents read without their texts
    /// (``CountedDocuments``): the same rates.
    public static func estimate(
        counted: CountedDocuments, trainer: StanceTrainer, folds: Int, groupBy: String?, seed: UInt64
    ) throws -> (rates: ClassifierRates?, reason: String?) {
        try estimate(
            documents: counted.documents, languages: counted.languages, trainer: trainer, folds: folds,
            groupBy: groupBy, seed: seed
        ) { try $0.run(counted) }
    }

    /// The rates of `documents`, whose texts' languages are `languages`, from the cross-validation `running` runs.
    private static func estimate(
        documents: [Document], languages: [Language], trainer: StanceTrainer, folds: Int, groupBy: String?,
        seed: UInt64, running: (CrossValidation) throws -> CrossValidationResult
    ) throws -> (rates: ClassifierRates?, reason: String?) {
        if trainer.settings.perTarget { return (nil, "rates are not measured for per-target models") }
        var counts: [String: Int] = [:]
        for document in documents { counts[document.label ?? "", default: 0] += 1 }
        var k = min(folds, counts.values.min() ?? 0)
        if let groupBy {
            let cv = CrossValidation(trainer: trainer, settings: CrossValidationSettings(groupBy: groupBy))
            k = min(k, Set(cv.groups(of: documents, languages: languages) ?? []).count)
        }
        guard k >= 2 else {
            return (nil, "too few documents\(groupBy.map { " or \($0) groups" } ?? "") per class for two folds")
        }
        let cv = CrossValidation(
            trainer: trainer, settings: CrossValidationSettings(folds: k, groupBy: groupBy, seed: seed))
        let result: CrossValidationResult
        do {
            result = try running(cv)
        } catch let error as EvaluationError {
            return (nil, "\(error)")
        } catch let error as TrainingError {
            return (nil, "a training fold cannot be trained on: \(error)")
        } catch let error as LogisticRegressionError {
            return (nil, "a training fold cannot be fitted: \(error)")
        }
        let labels = result.labels
        let gold = documents.map { labels.firstIndex(of: $0.label!)! }
        let predicted = result.predictions[0].map { prediction in
            prediction.probabilities.indices.max {
                prediction.probabilities[$0] < prediction.probabilities[$1]
                    || (prediction.probabilities[$0] == prediction.probabilities[$1] && $0 > $1)
            }!
        }
        return (rates(labels: labels, gold: gold, predicted: predicted, folds: k, groupBy: groupBy), nil)
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
