import Foundation
import Testing

@testable import StanceKit

/// The rules of ``CSelectionRule`` on score tables small enough to work out by hand.
@Suite struct CSelectionRuleTests {
    /// Five grid values one decade apart; three inner folds each. Means .52 .62 .70 .68 .66; the best is C 1 (index
    /// 2), whose scores .66 .70 .74 have sd .04, so one standard error is .04/√3 = .0231 and the band starts at .6769.
    static let grid: [Double] = [0.01, 0.1, 1, 10, 100]
    static let scores: [[Double]] = [
        [0.50, 0.52, 0.54], [0.60, 0.62, 0.64], [0.66, 0.70, 0.74], [0.66, 0.68, 0.70], [0.62, 0.66, 0.70],
    ]

    @Test func bestTakesTheHighestMean() {
        #expect(CSelectionRule.best.choose(grid: Self.grid, scores: Self.scores, innerFolds: 3) == 2)
    }

    @Test func oneStandardErrorTakesTheLargestCInsideTheBand() {
        // .68 ≥ .6769 is inside; .66 is not.
        #expect(CSelectionRule.oneStandardErrorLarger.choose(grid: Self.grid, scores: Self.scores, innerFolds: 3) == 3)
        // A wider spread at the best (.60 .70 .80: one SE .0577, band from .6423) takes in C 100 too.
        var wide = Self.scores
        wide[2] = [0.60, 0.70, 0.80]
        #expect(CSelectionRule.oneStandardErrorLarger.choose(grid: Self.grid, scores: wide, innerFolds: 3) == 4)
        // Never below the best: a smaller C inside the band is not taken.
        var flatBelow = Self.scores
        flatBelow[1] = [0.69, 0.70, 0.70]
        flatBelow[3] = [0.60, 0.60, 0.60]
        flatBelow[4] = [0.60, 0.60, 0.60]
        #expect(CSelectionRule.oneStandardErrorLarger.choose(grid: Self.grid, scores: flatBelow, innerFolds: 3) == 2)
    }

    @Test func parabolaRoundsItsPeakToTheGrid() {
        // Through (−1, .62), (0, .70), (1, .68): curvature .62 − 1.40 + .68 = −.10, peak at (.62 − .68)/(2·(−.10))
        // = 0.3 decades above C 1, nearest to C 1.
        let means = Self.scores.map { $0.reduce(0, +) / 3 }
        let peak = CSelectionRule.peak(grid: Self.grid, means: means, best: 2)
        #expect(abs((peak ?? 0) - 0.3) < 1e-9)
        #expect(CSelectionRule.parabola.choose(grid: Self.grid, scores: Self.scores, innerFolds: 3) == 2)
        // Scaled by k/(k−1): 3 inner folds move it by log10 1.5 = 0.176 (0.476: still C 1), 2 by log10 2 = 0.301
        // (0.601: C 10).
        #expect(CSelectionRule.parabolaScaled.choose(grid: Self.grid, scores: Self.scores, innerFolds: 3) == 2)
        #expect(CSelectionRule.parabolaScaled.choose(grid: Self.grid, scores: Self.scores, innerFolds: 2) == 3)
        // At the grid's edge the best stands.
        let rising: [[Double]] = [[0.1], [0.2], [0.3], [0.4], [0.5]]
        #expect(CSelectionRule.parabola.choose(grid: Self.grid, scores: rising, innerFolds: 3) == 4)
    }

    @Test func smoothingWeighsTheNeighbours() {
        // (.62 + 1.40 + .68)/4 = .675 at C 1 against (.70 + 1.36 + .66)/4 = .68 at C 10; the ends (2·.52 + .62)/3
        // and (.68 + 2·.66)/3 = .667.
        #expect(CSelectionRule.smoothed.choose(grid: Self.grid, scores: Self.scores, innerFolds: 3) == 3)
    }

    @Test func namesAreTheScriptsNames() {
        #expect(
            CSelectionRule.allCases.map(\.rawValue) == [
                "best", "1se-larger", "parabola", "parabola-scaled", "smoothed", "log-loss", "log-loss-balanced",
                "brier", "pooled",
            ])
        #expect(CSelectionRule(rawValue: "1se-larger") == .oneStandardErrorLarger)
        // The default since round two: the metric of the inner folds' pooled predictions.
        #expect(CSelectionRule.standard == .pooled && CSelectionRule(rawValue: "pooled") == .pooled)
    }
}
