#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Precision, recall, F1 and support of one class.
///
/// ```
/// precision = TP / (TP + FP)    recall = TP / (TP + FN)    F1 = 2·P·R / (P + R) = 2·TP / (2·TP + FP + FN)
/// ```
///
/// Zero-division follows scikit-learn's default: a ratio whose denominator is 0 is 0 (a class never predicted has
/// precision 0; a class absent from the gold labels has recall 0; F1 is 0 when `2·TP + FP + FN = 0`).
public struct ClassMetrics: Equatable, Sendable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// The number of gold documents of the class.
    public var support: Int

    public init(precision: Double, recall: Double, f1: Double, support: Int) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.support = support
    }
}

/// One bin of a reliability diagram: documents whose top probability falls in `(lower, upper]`.
public struct ReliabilityBin: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    /// Mean top probability in the bin (0 when empty).
    public var confidence: Double
    /// Share of the bin's documents whose top class is the gold class (0 when empty).
    public var accuracy: Double
}

/// The classification metrics of a set of predicted probability rows against gold labels.
///
/// The predicted class of a row is its most probable class (the lowest index on ties). With `n` documents, `K`
/// classes, gold class `y_i` and probabilities `p_ik`:
///
/// ```
/// accuracy  = (1/n) Σ_i [ŷ_i = y_i]
/// macro-F1  = (1/K) Σ_k F1_k                          (every label, absent ones included, as scikit-learn)
/// log-loss  = −(1/n) Σ_i ln max(p_{i,y_i}, 1e−15)
/// Brier     = (1/n) Σ_i Σ_k (p_ik − [k = y_i])²       (Brier 1950, multi-class form, range 0…2)
/// ECE       = Σ_b (n_b / n) · |acc_b − conf_b|         (15 equal-width bins of max_k p_ik; Guo et al. 2017)
/// F_avg     = (1/|S|) Σ_{k∈S} F1_k                     (S a chosen label subset, e.g. FAVOR and AGAINST)
/// ```
///
/// `F_avg` is the official metric of SemEval-2016 Task 6 (Mohammad et al., "SemEval-2016 Task 6: Detecting Stance
/// in Tweets") and NLPCC-2016 Task 4 (Xu et al. 2016): F1 of FAVOR and of AGAINST, each computed from the
/// confusion counts pooled over all documents (all targets together), then averaged; NONE counts only through the
/// false positives and negatives it causes. ECE bins are `(b/15, (b+1)/15]` for b = 0…14 (a top probability of 0
/// falls in the first bin).
public struct ClassificationMetrics: Equatable, Sendable {
    /// Class names; index `k` names column `k` of the probabilities and class `k` of the gold labels.
    public var labels: [String]
    public var documentCount: Int
    public var accuracy: Double
    public var macroF1: Double
    /// Per-class metrics, aligned with `labels`.
    public var perClass: [ClassMetrics]
    /// `confusion[gold][predicted]` counts.
    public var confusion: [[Int]]
    public var logLoss: Double
    public var brier: Double
    public var ece: Double
    /// The 15 reliability bins behind `ece`.
    public var reliability: [ReliabilityBin]
    /// Mean F1 over `averagedLabels`, or `nil` when no subset was requested.
    public var fAvg: Double?
    public var averagedLabels: [String]?

    /// Computes every metric.
    ///
    /// - Parameters:
    ///   - gold: the gold class index of each document, in `0..<labels.count`.
    ///   - probabilities: one row of `labels.count` probabilities per document.
    ///   - labels: the class names (conventionally in code-point order, as the model stores them).
    ///   - averagedLabels: the labels whose F1 values `fAvg` averages; `nil` for no `fAvg`.
    /// - Throws: ``EvaluationError/invalidInput(_:)`` when lengths differ, a gold index is out of range, a row has
    ///   the wrong width, there are no documents, or an averaged label is not among `labels`.
    /// - Complexity: O(n·K + K²).
    public init(gold: [Int], probabilities: [[Double]], labels: [String], averagedLabels: [String]? = nil) throws {
        let data = try PredictionData(
            gold: gold, probabilities: probabilities, labels: labels, averagedLabels: averagedLabels)
        self = data.metrics(rows: nil)
    }

    init(
        labels: [String], documentCount: Int, accuracy: Double, macroF1: Double, perClass: [ClassMetrics],
        confusion: [[Int]], logLoss: Double, brier: Double, ece: Double, reliability: [ReliabilityBin],
        fAvg: Double?, averagedLabels: [String]?
    ) {
        self.labels = labels
        self.documentCount = documentCount
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.perClass = perClass
        self.confusion = confusion
        self.logLoss = logLoss
        self.brier = brier
        self.ece = ece
        self.reliability = reliability
        self.fAvg = fAvg
        self.averagedLabels = averagedLabels
    }

