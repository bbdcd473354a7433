import Foundation
import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

/// Adjusted classify-and-count (Forman 2008) on problems worked by hand.
@Suite struct QuantificationTests {
    static func rates(_ labels: [String], tpr: [Double], fpr: [Double]) -> ClassifierRates {
        ClassifierRates(labels: labels, truePositive: tpr, falsePositive: fpr, folds: 5, groupBy: nil, documents: 100)
    }

    /// Two classes, tpr_b = 0.9 and fpr_b = 0.2, hence tpr_a = 1 − 0.2 = 0.8 and fpr_a = 1 − 0.9 = 0.1.
    /// Raw shares (0.4, 0.6): b = (0.6 − 0.2) / 0.7 = 4/7, a = (0.4 − 0.1) / 0.7 = 3/7, adding up to 1 already.
    /// Raw (0.9, 0.1): b = (0.1 − 0.2) / 0.7 < 0 → 0; a = 0.8 / 0.7 > 1 → 1.
    @Test func twoClassesByHand() {
        let rates = Self.rates(["a", "b"], tpr: [0.8, 0.9], fpr: [0.1, 0.2])
        let adjusted = Quantification.adjustedShares([0.4, 0.6], rates: rates)
        #expect(adjusted[0].isApproximatelyEqual(to: 3.0 / 7, absoluteTolerance: 1e-15))
        #expect(adjusted[1].isApproximatelyEqual(to: 4.0 / 7, absoluteTolerance: 1e-15))
        #expect(Quantification.adjustedShares([0.9, 0.1], rates: rates) == [1, 0])
    }

    /// Three classes, tpr (0.8, 0.6, 0.5), fpr (0.1, 0.2, 0.25), raw (0.5, 0.3, 0.2):
    /// a = 0.4 / 0.7 = 4/7, b = 0.1 / 0.4 = 1/4, c = −0.05 / 0.25 → 0; their sum 23/28, so a = 16/23, b = 7/23, c = 0.
    @Test func threeClassesOneVersusRestThenRenormalised() {
        let rates = Self.rates(["a", "b", "c"], tpr: [0.8, 0.6, 0.5], fpr: [0.1, 0.2, 0.25])
        let adjusted = Quantification.adjustedShares([0.5, 0.3, 0.2], rates: rates)
        #expect(adjusted[0].isApproximatelyEqual(to: 16.0 / 23, absoluteTolerance: 1e-15))
        #expect(adjusted[1].isApproximatelyEqual(to: 7.0 / 23, absoluteTolerance: 1e-15))
        #expect(adjusted[2] == 0)
        // A class no better than chance (tpr ≤ fpr) keeps its raw share before the renormalisation:
        // a = 4/7, b raw 0.3, c = 0 → divided by 4/7 + 0.3 = 61/70: a = 40/61, b = 21/61.
        let chance = Self.rates(["a", "b", "c"], tpr: [0.8, 0.2, 0.5], fpr: [0.1, 0.2, 0.25])
        let kept = Quantification.adjustedShares([0.5, 0.3, 0.2], rates: chance)
        #expect(kept[0].isApproximatelyEqual(to: 40.0 / 61, absoluteTolerance: 1e-15))
        #expect(kept[1].isApproximatelyEqual(to: 21.0 / 61, absoluteTolerance: 1e-15))
    }

    /// Gold (a, a, a, b, b), predicted (a, b, a, b, a): tpr_a = 2/3, fpr_a = 1/2; tpr_b = 1/2, fpr_b = 1/3.
    @Test func ratesFromPredictionsByHand() {
        let rates = ClassifierRates.rates(
            labels: ["a", "b"], gold: [0, 0, 0, 1, 1], predicted: [0, 1, 0, 1, 0], folds: 2, groupBy: nil)
        #expect(rates.truePositive == [2.0 / 3, 0.5])
        #expect(rates.falsePositive == [0.5, 1.0 / 3])
        #expect(rates.documents == 5)
    }

    /// Ten articles of one outlet, six most probably b, with the two-class rates above: adjusted share of b 4/7,
    /// beside the raw 0.6, with a bootstrap interval around it; a second outlet of three articles gets no interval.
    @Test func aggregationAddsAdjustedSharesBesideTheRawOnes() throws {
        let rates = Self.rates(["a", "b"], tpr: [0.8, 0.9], fpr: [0.1, 0.2])
        var articles = (0..<10).map { i in
            ArticleScore(
                keys: ["source": "One"], probabilities: i < 6 ? [0.3, 0.7] : [0.6, 0.4], predicted: i < 6 ? "b" : "a",
                evidence: 0.5, duplicateKey: UInt64(i))
        }
        articles += (0..<3).map { i in
            ArticleScore(
                keys: ["source": "Two"], probabilities: [0.8, 0.2], predicted: "abstain", evidence: 0.1,
                duplicateKey: UInt64(100 + i))
        }
        let aggregation = try SourceAggregation(
            articles: articles, labels: ["a", "b"], groupBy: ["source"],
            settings: BootstrapSettings(replicates: 400, seed: 5), rates: .single(rates))
        let one = try #require(aggregation.rows.first { $0.key == ["One"] })
        #expect(one.predictedShare == [0.4, 0.6])
        let adjusted = try #require(one.adjustedShare)
        #expect(adjusted[1].isApproximatelyEqual(to: 4.0 / 7, absoluteTolerance: 1e-15))
        let intervals = try #require(one.adjustedIntervals)
        #expect(intervals[1].low < 4.0 / 7 && 4.0 / 7 < intervals[1].high)
        #expect(intervals.allSatisfy { 0 <= $0.low && $0.high <= 1 })
        // Abstentions still count by their most probable class: raw (1, 0) → adjusted (1, 0).
        let two = try #require(aggregation.rows.first { $0.key == ["Two"] })
        #expect(two.adjustedShare == [1, 0] && two.adjustedIntervals == nil)
        #expect(aggregation.table().contains("adjusted b"))
        #expect(aggregation.tsv().hasPrefix("source\tarticles\tduplicates_dropped\tmean_a\t"))
        #expect(aggregation.tsv().contains("\tadjusted_b\tadjusted_low_b\tadjusted_high_b\t"))
        // Without rates the output is as before.
        let plain = try SourceAggregation(
            articles: articles, labels: ["a", "b"], groupBy: ["source"],
            settings: BootstrapSettings(replicates: 400, seed: 5))
        #expect(!plain.table().contains("adjusted") && plain.rows.allSatisfy { $0.adjustedShare == nil })
        #expect(plain.rows.map(\.meanProbability) == aggregation.rows.map(\.meanProbability))
        #expect(plain.rows.map(\.intervals) == aggregation.rows.map(\.intervals))
    }

