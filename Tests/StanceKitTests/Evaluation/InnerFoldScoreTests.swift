import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// ``InnerFoldScore`` against values worked by hand, the rules that read it on tables small enough to check by hand,
/// and the C trace's version 2 members (version 1 files still read).
@Suite struct InnerFoldScoreTests {
    /// Three documents, two classes: gold 0 at (.8, .2), gold 1 at (.4, .6) and gold 1 at (.9, .1).
    static let sample = InnerFoldScore(
        gold: [0, 1, 1], probabilities: [[0.8, 0.2], [0.4, 0.6], [0.9, 0.1]], classCount: 2)

    @Test func logLossAndBrierAreTheHandValues() {
        let score = Self.sample
        // Predicted 0, 1, 0: one of each gold class right.
        #expect(score.confusion == [[1, 0], [1, 1]])
        #expect(score.classCounts == [1, 2])
        // −ln .8 = .2231436; −ln .6 − ln .1 = .5108256 + 2.3025851 = 2.8134107.
        #expect(abs(score.logLossSums[0] - 0.22314355131420976) < 1e-12)
        #expect(abs(score.logLossSums[1] - 2.8134107167600364) < 1e-12)
        // (.8 − 1)² + .2² = .08; (.4² + .4²) + (.9² + .9²) = .32 + 1.62 = 1.94.
        #expect(abs(score.brierSums[0] - 0.08) < 1e-12 && abs(score.brierSums[1] - 1.94) < 1e-12)
        #expect(abs(score.logLoss - 3.036554268074246 / 3) < 1e-12)
        #expect(abs(score.brier - 2.02 / 3) < 1e-12)
        // Each class's mean, then their mean: (.2231436 + 2.8134107/2) / 2 = .8149245.
        #expect(abs(score.classBalancedLogLoss - (0.22314355131420976 + 2.8134107167600364 / 2) / 2) < 1e-12)
        // F1 of class 0: 2·1/(2 + 1) = 2/3; of class 1: 2·1/(1 + 2) = 2/3.
        #expect(abs(score.f1Score(averaged: nil) - 2.0 / 3) < 1e-12)
        #expect(abs(score.f1Score(averaged: [1]) - 2.0 / 3) < 1e-12)
    }

    @Test func theFloorAndTiesAreTheMetricsOnes() throws {
        // A probability 0 on the gold class costs −ln 1e−15 = 34.5388; a tie predicts the lower index.
        let score = InnerFoldScore(gold: [1, 0], probabilities: [[1, 0], [0.5, 0.5]], classCount: 2)
        #expect(abs(score.logLossSums[1] - 34.538776394910684) < 1e-9)
        #expect(score.confusion == [[1, 0], [1, 0]])
        let metrics = try ClassificationMetrics(
            gold: [1, 0], probabilities: [[1, 0], [0.5, 0.5]], labels: ["a", "b"])
        #expect(abs(score.logLoss - metrics.logLoss) < 1e-12 && abs(score.brier - metrics.brier) < 1e-12)
        #expect(score.confusion == metrics.confusion)
    }

    @Test func pooledSumsEveryMember() {
        let other = InnerFoldScore(gold: [0], probabilities: [[0.5, 0.5]], classCount: 2)
        let pooled = InnerFoldScore.pooled([Self.sample, other])
        #expect(pooled.confusion == [[2, 0], [1, 1]])
        #expect(abs(pooled.logLossSums[0] - (0.22314355131420976 + 0.6931471805599453)) < 1e-12)
        #expect(abs(pooled.brierSums[0] - (0.08 + 0.5)) < 1e-12)
    }

