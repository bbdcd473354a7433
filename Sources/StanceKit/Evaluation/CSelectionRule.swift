import Foundation

/// How the scores of an inner cross-validation choose `C` from the grid (`--C auto`, `--c-rule`).
///
/// Every rule reads only the inner folds' scores at each grid value (`scores[c][j]`: inner fold `j` at `grid[c]`,
/// the grid ascending and evenly spaced in log₁₀ `C`) and the number of inner folds `k`. The outer fit (or, under
/// `train --C auto`, the fit on all documents) sees `k/(k−1)` times the inner training data, which is why some rules
/// lean toward less regularisation. With `m_c` the mean of `scores[c]` and `b` the best grid index (the highest
/// `m_c`, the smallest `C` on ties):
///
/// ```
/// best               b
/// 1se-larger         the largest c ≥ b with m_c ≥ m_b − s_b/√n_b   (s_b the sample sd of scores[b], n_b its count)
/// parabola           the grid value nearest (in log C) to the peak of the parabola through (x_{b−1}, m_{b−1}),
///                    (x_b, m_b), (x_{b+1}, m_{b+1}), x = log₁₀ C:  x_b + h (m_{b−1} − m_{b+1}) / (2 (m_{b−1} − 2 m_b + m_{b+1}))
///                    (h the grid step; b itself at the grid's edge or without curvature)
/// parabola-scaled    that peak (x_b at the edge) moved by log₁₀(k/(k−1)), then the nearest grid value
/// smoothed           the best of (m_{c−1} + 2 m_c + m_{c+1}) / 4 (ends: (2 m_c + m_{c±1}) / 3)
/// ```
///
/// Four more rules read what the inner folds' held-out documents gave beyond their scores (``InnerFoldScore``, one
/// per inner fold and grid value), pooling the inner folds' documents (sums over every inner held-out document):
///
/// ```
/// log-loss           the lowest pooled log-loss  −(1/n) Σ_i ln max(p_{i,y_i}, 1e−15)
/// log-loss-balanced  the lowest mean over the gold classes of each class's mean log-loss
/// brier              the lowest pooled Brier score  (1/n) Σ_i Σ_k (p_ik − [k = y_i])²
/// pooled             the best metric (macro-F1 or f_avg) of the inner folds' confusion counts summed, one figure
///                    from all inner held-out predictions as the outer figure is computed
/// ```
///
/// Log-loss and the Brier score are proper scoring rules (Gneiting & Raftery, "Strictly Proper Scoring Rules,
/// Prediction, and Estimation", JASA 2007): they read the probabilities, not only the most probable class, so their
/// curve over `C` is smoother than an F1 curve, and log-loss grows without bound on confident mistakes, which a
/// weak penalty makes on outlets the fit has not seen. Exact ties go to the smaller `C`, as in `best`.
///
/// The one-standard-error rule is Breiman, Friedman, Olshen & Stone, *Classification and Regression Trees* (1984),
/// §3.4.3, and Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2009), §7.10; it is turned here
/// toward the weaker penalty because the final fit has more data than the inner ones. Nearest grid values break ties
/// toward the smaller `C`. `scripts/c-rules` scores the same rules from `eval --c-trace` files.
public enum CSelectionRule: String, Sendable, CaseIterable {
    case best
    case oneStandardErrorLarger = "1se-larger"
    case parabola
    case parabolaScaled = "parabola-scaled"
    case smoothed
    case logLoss = "log-loss"
    case classBalancedLogLoss = "log-loss-balanced"
    case brier
    case pooled

    /// The rule `--C auto` uses unless told otherwise: `pooled`, by the decision fixed before the round-two rules were
    /// scored (within 0.5 points of the best hand `C` on all three shared sets, else the rule better than `best` on
    /// the worst set and within 0.5 on the others; README, *Choosing C, round two*). It picks as `best` on
    /// SemEval-2016 and NLPCC-2016 and one outer fold differently on Article-Bias-Prediction (0.4793 against 0.4782),
    /// with 3 inner folds; with 5 (``CrossValidationSettings/defaultInnerFolds``, round three) it is within 0.5 points
    /// of the best hand `C` on all three sets.
    public static let standard: CSelectionRule = .pooled

    /// The figure the rule ranks at each grid value, as reports name it: ``CChoice/ruleCurve`` for the rules that read
    /// the inner details, else ``CChoice/meanScore``.
    public var rankedFigure: String {
        switch self {
        case .best, .oneStandardErrorLarger, .parabola, .parabolaScaled, .smoothed: return "mean inner score"
        case .logLoss: return "pooled inner log-loss, lower is better"
        case .classBalancedLogLoss: return "class-balanced inner log-loss, lower is better"
        case .brier: return "pooled inner Brier score, lower is better"
        case .pooled: return "pooled inner score"
        }
    }

    /// Whether the rule reads the inner folds' ``InnerFoldScore`` values rather than only their scores.
    public var needsInnerDetails: Bool {
        switch self {
        case .best, .oneStandardErrorLarger, .parabola, .parabolaScaled, .smoothed: return false
        case .logLoss, .classBalancedLogLoss, .brier, .pooled: return true
        }
    }

