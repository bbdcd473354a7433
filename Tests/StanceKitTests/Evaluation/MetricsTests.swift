import Foundation
import StanceKit
import Testing

/// A hand-worked case shared by the metric, expectation and report tests.
///
/// Labels AGAINST (0), FAVOR (1), NONE (2); six documents:
///
/// | doc | gold | p(AGAINST, FAVOR, NONE) | predicted | top p |
/// | --- | --- | --- | --- | --- |
/// | 0 | AGAINST | .7 .2 .1 | AGAINST ✓ | .7 |
/// | 1 | AGAINST | .3 .6 .1 | FAVOR ✗ | .6 |
/// | 2 | FAVOR | .1 .8 .1 | FAVOR ✓ | .8 |
/// | 3 | FAVOR | .2 .5 .3 | FAVOR ✓ | .5 |
/// | 4 | NONE | .5 .1 .4 | AGAINST ✗ | .5 |
/// | 5 | NONE | .1 .1 .8 | NONE ✓ | .8 |
enum HandCase {
    static let labels = ["AGAINST", "FAVOR", "NONE"]
    static let gold = [0, 0, 1, 1, 2, 2]
    static let probabilities: [[Double]] = [
        [0.7, 0.2, 0.1], [0.3, 0.6, 0.1], [0.1, 0.8, 0.1], [0.2, 0.5, 0.3], [0.5, 0.1, 0.4], [0.1, 0.1, 0.8],
    ]
    static let targets = ["iPhone SE", "iPhone SE", "iPhone SE", "中国", "中国", "中国"]

    static func metrics() throws -> ClassificationMetrics {
        try ClassificationMetrics(
            gold: gold, probabilities: probabilities, labels: labels, averagedLabels: ["AGAINST", "FAVOR"])
    }
}