    /// Two classes, nine documents of class 0 and one of class 1 in two inner folds (4 + 1 and 5 + 0), three grid
    /// values. Log-loss sums per class (class 0, class 1), pooled over the folds: C 0.1 (.9, 2.0), C 1 (1.8, .5),
    /// C 10 (.2, 1.5); Brier sums: (.5, .5), (1.0, .5), (.9, .3).
    static func probabilityTable() -> [[InnerFoldScore]] {
        func fold(_ counts: [Int], _ logLoss: [Double], _ brier: [Double]) -> InnerFoldScore {
            InnerFoldScore(confusion: [[counts[0], 0], [counts[1], 0]], logLossSums: logLoss, brierSums: brier)
        }
        return [
            [fold([4, 1], [0.4, 2.0], [0.2, 0.5]), fold([5, 0], [0.5, 0], [0.3, 0])],
            [fold([4, 1], [0.8, 0.5], [0.4, 0.5]), fold([5, 0], [1.0, 0], [0.6, 0])],
            [fold([4, 1], [0.1, 1.5], [0.4, 0.3]), fold([5, 0], [0.1, 0], [0.5, 0])],
        ]
    }

    @Test func probabilityRulesTakeTheLowestPooledLoss() {
        let grid = [0.1, 1, 10]
        let details = Self.probabilityTable()
        let scores = [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]
        func choice(_ rule: CSelectionRule, _ details: [[InnerFoldScore]]) -> Int {
            rule.choose(grid: grid, scores: scores, details: details, averaged: nil, innerFolds: 2)
        }
        // Pooled log-loss 2.9/10, 2.3/10, 1.7/10: C 10.
        #expect(choice(.logLoss, details) == 2)
        // Per class: (.9/9 + 2.0/1)/2 = 1.05, (.2 + .5)/2 = .35, (.0222 + 1.5)/2 = .761: C 1.
        #expect(choice(.classBalancedLogLoss, details) == 1)
        // Pooled Brier 1.0/10, 1.5/10, 1.2/10: C 0.1.
        #expect(choice(.brier, details) == 0)
        // A tie goes to the smaller C: C 10's Brier made 1.0/10 as well.
        var tied = details
        tied[2][1].brierSums = [0.3, 0]
        #expect(choice(.brier, tied) == 0)
        tied[0][1].brierSums = [0.4, 0]
        #expect(choice(.brier, tied) == 2)
    }

