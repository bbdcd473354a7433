import Foundation

/// What one inner fold's held-out documents gave at one grid value of a `C` search, beyond its score: enough for
/// the rules that read probabilities (log-loss, Brier score) or pool the inner folds' predictions
/// (``CSelectionRule``), kept per gold class so that any weighting of the classes can be taken afterwards.
///
/// With `y_i` the gold class of held-out document `i` and `p_i` its probabilities:
///
/// ```
/// confusion[g][k]   the documents of gold class g whose most probable class is k (the lowest index on ties)
/// logLossSums[g]    Σ_{i: y_i = g} −ln max(p_{i,y_i}, 1e−15)
/// brierSums[g]      Σ_{i: y_i = g} Σ_k (p_ik − [k = y_i])²
/// ```
///
/// The floor and the tie rule are ``ClassificationMetrics``'s, so the pooled log-loss and Brier score of these sums
/// equal that type's `logLoss` and `brier` over the same documents.
public struct InnerFoldScore: Sendable, Equatable {
    /// `confusion[gold][predicted]` counts.
    public var confusion: [[Int]]
    /// The log-loss summed over the documents of each gold class.
    public var logLossSums: [Double]
    /// The Brier score summed over the documents of each gold class.
    public var brierSums: [Double]

    public init(confusion: [[Int]], logLossSums: [Double], brierSums: [Double]) {
        self.confusion = confusion
        self.logLossSums = logLossSums
        self.brierSums = brierSums
    }

    /// The sums of `probabilities` (one row of `classCount` values per document) against `gold`.
    ///
    /// - Precondition: every row has `classCount` values and every gold index is in `0..<classCount`.
    public init(gold: [Int], probabilities: [[Double]], classCount k: Int) {
        precondition(gold.count == probabilities.count)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var logLoss = [Double](repeating: 0, count: k)
        var brier = [Double](repeating: 0, count: k)
        for (y, row) in zip(gold, probabilities) {
            precondition(row.count == k && (0..<k).contains(y))
            let scores = PredictionData.scores(of: row, gold: y)
            confusion[y][scores.predicted] += 1
            logLoss[y] += scores.logLoss
            brier[y] += scores.brier
        }
        self.init(confusion: confusion, logLossSums: logLoss, brierSums: brier)
    }

    /// The documents of each gold class.
    public var classCounts: [Int] { confusion.map { $0.reduce(0, +) } }

    /// The element-wise sum of several folds' scores (all over the same classes).
    ///
    /// - Precondition: `scores` is not empty.
    public static func pooled(_ scores: [InnerFoldScore]) -> InnerFoldScore {
        precondition(!scores.isEmpty)
        var total = scores[0]
        let k = total.confusion.count
        for score in scores.dropFirst() {
            for g in 0..<k {
                for c in 0..<k { total.confusion[g][c] += score.confusion[g][c] }
                total.logLossSums[g] += score.logLossSums[g]
                total.brierSums[g] += score.brierSums[g]
            }
        }
        return total
    }

    /// The mean log-loss per document (0 without documents).
    public var logLoss: Double { Self.perDocument(logLossSums, classCounts) }

    /// The mean Brier score per document (0 without documents).
    public var brier: Double { Self.perDocument(brierSums, classCounts) }

    /// The mean over the gold classes that have documents of each class's mean log-loss: every class weighs the
    /// same, as in macro-F1 and in a fit with balanced class weights.
    public var classBalancedLogLoss: Double {
        let counts = classCounts
        let present = counts.indices.filter { counts[$0] > 0 }
        guard !present.isEmpty else { return 0 }
        return present.reduce(0.0) { $0 + logLossSums[$1] / Double(counts[$1]) } / Double(present.count)
    }

    /// Macro-F1 of the confusion counts, or with `averaged` class indices their mean F1 (`f_avg`), as
    /// ``ClassificationMetrics`` computes them.
    public func f1Score(averaged: [Int]?) -> Double {
        let k = confusion.count
        let f1 = (0..<k).map { PredictionData.classMetrics(confusion, class: $0).f1 }
        let chosen = averaged ?? Array(0..<k)
        return chosen.isEmpty ? 0 : chosen.reduce(0.0) { $0 + f1[$1] } / Double(chosen.count)
    }

    private static func perDocument(_ sums: [Double], _ counts: [Int]) -> Double {
        let n = counts.reduce(0, +)
        return n == 0 ? 0 : sums.reduce(0, +) / Double(n)
    }
}
