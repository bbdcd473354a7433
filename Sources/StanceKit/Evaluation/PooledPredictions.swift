/// Predictions pooled for headline metrics: one row per (document, repetition), with the cluster each row is
/// resampled in.
///
/// With `R` repetitions of cross-validation every document contributes `R` rows, one from each repetition's
/// held-out fold. Metrics over the pooled rows are then the average over repetitions for accuracy, log-loss and
/// Brier (exactly) and close to it for the F1 figures; counts (confusion, support) are summed over repetitions. The
/// bootstrap resamples *clusters*: a document with all its `R` rows, or under grouping a whole group (e.g. an outlet)
/// with all its rows, so that rows that are not independent move together (a cluster bootstrap; Field & Welsh,
/// "Bootstrapping clustered data", JRSS B 2007).
public struct PooledPredictions: Sendable, Equatable {
    public var labels: [String]
    /// Gold class index of each row.
    public var gold: [Int]
    /// Probability rows aligned with `labels`.
    public var probabilities: [[Double]]
    /// The target of each row (`(none)` when absent), or `nil` when no document has a target.
    public var targets: [String]?
    /// The resampling cluster of each row.
    public var clusters: [String]

    public init(labels: [String], gold: [Int], probabilities: [[Double]], targets: [String]?, clusters: [String]) {
        self.labels = labels
        self.gold = gold
        self.probabilities = probabilities
        self.targets = targets
        self.clusters = clusters
    }

    /// Pools scored documents: `labels` ⊇ every gold label; documents resampled one by one, or by `groups`.
    ///
    /// - Throws: ``EvaluationError/invalidInput(_:)`` when a document has no label or a label outside `labels`.
    public init(
        documents: [Document], probabilities: [[Double]], labels: [String], groups: [String]?
    ) throws {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        self.labels = labels
        self.gold = try documents.map { document in
            guard let label = document.label, let position = index[label] else {
                throw EvaluationError.invalidInput("document \(document.id) has no label among the model's labels")
            }
            return position
        }
        self.probabilities = probabilities
        self.targets = documents.contains { $0.target != nil } ? documents.map { $0.target ?? "(none)" } : nil
        self.clusters = groups ?? documents.indices.map { String($0) }
    }

    /// Computes the headline metrics, per-target metrics and bootstrap intervals of the rows.
    ///
    /// - Parameters:
    ///   - averagedLabels: labels averaged into `f_avg`, if wanted.
    ///   - folds: per-fold metric values for the report.
    ///   - bootstrap: replicates and seed of the interval bootstrap.
    ///   - settings: free-form settings recorded in the report.
    /// - Throws: ``EvaluationError/invalidInput(_:)`` for inconsistent inputs.
    public func report(
        averagedLabels: [String]?, folds: [[String: Double]], bootstrap: BootstrapSettings,
        settings: [String: SettingValue]
    ) throws -> EvaluationReport {
        let metrics = try ClassificationMetrics(
            gold: gold, probabilities: probabilities, labels: labels, averagedLabels: averagedLabels)
        let perTarget = try targets.map {
            try metricsPerTarget(
                gold: gold, probabilities: probabilities, labels: labels, targets: $0, averagedLabels: averagedLabels)
        }
        let intervals = try bootstrapIntervals(
            gold: gold, probabilities: probabilities, labels: labels, averagedLabels: averagedLabels,
            groups: clusters, settings: bootstrap)
        return EvaluationReport(
            metrics: metrics, perTarget: perTarget ?? [], folds: folds, ci95: intervals, settings: settings)
    }
}

extension CrossValidationResult {
    /// The out-of-fold predictions of every repetition, pooled (see ``PooledPredictions``).
    public func pooled(documents: [Document]) throws -> PooledPredictions {
        var rowsDocuments: [Document] = []
        var rows: [[Double]] = []
        var clusters: [String] = []
        for repetition in predictions {
            for (index, prediction) in repetition.enumerated() {
                rowsDocuments.append(documents[index])
                rows.append(prediction.probabilities)
                clusters.append(groups?[index] ?? String(index))
            }
        }
        return try PooledPredictions(documents: rowsDocuments, probabilities: rows, labels: labels, groups: clusters)
    }

    /// The per-fold metric maps, repetition-major (headline metrics only).
    public var foldValues: [[String: Double]] { FoldSummary(folds: foldMetrics).folds }
}