    @Test func pooledRuleScoresTheSummedConfusion() throws {
        // Fold A holds 2 documents, fold B 20. Per-fold macro-F1 (mean): C 0.1 1.0 and .5 (.75), C 1 .3333 and .7
        // (.5167), C 10 .3333 and .5 (.4167), so `best` takes C 0.1. Summed: C 0.1 [[6,5],[5,6]] F1 12/22 twice
        // = .5455; C 1 [[8,3],[4,7]] F1 16/23 = .6957 and 14/21 = .6667, .6812; C 10 [[5,6],[5,6]] 10/21 and 12/23,
        // .4990: `pooled` takes C 1.
        func fold(_ confusion: [[Int]]) -> InnerFoldScore {
            InnerFoldScore(confusion: confusion, logLossSums: [0, 0], brierSums: [0, 0])
        }
        let details = [
            [fold([[1, 0], [0, 1]]), fold([[5, 5], [5, 5]])],
            [fold([[1, 0], [1, 0]]), fold([[7, 3], [3, 7]])],
            [fold([[0, 1], [0, 1]]), fold([[5, 5], [5, 5]])],
        ]
        let scores = details.map { $0.map { $0.f1Score(averaged: nil) } }
        #expect(abs(scores[1][0] - 1.0 / 3) < 1e-12 && abs(scores[1][1] - 0.7) < 1e-12)
        let grid = [0.1, 1, 10]
        #expect(CSelectionRule.best.choose(grid: grid, scores: scores, innerFolds: 2) == 0)
        #expect(
            CSelectionRule.pooled.choose(grid: grid, scores: scores, details: details, averaged: nil, innerFolds: 2)
                == 1)
        #expect(abs(InnerFoldScore.pooled(details[1]).f1Score(averaged: nil) - (16.0 / 23 + 14.0 / 21) / 2) < 1e-12)
        // Averaged over class 0 alone (f_avg of one label): .5455, .6957, .4762: still C 1.
        #expect(
            CSelectionRule.pooled.choose(grid: grid, scores: scores, details: details, averaged: [0], innerFolds: 2)
                == 1)
        #expect(CSelectionRule.pooled.needsInnerDetails && !CSelectionRule.best.needsInnerDetails)
        // The curve a progress line shows is the one the rule ranked.
        let curve = try #require(CSelectionRule.pooled.pooledCurve(details: details, averaged: nil))
        #expect(abs(curve[0] - 12.0 / 22) < 1e-12 && abs(curve[2] - (10.0 / 21 + 12.0 / 23) / 2) < 1e-12)
        #expect(CSelectionRule.best.pooledCurve(details: details, averaged: nil) == nil)
        let losses = try #require(CSelectionRule.logLoss.pooledCurve(details: Self.probabilityTable(), averaged: nil))
        #expect(zip(losses, [0.29, 0.23, 0.17]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    static func fold(details: [[InnerFoldScore]]?) -> CTrace.Fold {
        CTrace.Fold(
            repetition: 0, fold: 1, grid: [0.1, 1, 10], innerScores: [[0.5, 0.25], [0.75, 0.5], [0.125, 1]],
            innerDetails: details, chosen: 1, trainingDocuments: 10, documents: [2, 0],
            predicted: [[0, 1], [1, 1], [1, 0]], runPredicted: [1, 1])
    }

    @Test func traceVersion2RoundTrips() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let trace = CTrace(
            metric: "macro_f1", labels: ["chống", "支持"], averagedLabels: nil, innerFolds: 2, groupBy: "source",
            gold: [0, 1, 1], folds: [Self.fold(details: Self.probabilityTable())])
        let path = directory.path + "/trace.json"
        try trace.write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""version":2"#) || text.contains(#""version": 2"#))
        #expect(text.contains("inner_log_loss_sums") && text.contains("inner_brier_sums"))
        let read = try CTrace(contentsOfFile: path)
        #expect(read == trace)
        #expect(read.folds[0].innerDetails?[1][0].logLossSums == [0.8, 0.5])
    }

    @Test func traceVersion1StillReads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let version1 = """
            {"format": "stance-c-trace", "version": 1, "metric": "f_avg", "labels": ["AGAINST", "FAVOR", "NONE"],
             "averaged_labels": ["AGAINST", "FAVOR"], "inner_folds": 2, "group_by": null, "gold": [0, 2],
             "folds": [{"repeat": 0, "fold": 0, "grid": [1, 10], "inner_scores": [[0.5, 0.75], [0.25, 0.5]],
                        "chosen": 1, "training_documents": 4, "documents": [1, 0], "predicted": [[2, 0], [1, 0]],
                        "run_predicted": [2, 0]}]}
            """
        let path = try directory.write("v1.json", version1)
        let read = try CTrace(contentsOfFile: path)
        #expect(read.metric == "f_avg" && read.averagedLabels == ["AGAINST", "FAVOR"] && read.gold == [0, 2])
        #expect(read.folds.count == 1 && read.folds[0].innerDetails == nil)
        #expect(
            read.folds[0].innerScores == [[0.5, 0.75], [0.25, 0.5]] && read.folds[0].predicted == [[2, 0], [1, 0]])
        // The same file claiming version 2 lacks the inner details and is refused, naming the file and fold.
        let claimed = try directory.write(
            "v2.json", version1.replacingOccurrences(of: #""version": 1"#, with: #""version": 2"#))
        #expect(
            throws: EvaluationError.invalidTrace(
                file: claimed, reason: "fold 1: no inner_confusion, inner_log_loss_sums or inner_brier_sums")
        ) { try CTrace(contentsOfFile: claimed) }
        let newer = try directory.write(
            "v3.json", version1.replacingOccurrences(of: #""version": 1"#, with: #""version": 3"#))
        #expect(
            throws: EvaluationError.invalidTrace(
                file: newer, reason: "version 3 is newer than this build reads (2)")
        ) { try CTrace(contentsOfFile: newer) }
    }
}