    /// The headline metric called `name` (`accuracy`, `macro_f1`, `f_avg`, `log_loss`, `brier`, `ece`), or `nil`
    /// when it is unknown or was not computed.
    public func value(of name: String) -> Double? {
        HeadlineMetric(rawValue: name).flatMap { value(of: $0) }
    }

    /// The value of a headline metric; `nil` only for `f_avg` when no label subset was requested.
    public func value(of metric: HeadlineMetric) -> Double? {
        switch metric {
        case .accuracy: return accuracy
        case .macroF1: return macroF1
        case .fAvg: return fAvg
        case .logLoss: return logLoss
        case .brier: return brier
        case .ece: return ece
        }
    }

    /// The metrics of the class called `label`, or `nil` when there is no such class.
    public func metrics(ofClass label: String) -> ClassMetrics? {
        labels.firstIndex(of: label).map { perClass[$0] }
    }
}

/// The metrics reported for every evaluation, with their names in result files.
public enum HeadlineMetric: String, CaseIterable, Sendable {
    case accuracy
    case macroF1 = "macro_f1"
    case fAvg = "f_avg"
    case logLoss = "log_loss"
    case brier
    case ece

    /// Whether smaller values are better (the losses and the calibration error).
    public var lowerIsBetter: Bool {
        switch self {
        case .logLoss, .brier, .ece: return true
        case .accuracy, .macroF1, .fAvg: return false
        }
    }
}

/// The metrics of the documents of one target (topic), e.g. "iPhone SE".
public struct TargetMetrics: Equatable, Sendable {
    public var target: String
    public var metrics: ClassificationMetrics

    public init(target: String, metrics: ClassificationMetrics) {
        self.target = target
        self.metrics = metrics
    }
}

/// Computes ``ClassificationMetrics`` separately for the documents of each target.
///
/// - Returns: one entry per distinct target, in code-point order of the target names.
/// - Throws: ``EvaluationError/invalidInput(_:)`` as
///   ``ClassificationMetrics/init(gold:probabilities:labels:averagedLabels:)``, or when `targets` has the wrong length.
public func metricsPerTarget(
    gold: [Int], probabilities: [[Double]], labels: [String], targets: [String], averagedLabels: [String]? = nil
) throws -> [TargetMetrics] {
    guard targets.count == gold.count else {
        throw EvaluationError.invalidInput("\(targets.count) targets for \(gold.count) documents")
    }
    let data = try PredictionData(
        gold: gold, probabilities: probabilities, labels: labels, averagedLabels: averagedLabels)
    var rowsOfTarget: [String: [Int]] = [:]
    for (row, target) in targets.enumerated() { rowsOfTarget[target, default: []].append(row) }
    return rowsOfTarget.keys.sortedByCodePoint().map { target in
        TargetMetrics(target: target, metrics: data.metrics(rows: rowsOfTarget[target]!))
    }
}

/// Validated predictions reduced to per-row terms, from which metrics of any subset or resample of rows are
/// computed without touching the probabilities again (each bootstrap replicate is then only additions).
struct PredictionData: Sendable {
    static let binCount = 15
    static let probabilityFloor = 1e-15

    let labels: [String]
    let classCount: Int
    let gold: [Int]
    let predicted: [Int]
    let averaged: [Int]?
    /// −ln max(p_{i,y_i}, 1e−15) of each row.
    let rowLogLoss: [Double]
    /// Σ_k (p_ik − [k = y_i])² of each row.
    let rowBrier: [Double]
    /// The top probability of each row and its calibration bin.
    let rowConfidence: [Double]
    let rowBin: [Int]

    var count: Int { gold.count }

    init(gold: [Int], probabilities: [[Double]], labels: [String], averagedLabels: [String]?) throws {
        let k = labels.count
        guard k >= 1 else { throw EvaluationError.invalidInput("no class labels") }
        guard Set(labels).count == k else { throw EvaluationError.invalidInput("the class labels are not distinct") }
        guard !gold.isEmpty else { throw EvaluationError.invalidInput("no documents to evaluate") }
        guard probabilities.count == gold.count else {
            throw EvaluationError.invalidInput("\(probabilities.count) probability rows for \(gold.count) documents")
        }
        var predicted: [Int] = []
        var rowLogLoss: [Double] = []
        var rowBrier: [Double] = []
        var rowConfidence: [Double] = []
        var rowBin: [Int] = []
        for (row, values) in probabilities.enumerated() {
            guard values.count == k else {
                throw EvaluationError.invalidInput("row \(row + 1) has \(values.count) probabilities for \(k) labels")
            }
            guard (0..<k).contains(gold[row]) else {
                throw EvaluationError.invalidInput("gold class \(gold[row]) of row \(row + 1) is not in 0..<\(k)")
            }
            guard values.allSatisfy(\.isFinite) else {
                throw EvaluationError.invalidInput("row \(row + 1) has a probability that is not a finite number")
            }
            let (best, logLoss, brier) = Self.scores(of: values, gold: gold[row])
            predicted.append(best)
            rowLogLoss.append(logLoss)
            rowBrier.append(brier)
            let confidence = values[best]
            rowConfidence.append(confidence)
            rowBin.append(min(max(Int((confidence * Double(Self.binCount)).rounded(.up)) - 1, 0), Self.binCount - 1))
        }
        if let averagedLabels {
            self.averaged = try averagedLabels.map { name in
                guard let index = labels.firstIndex(of: name) else {
                    throw EvaluationError.invalidInput("averaged label \"\(name)\" is not among the labels")
                }
                return index
            }
        } else {
            self.averaged = nil
        }
        self.labels = labels
        self.classCount = k
        self.gold = gold
        self.predicted = predicted
        self.rowLogLoss = rowLogLoss
        self.rowBrier = rowBrier
        self.rowConfidence = rowConfidence
        self.rowBin = rowBin
    }

