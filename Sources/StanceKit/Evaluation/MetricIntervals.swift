/// Percentile bootstrap intervals for every headline metric and every class's F1.
///
/// Documents are resampled with replacement, or whole groups when `groups` is given (a cluster bootstrap, so that
/// articles of one outlet, which are not independent, move together).
///
/// - Returns: intervals keyed by metric name: `accuracy`, `macro_f1`, `f_avg` (when `averagedLabels` is given),
///   `log_loss`, `brier`, `ece`, and `f1.LABEL` for every label.
/// - Throws: ``EvaluationError/invalidInput(_:)`` for inconsistent inputs or fewer than 2 replicates.
/// - Complexity: O(B·(n·K + K²)), spread over all cores.
public func bootstrapIntervals(
    gold: [Int], probabilities: [[Double]], labels: [String], averagedLabels: [String]? = nil,
    groups: [String]? = nil, settings: BootstrapSettings = BootstrapSettings()
) throws -> [String: Interval] {
    try validate(settings)
    let data = try PredictionData(
        gold: gold, probabilities: probabilities, labels: labels, averagedLabels: averagedLabels)
    let resampler = try Resampler(documentCount: gold.count, groups: groups)
    let names = metricNames(labels: labels, withFAvg: averagedLabels != nil)
    let samples = resampler.replicate(settings, placeholder: [Double]()) { rows in
        metricVector(data.metrics(rows: rows), withFAvg: averagedLabels != nil)
    }
    var intervals: [String: Interval] = [:]
    for (index, name) in names.enumerated() {
        intervals[name] = percentileInterval(samples.map { $0[index] }, confidence: settings.confidence)
    }
    return intervals
}

/// The outcome of a paired bootstrap comparison of two prediction sets on the same documents.
public struct PairedComparison: Equatable, Sendable {
    public var metric: HeadlineMetric
    /// `metric(first) − metric(second)` on all documents.
    public var difference: Double
    /// The percentile interval of the difference over resamples.
    public var interval: Interval
    /// The share of resamples whose difference has the opposite sign to `difference` or is 0.
    public var signFlipShare: Double

    /// Whether the interval excludes 0: the difference is beyond what resampling the documents explains.
    public var beyondChance: Bool { interval.low > 0 || interval.high < 0 }
}

/// Compares two systems on the same documents with a paired bootstrap (Koehn, "Statistical Significance Tests for
/// Machine Translation Evaluation", EMNLP 2004; Berg-Kirkpatrick et al., EMNLP 2012): every resample evaluates both
/// prediction sets on the same drawn documents (or groups), so the interval is that of the paired difference.
///
/// - Throws: ``EvaluationError/invalidInput(_:)`` for inconsistent inputs, or when `metric` is `f_avg` and no
///   `averagedLabels` are given.
public func pairedBootstrap(
    gold: [Int], first: [[Double]], second: [[Double]], labels: [String], metric: HeadlineMetric,
    averagedLabels: [String]? = nil, groups: [String]? = nil, settings: BootstrapSettings = BootstrapSettings()
) throws -> PairedComparison {
    try validate(settings)
    if metric == .fAvg && averagedLabels == nil {
        throw EvaluationError.invalidInput("f_avg needs the labels to average")
    }
    let a = try PredictionData(gold: gold, probabilities: first, labels: labels, averagedLabels: averagedLabels)
    let b = try PredictionData(gold: gold, probabilities: second, labels: labels, averagedLabels: averagedLabels)
    let resampler = try Resampler(documentCount: gold.count, groups: groups)
    let observed = (a.metrics(rows: nil).value(of: metric) ?? 0) - (b.metrics(rows: nil).value(of: metric) ?? 0)
    let differences = resampler.replicate(settings, placeholder: 0.0) { rows in
        (a.metrics(rows: rows).value(of: metric) ?? 0) - (b.metrics(rows: rows).value(of: metric) ?? 0)
    }
    let flips = differences.filter { observed > 0 ? $0 <= 0 : (observed < 0 ? $0 >= 0 : $0 != 0) }.count
    return PairedComparison(
        metric: metric, difference: observed,
        interval: percentileInterval(differences, confidence: settings.confidence),
        signFlipShare: Double(flips) / Double(differences.count))
}

private func metricNames(labels: [String], withFAvg: Bool) -> [String] {
    HeadlineMetric.allCases.filter { withFAvg || $0 != .fAvg }.map(\.rawValue) + labels.map { "f1.\($0)" }
}

private func metricVector(_ metrics: ClassificationMetrics, withFAvg: Bool) -> [Double] {
    HeadlineMetric.allCases.filter { withFAvg || $0 != .fAvg }.map { metrics.value(of: $0) ?? 0 }
        + metrics.perClass.map(\.f1)
}

/// Per-fold metric values with their mean and sample standard deviation.
public struct FoldSummary: Equatable, Sendable {
    /// One map of metric name to value per fold, in fold order.
    public var folds: [[String: Double]]
    public var mean: [String: Double]
    /// Sample standard deviation (divisor m − 1; 0 for a single fold).
    public var standardDeviation: [String: Double]

    /// Summarises the metrics of each fold (headline metrics present in every fold).
    public init(folds metrics: [ClassificationMetrics]) {
        let values: [[String: Double]] = metrics.map { fold in
            var map: [String: Double] = [:]
            for metric in HeadlineMetric.allCases {
                if let value = fold.value(of: metric) { map[metric.rawValue] = value }
            }
            return map
        }
        self.init(values: values)
    }

    /// Summarises arbitrary per-fold values.
    public init(values: [[String: Double]]) {
        folds = values
        mean = [:]
        standardDeviation = [:]
        guard let first = values.first else { return }
        for name in first.keys where values.allSatisfy({ $0[name] != nil }) {
            let column = values.map { $0[name]! }
            let m = column.reduce(0, +) / Double(column.count)
            let squares = column.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            mean[name] = m
            standardDeviation[name] = column.count > 1 ? (squares / Double(column.count - 1)).squareRoot() : 0
        }
    }
}
