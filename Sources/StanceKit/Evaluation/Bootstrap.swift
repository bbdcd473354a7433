import Dispatch

/// A closed interval `[low, high]`.
public struct Interval: Equatable, Sendable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// Whether the interval contains `value`.
    public func contains(_ value: Double) -> Bool { low <= value && value <= high }
}

/// Settings of a percentile bootstrap.
///
/// The interval of a statistic θ is `[q_{α/2}, q_{1−α/2}]` of its B resampled values (Efron & Tibshirani,
/// "An Introduction to the Bootstrap", 1993, ch. 13), with quantiles interpolated linearly between order statistics:
/// `q_p = θ_(⌊h⌋) + (h − ⌊h⌋)(θ_(⌊h⌋+1) − θ_(⌊h⌋))`, `h = (B − 1)·p` (0-based; numpy's default "linear" method).
/// Each replicate `b` draws from its own ``StableRandom`` stream `b` of `seed`, so intervals are identical at any
/// thread count.
public struct BootstrapSettings: Equatable, Sendable {
    public var replicates: Int
    public var seed: UInt64
    public var confidence: Double

    public init(replicates: Int = 1000, seed: UInt64 = 0, confidence: Double = 0.95) {
        self.replicates = replicates
        self.seed = seed
        self.confidence = confidence
    }
}

/// The percentile interval of `values` at the given confidence (see ``BootstrapSettings``).
///
/// - Precondition: `values` is not empty and holds no NaN.
func percentileInterval(_ values: [Double], confidence: Double) -> Interval {
    precondition(!values.isEmpty)
    let sorted = values.sorted()
    func quantile(_ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
    let alpha = 1 - confidence
    return Interval(low: quantile(alpha / 2), high: quantile(1 - alpha / 2))
}

/// Draws the rows of one bootstrap resample: `n` documents with replacement, or as many whole groups with
/// replacement as there are groups (each drawn group contributes all its documents).
struct Resampler: Sendable {
    let documentCount: Int
    /// When resampling groups, the rows of group `g` are `groupMembers[groupStarts[g]..<groupStarts[g + 1]]` (one
    /// flat array rather than an array per group: a replicate copies thousands of groups, and an array each would
    /// cost a reference count each).
    let groupStarts: [Int]?
    let groupMembers: [Int]

    init(documentCount: Int, groups: [String]?) throws {
        self.documentCount = documentCount
        guard let groups else {
            groupStarts = nil
            groupMembers = []
            return
        }
        guard groups.count == documentCount else {
            throw EvaluationError.invalidInput("\(groups.count) group values for \(documentCount) documents")
        }
        // Groups are numbered in order of first appearance.
        var index: [String: Int] = [:]
        var rows: [[Int]] = []
        for (row, group) in groups.enumerated() {
            if let g = index[group] {
                rows[g].append(row)
            } else {
                index[group] = rows.count
                rows.append([row])
            }
        }
        var starts = [0]
        starts.reserveCapacity(rows.count + 1)
        for members in rows { starts.append(starts.last! + members.count) }
        groupStarts = starts
        groupMembers = rows.flatMap { $0 }
    }

    func rows(replicate: Int, seed: UInt64) -> [Int] {
        var random = StableRandom(seed: seed, stream: UInt64(replicate))
        if let groupStarts {
            let groupCount = groupStarts.count - 1
            var rows: [Int] = []
            rows.reserveCapacity(documentCount)
            groupMembers.withUnsafeBufferPointer { members in
                for _ in 0..<groupCount {
                    let g = random.nextIndex(below: groupCount)
                    rows.append(contentsOf: members[groupStarts[g]..<groupStarts[g + 1]])
                }
            }
            return rows
        }
        return (0..<documentCount).map { _ in random.nextIndex(below: documentCount) }
    }

    /// Evaluates `statistic` on every replicate, in parallel over fixed chunks; results are in replicate order.
    func replicate<T: Sendable>(
        _ settings: BootstrapSettings, placeholder: T, _ statistic: @Sendable ([Int]) -> T
    ) -> [T] {
        let count = settings.replicates
        var results = [T](repeating: placeholder, count: count)
        let chunk = 16
        let chunks = (count + chunk - 1) / chunk
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointWrites(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for b in (c * chunk)..<min(count, (c + 1) * chunk) {
                    slots.buffer[b] = statistic(rows(replicate: b, seed: settings.seed))
                }
            }
        }
        return results
    }
}

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

private func validate(_ settings: BootstrapSettings) throws {
    guard settings.replicates >= 2 else {
        throw EvaluationError.invalidInput("the bootstrap needs at least 2 replicates, not \(settings.replicates)")
    }
    guard settings.confidence > 0 && settings.confidence < 1 else {
        throw EvaluationError.invalidInput("the confidence level must lie strictly between 0 and 1")
    }
}

private func metricNames(labels: [String], withFAvg: Bool) -> [String] {
    HeadlineMetric.allCases.filter { withFAvg || $0 != .fAvg }.map(\.rawValue) + labels.map { "f1.\($0)" }
}

private func metricVector(_ metrics: ClassificationMetrics, withFAvg: Bool) -> [Double] {
    HeadlineMetric.allCases.filter { withFAvg || $0 != .fAvg }.map { metrics.value(of: $0) ?? 0 }
        + metrics.perClass.map(\.f1)
}

/// The bootstrap percentile interval of the mean of `values` (used for source scores and simple checks).
///
/// - Throws: ``EvaluationError/invalidInput(_:)`` when `values` is empty or the settings are invalid.
public func bootstrapMeanInterval(_ values: [Double], settings: BootstrapSettings = BootstrapSettings()) throws
    -> Interval
{
    try validate(settings)
    guard !values.isEmpty else { throw EvaluationError.invalidInput("no values to resample") }
    let resampler = try Resampler(documentCount: values.count, groups: nil)
    let means = resampler.replicate(settings, placeholder: 0.0) { rows in
        var sum = 0.0
        for row in rows { sum += values[row] }
        return sum / Double(rows.count)
    }
    return percentileInterval(means, confidence: settings.confidence)
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