    /// One document's most probable class (the lowest index on ties), log-loss (`−ln max(p_y, floor)`) and Brier
    /// score (`Σ_c (p_c − [c = y])²`) under the probabilities `values` and gold class `y`.
    static func scores(of values: [Double], gold y: Int) -> (predicted: Int, logLoss: Double, brier: Double) {
        var best = 0
        for c in 1..<values.count where values[c] > values[best] { best = c }
        var brier = 0.0
        for c in values.indices {
            let difference = values[c] - (c == y ? 1 : 0)
            brier += difference * difference
        }
        return (best, -log(max(values[y], probabilityFloor)), brier)
    }

    /// Precision, recall, F1 and support of class `c` from `confusion[gold][predicted]` counts.
    static func classMetrics(_ confusion: [[Int]], class c: Int) -> ClassMetrics {
        let truePositives = confusion[c][c]
        var predictedTotal = 0
        for g in confusion.indices { predictedTotal += confusion[g][c] }
        let support = confusion[c].reduce(0, +)
        let precision = predictedTotal == 0 ? 0 : Double(truePositives) / Double(predictedTotal)
        let recall = support == 0 ? 0 : Double(truePositives) / Double(support)
        let denominator = predictedTotal + support
        let f1 = denominator == 0 ? 0 : 2 * Double(truePositives) / Double(denominator)
        return ClassMetrics(precision: precision, recall: recall, f1: f1, support: support)
    }

    /// Metrics over the given rows (with repetitions, for bootstrap resamples), or over all rows when `nil`.
    func metrics(rows: [Int]?) -> ClassificationMetrics {
        let k = classCount
        var counts = [Int](repeating: 0, count: k * k)
        var logLossSum = 0.0
        var brierSum = 0.0
        var binCounts = [Int](repeating: 0, count: Self.binCount)
        var binConfidence = [Double](repeating: 0, count: Self.binCount)
        var binCorrect = [Int](repeating: 0, count: Self.binCount)
        var n = 0
        func visit(_ row: Int) {
            let y = gold[row]
            let yHat = predicted[row]
            counts[y * k + yHat] += 1
            logLossSum += rowLogLoss[row]
            brierSum += rowBrier[row]
            let bin = rowBin[row]
            binCounts[bin] += 1
            binConfidence[bin] += rowConfidence[row]
            if yHat == y { binCorrect[bin] += 1 }
            n += 1
        }
        if let rows { for row in rows { visit(row) } } else { for row in 0..<count { visit(row) } }
        let confusion = (0..<k).map { g in Array(counts[(g * k)..<((g + 1) * k)]) }

        var correct = 0
        var perClass: [ClassMetrics] = []
        for c in 0..<k {
            correct += confusion[c][c]
            perClass.append(Self.classMetrics(confusion, class: c))
        }
        let total = Double(n)
        var ece = 0.0
        var reliability: [ReliabilityBin] = []
        for b in 0..<Self.binCount {
            let count = binCounts[b]
            let confidence = count == 0 ? 0 : binConfidence[b] / Double(count)
            let accuracy = count == 0 ? 0 : Double(binCorrect[b]) / Double(count)
            if count > 0 { ece += Double(count) / total * abs(accuracy - confidence) }
            reliability.append(
                ReliabilityBin(
                    lower: Double(b) / Double(Self.binCount), upper: Double(b + 1) / Double(Self.binCount),
                    count: count, confidence: confidence, accuracy: accuracy))
        }
        var macro = 0.0
        for metrics in perClass { macro += metrics.f1 }
        let fAvg = averaged.map { indices in
            indices.isEmpty ? 0 : indices.reduce(0.0) { $0 + perClass[$1].f1 } / Double(indices.count)
        }
        return ClassificationMetrics(
            labels: labels, documentCount: n, accuracy: n == 0 ? 0 : Double(correct) / total,
            macroF1: macro / Double(k), perClass: perClass, confusion: confusion,
            logLoss: n == 0 ? 0 : logLossSum / total, brier: n == 0 ? 0 : brierSum / total, ece: ece,
            reliability: reliability, fAvg: fAvg, averagedLabels: averaged.map { $0.map { labels[$0] } })
    }
}
