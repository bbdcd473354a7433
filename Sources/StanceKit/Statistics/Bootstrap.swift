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
            throw StatisticsError.invalidInput("\(groups.count) group values for \(documentCount) documents")
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

func validate(_ settings: BootstrapSettings) throws {
    guard settings.replicates >= 2 else {
        throw StatisticsError.invalidInput("the bootstrap needs at least 2 replicates, not \(settings.replicates)")
    }
    guard settings.confidence > 0 && settings.confidence < 1 else {
        throw StatisticsError.invalidInput("the confidence level must lie strictly between 0 and 1")
    }
}

/// The bootstrap percentile interval of the mean of `values` (used for source scores and simple checks).
///
/// - Throws: ``StatisticsError.invalidInput(_:)`` when `values` is empty or the settings are invalid.
public func bootstrapMeanInterval(_ values: [Double], settings: BootstrapSettings = BootstrapSettings()) throws
    -> Interval
{
    try validate(settings)
    guard !values.isEmpty else { throw StatisticsError.invalidInput("no values to resample") }
    let resampler = try Resampler(documentCount: values.count, groups: nil)
    let means = resampler.replicate(settings, placeholder: 0.0) { rows in
        var sum = 0.0
        for row in rows { sum += values[row] }
        return sum / Double(rows.count)
    }
    return percentileInterval(means, confidence: settings.confidence)
}