    /// The index of the chosen grid value, for the rules that read only the inner scores.
    ///
    /// - Precondition: ``needsInnerDetails`` is false.
    public func choose(grid: [Double], scores: [[Double]], innerFolds: Int) -> Int {
        precondition(!needsInnerDetails, "\(rawValue) reads the inner folds' probabilities")
        return choose(grid: grid, scores: scores, details: nil, averaged: nil, innerFolds: innerFolds)
    }

    /// The index of the chosen grid value.
    ///
    /// - Parameters:
    ///   - grid: the `C` values, ascending, evenly spaced in log₁₀ (only `parabola*` read the values).
    ///   - scores: `scores[c]`, the inner folds' scores at `grid[c]` (an empty list scores 0).
    ///   - details: `details[c]`, what each inner fold's held-out documents gave at `grid[c]` (an empty list scores
    ///     0, or the worst possible loss); `nil` when only the scores are known.
    ///   - averaged: the class indices whose mean F1 the scores are (`f_avg`), `nil` for macro-F1 (read by `pooled`).
    ///   - innerFolds: `k`, the number of inner folds.
    /// - Returns: an index into `grid`.
    /// - Precondition: `grid` is not empty, `scores` has one list per grid value, and so has `details` when the rule
    ///   ``needsInnerDetails``.
    public func choose(
        grid: [Double], scores: [[Double]], details: [[InnerFoldScore]]?, averaged: [Int]?, innerFolds: Int
    ) -> Int {
        precondition(!grid.isEmpty && grid.count == scores.count)
        precondition(!needsInnerDetails || details?.count == grid.count, "\(rawValue) needs the inner details")
        let means = scores.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) }
        let best = Self.firstMaximum(means)
        switch self {
        case .best:
            return best
        case .oneStandardErrorLarger:
            let values = scores[best]
            let n = Double(values.count)
            var spread = 0.0
            if values.count > 1 {
                let squares = values.reduce(0) { $0 + ($1 - means[best]) * ($1 - means[best]) }
                spread = (squares / (n - 1)).squareRoot() / n.squareRoot()
            }
            let threshold = means[best] - spread
            return (best..<grid.count).last { means[$0] >= threshold } ?? best
        case .parabola:
            return Self.peak(grid: grid, means: means, best: best).map { Self.nearest(grid: grid, log10C: $0) } ?? best
        case .parabolaScaled:
            let peak = Self.peak(grid: grid, means: means, best: best) ?? Foundation.log10(grid[best])
            let shift = Foundation.log10(Double(innerFolds) / Double(max(innerFolds - 1, 1)))
            return Self.nearest(grid: grid, log10C: peak + shift)
        case .smoothed:
            let smoothed = means.indices.map { c in
                var total = 2 * means[c]
                var weight = 2.0
                for neighbour in [c - 1, c + 1] where means.indices.contains(neighbour) {
                    total += means[neighbour]
                    weight += 1
                }
                return total / weight
            }
            return Self.firstMaximum(smoothed)
        case .logLoss, .classBalancedLogLoss, .brier:
            // Losses: the lowest wins (a grid value without inner documents loses at +infinity).
            return Self.firstMinimum(pooledCurve(details: details!, averaged: averaged)!)
        case .pooled:
            return Self.firstMaximum(pooledCurve(details: details!, averaged: averaged)!)
        }
    }

    /// The pooled figure of each grid value that a rule reading the inner details ranks (log-loss, Brier score or
    /// the pooled metric); `nil` for the rules that rank the mean inner scores.
    public func pooledCurve(details: [[InnerFoldScore]], averaged: [Int]?) -> [Double]? {
        let pooled = details.map { $0.isEmpty ? nil : InnerFoldScore.pooled($0) }
        switch self {
        case .best, .oneStandardErrorLarger, .parabola, .parabolaScaled, .smoothed: return nil
        case .logLoss: return pooled.map { $0?.logLoss ?? .infinity }
        case .classBalancedLogLoss: return pooled.map { $0?.classBalancedLogLoss ?? .infinity }
        case .brier: return pooled.map { $0?.brier ?? .infinity }
        case .pooled: return pooled.map { $0?.f1Score(averaged: averaged) ?? 0 }
        }
    }

    /// The first index of the smallest value.
    static func firstMinimum(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] < values[best] { best = index }
        return best
    }

    /// The first index of the largest value.
    static func firstMaximum(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// log₁₀ of the parabola's peak through the best point and its neighbours; `nil` at the grid's edge. A flat or
    /// upward-curving triple (all three equal) gives the best point itself.
    static func peak(grid: [Double], means: [Double], best: Int) -> Double? {
        guard best > 0, best < grid.count - 1 else { return nil }
        let x = Foundation.log10(grid[best])
        let step = x - Foundation.log10(grid[best - 1])
        let curvature = means[best - 1] - 2 * means[best] + means[best + 1]
        guard curvature < 0 else { return x }
        return x + step * (means[best - 1] - means[best + 1]) / (2 * curvature)
    }

    /// The index of the grid value nearest to `10^log10C` in log scale, the smaller on ties.
    static func nearest(grid: [Double], log10C: Double) -> Int {
        var nearest = 0
        for index in grid.indices
        where abs(Foundation.log10(grid[index]) - log10C) < abs(Foundation.log10(grid[nearest]) - log10C) {
            nearest = index
        }
        return nearest
    }
}