    /// A per-target model: target x has rates tpr (0.8, 0.9), fpr (0.1, 0.2) over (a, b); target y has its own
    /// three classes (a, b, c) with tpr (0.8, 0.6, 0.5), fpr (0.1, 0.2, 0.25). One outlet with ten articles on x
    /// (six most probably b: raw (0.4, 0.6) → (3/7, 4/7)) and ten on y (raw (0.5, 0.3, 0.2) → (16/23, 7/23, 0))
    /// has adjusted shares ½ · (3/7, 4/7, 0) + ½ · (16/23, 7/23, 0). An outlet with an article on a target without
    /// rates gets none, and its table cells stay aligned.
    @Test func perTargetRatesAdjustEachTargetAndWeightByArticles() throws {
        let x = Self.rates(["a", "b"], tpr: [0.8, 0.9], fpr: [0.1, 0.2])
        let y = Self.rates(["a", "b", "c"], tpr: [0.8, 0.6, 0.5], fpr: [0.1, 0.2, 0.25])
        var articles = (0..<10).map { i in
            ArticleScore(
                keys: ["source": "One"], probabilities: i < 6 ? [0.3, 0.7, 0] : [0.6, 0.4, 0],
                predicted: i < 6 ? "b" : "a", evidence: 1, duplicateKey: UInt64(i), target: "x")
        }
        articles += (0..<10).map { i in
            let row: [Double] = i < 5 ? [0.5, 0.3, 0.2] : i < 8 ? [0.2, 0.5, 0.3] : [0.2, 0.3, 0.5]
            return ArticleScore(
                keys: ["source": "One"], probabilities: row, predicted: "a", evidence: 1,
                duplicateKey: UInt64(20 + i), target: "y")
        }
        articles += (0..<6).map { i in
            ArticleScore(
                keys: ["source": "Two"], probabilities: [0.6, 0.4, 0], predicted: "a", evidence: 1,
                duplicateKey: UInt64(40 + i), target: i == 0 ? "z" : "x")
        }
        let aggregation = try SourceAggregation(
            articles: articles, labels: ["a", "b", "c"], groupBy: ["source"],
            settings: BootstrapSettings(replicates: 300, seed: 9), rates: .perTarget(["x": x, "y": y]))
        let one = try #require(aggregation.rows.first { $0.key == ["One"] })
        let adjusted = try #require(one.adjustedShare)
        let expected = [0.5 * 3 / 7 + 0.5 * 16 / 23, 0.5 * 4 / 7 + 0.5 * 7 / 23, 0]
        for c in 0..<3 { #expect(adjusted[c].isApproximatelyEqual(to: expected[c], absoluteTolerance: 1e-15)) }
        let intervals = try #require(one.adjustedIntervals)
        #expect(intervals[0].low < expected[0] && expected[0] < intervals[0].high)
        let two = try #require(aggregation.rows.first { $0.key == ["Two"] })
        #expect(two.adjustedShare == nil && two.adjustedIntervals == nil)
        let widths = Set(
            aggregation.tsv().split(separator: "\n").map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).count
            })
        #expect(widths.count == 1)
        #expect(aggregation.table().contains("- (no rates)"))
    }

    /// Training a per-target model stores each target's rates, measured on that target's documents only, and
    /// `Quantification.rates(of:)` returns them by target.
    @Test func perTargetTrainingStoresRatesPerTarget() throws {
        var documents: [Document] = []
        let words = ["good": "favor", "bad": "against"]
        for target in ["t1", "t2"] {
            for i in 0..<12 {
                for (word, label) in words.sorted(by: { $0.key < $1.key }) {
                    documents.append(
                        Document(
                            id: "\(target)-\(word)-\(i)", text: "\(word) news \(target) item \(i) \(word)",
                            label: label,
                            target: target))
                }
            }
        }
        let job = TrainingJob(
            data: [], corpus: CorpusOptions(), outletLabelling: nil, settings: TrainingSettings(perTarget: true),
            lexiconPaths: [], threads: 1, out: "/dev/null", rateFolds: 3)
        let model = try job.model(from: documents, warnings: WarningSink())
        let rates = try #require(Quantification.rates(of: model))
        guard case .perTarget(let byTarget) = rates else {
            Issue.record("expected per-target rates")
            return
        }
        #expect(byTarget.keys.sorted() == ["t1", "t2"])
        for target in ["t1", "t2"] {
            let r = try #require(byTarget[target])
            #expect(r.labels == ["against", "favor"] && r.documents == 24 && r.folds == 3)
            #expect(r.truePositive == [1, 1] && r.falsePositive == [0, 0])
        }
    }
}