@Suite struct MetricsTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

    @Test func confusionAccuracyAndPerClass() throws {
        let m = try HandCase.metrics()
        // Rows gold, columns predicted.
        #expect(m.confusion == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
        // 4 of 6 correct (docs 0, 2, 3, 5).
        #expect(close(m.accuracy, 4.0 / 6.0))
        // AGAINST: TP 1, predicted 2 (docs 0, 4), support 2 → P = R = F1 = 1/2.
        #expect(m.perClass[0] == ClassMetrics(precision: 0.5, recall: 0.5, f1: 0.5, support: 2))
        // FAVOR: TP 2, predicted 3 (docs 1, 2, 3), support 2 → P = 2/3, R = 1, F1 = 2·2/(3+2) = 0.8.
        #expect(close(m.perClass[1].precision, 2.0 / 3.0))
        #expect(m.perClass[1].recall == 1)
        #expect(close(m.perClass[1].f1, 0.8))
        // NONE: TP 1, predicted 1, support 2 → P = 1, R = 1/2, F1 = 2·1/(1+2) = 2/3.
        #expect(m.perClass[2].precision == 1)
        #expect(m.perClass[2].recall == 0.5)
        #expect(close(m.perClass[2].f1, 2.0 / 3.0))
        // macro-F1 = (0.5 + 0.8 + 2/3) / 3 = 0.655…
        #expect(close(m.macroF1, (0.5 + 0.8 + 2.0 / 3.0) / 3))
        // F_avg over AGAINST and FAVOR = (0.5 + 0.8) / 2 = 0.65.
        #expect(close(try #require(m.fAvg), 0.65))
        #expect(m.documentCount == 6)
    }

    @Test func probabilisticScores() throws {
        let m = try HandCase.metrics()
        // log-loss = −(ln .7 + ln .3 + ln .8 + ln .5 + ln .4 + ln .8) / 6
        //          = (0.356675 + 1.203973 + 0.223144 + 0.693147 + 0.916291 + 0.223144) / 6 = 3.616374 / 6.
        #expect(close(m.logLoss, 0.602_729, 1e-6))
        // Brier per doc: .09+.04+.01 = .14; .49+.36+.01 = .86; .01+.04+.01 = .06; .04+.25+.09 = .38;
        // .25+.01+.36 = .62; .01+.01+.04 = .06 → 2.12 / 6.
        #expect(close(m.brier, 2.12 / 6))
        // ECE, bins (b/15, (b+1)/15]: .5 → bin 7 with docs 3 ✓ and 4 ✗ (acc .5, conf .5: 0);
        // .6 → bin 8, doc 1 ✗: |0 − .6|·1/6 = .1; .7 → bin 10, doc 0 ✓: |1 − .7|·1/6 = .05;
        // .8 → bin 11, docs 2 ✓ 5 ✓: |1 − .8|·2/6 = .0667. Sum 0.21667.
        #expect(close(m.ece, 0.1 + 0.05 + 0.2 / 3, 1e-12))
        #expect(m.reliability.count == 15)
        #expect(m.reliability[7].count == 2)
        #expect(m.reliability[11].count == 2)
        #expect(m.reliability.map(\.count).reduce(0, +) == 6)
    }

    @Test func expectedCalibrationErrorHandCase() throws {
        // Four documents at top probability .9 (bin 13), three right: |.75 − .9| = .15, weight 4/6;
        // two at .55 (bin 8), none right: |0 − .55| = .55, weight 2/6. ECE = .1 + .18333 = .28333.
        let probabilities: [[Double]] = [
            [0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.55, 0.45], [0.45, 0.55],
        ]
        let gold = [0, 0, 0, 1, 1, 0]
        let m = try ClassificationMetrics(gold: gold, probabilities: probabilities, labels: ["a", "b"])
        #expect(close(m.ece, 4.0 / 6.0 * 0.15 + 2.0 / 6.0 * 0.55, 1e-12))
        #expect(m.reliability[13].count == 4)
        #expect(close(m.reliability[13].accuracy, 0.75))
        #expect(m.reliability[8].count == 2)
        #expect(m.fAvg == nil)
    }

    @Test func zeroDivisionIsZero() throws {
        // Class "c" is neither gold nor predicted: precision, recall and F1 are 0 and count in macro-F1.
        let m = try ClassificationMetrics(
            gold: [0, 1], probabilities: [[0.9, 0.1, 0], [0.2, 0.8, 0]], labels: ["a", "b", "c"])
        #expect(m.perClass[2] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 0))
        #expect(close(m.macroF1, 2.0 / 3.0))
        // A probability of 0 for the gold class is clipped at 1e−15: log-loss = −ln(1e−15) / 1.
        let clipped = try ClassificationMetrics(gold: [1], probabilities: [[1, 0]], labels: ["a", "b"])
        #expect(close(clipped.logLoss, -log(1e-15), 1e-9))
        #expect(clipped.brier == 2)
    }

    @Test func perTargetMetrics() throws {
        let targets = try metricsPerTarget(
            gold: HandCase.gold, probabilities: HandCase.probabilities, labels: HandCase.labels,
            targets: HandCase.targets, averagedLabels: ["AGAINST", "FAVOR"])
        #expect(targets.map(\.target) == ["iPhone SE", "中国"])
        // iPhone SE: docs 0 ✓, 1 ✗, 2 ✓; 中国: docs 3 ✓, 4 ✗, 5 ✓.
        #expect(abs(targets[0].metrics.accuracy - 2.0 / 3.0) < 1e-12)
        #expect(targets[1].metrics.confusion == [[0, 0, 0], [0, 1, 0], [1, 0, 1]])
        #expect(targets[0].metrics.documentCount == 3)
    }

    @Test func encodesLabelsInCodePointOrder() {
        let encoded = encodeLabels(["反对", "NONE", "FAVOR", "中立", "NONE"])
        // "F" U+0046 < "N" U+004E < "中" U+4E2D < "反" U+53CD.
        #expect(encoded.names == ["FAVOR", "NONE", "中立", "反对"])
        #expect(encoded.indices == [3, 1, 0, 2, 1])
        #expect(codePointPrecedes("Z", "a"))
        #expect(!codePointPrecedes("ab", "a"))
    }

    @Test func rejectsInconsistentInput() {
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics(gold: [0], probabilities: [[0.5, 0.5]], labels: ["a", "a"])
        }
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics(gold: [0], probabilities: [[Double.nan, 0.5]], labels: ["a", "b"])
        }
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics(
                gold: [0], probabilities: [[0.5, 0.5]], labels: ["a", "b"], averagedLabels: ["x"])
        }
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics(gold: [2], probabilities: [[0.5, 0.5]], labels: ["a", "b"])
        }
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics(gold: [0, 1], probabilities: [[0.5, 0.5]], labels: ["a", "b"])
        }
    }
}
