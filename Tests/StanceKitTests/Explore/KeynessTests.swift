import Foundation
import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct KeynessTests {
    func normalized(_ texts: [String]) throws -> [NormalizedText] {
        let normalizer = try TextNormalizer()
        return texts.map { normalizer.normalize($0) }
    }

    let unigrams = FeatureExtractor(configuration: FeatureConfiguration(wordNGrams: 1...1, charNGrams: nil))

    /// Side A "red red blue", side B "blue green", a third document "green green" in the prior only; α0 = 10.
    /// Word 1-grams: nA = 3, nB = 2; the whole corpus has red 2, blue 2, green 3 of n = 7, so α_red = 20/7.
    /// red: δ = ln((2 + 20/7)/(3 + 10 − 2 − 20/7)) − ln((20/7)/(2 + 10 − 20/7)) = ln(34/57) − ln(20/64)
    ///        = ln(2176/1140); σ² = 7/34 + 7/20.
    @Test func matchesEquation22ComputedByHand() throws {
        let texts = try normalized(["red red blue", "blue green", "green green"])
        let result = try Keyness(priorSize: 10, minCount: 0, top: nil).run(
            texts: texts, sides: [.a, .b, nil], outlets: [nil, nil, nil], periods: nil, extractor: unigrams)
        let byTerm = Dictionary(uniqueKeysWithValues: result.terms.map { ($0.term, $0) })
        let red = try #require(byTerm["red"])
        let delta = Double.log(2176.0 / 1140.0)
        #expect(red.delta.isApproximatelyEqual(to: delta, relativeTolerance: 1e-12))
        #expect(red.z.isApproximatelyEqual(to: delta / (7.0 / 34 + 7.0 / 20).squareRoot(), relativeTolerance: 1e-12))
        #expect(red.z.isApproximatelyEqual(to: 0.867062211371138, relativeTolerance: 1e-12))
        // green: α = 30/7; δ = ln((30/7)/(3 + 10 − 30/7)) − ln((1 + 30/7)/(2 + 10 − 1 − 30/7)) = ln(30/61) − ln(37/47).
        let green = try #require(byTerm["green"])
        let greenDelta = Double.log(30.0 / 61.0) - Double.log(37.0 / 47.0)
        #expect(green.delta.isApproximatelyEqual(to: greenDelta, relativeTolerance: 1e-12))
        #expect(
            green.z.isApproximatelyEqual(to: greenDelta / (7.0 / 30 + 7.0 / 37).squareRoot(), relativeTolerance: 1e-12))
        #expect(red.countA == 2 && red.countB == 0 && red.documentsA == 1)
        #expect(red.rateA.isApproximatelyEqual(to: 1000 * 2.0 / 3, relativeTolerance: 1e-12))
        // Ranked: A's side by z descending, then B's from the most negative.
        #expect(result.terms.map(\.term) == ["red", "green", "blue"])
    }

    @Test func eachKindAndLengthHasItsOwnPrior() throws {
        #expect(Keyness.orderKey("w:cold war") == "w2")
        #expect(Keyness.orderKey("c:共产党") == "c3")
        #expect(Keyness.orderKey("w:việt") == "w1")
        let texts = try normalized(["中共 中共 cold war", "中国 cold peace"])
        let result = try Keyness(priorSize: 5, minCount: 0, top: nil).run(
            texts: texts, sides: [.a, .b], outlets: [nil, nil], periods: nil,
            extractor: FeatureExtractor(configuration: FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...2)))
        // 中共 (c2) is on A's side twice, 中国 once on B's; the Han bigrams form one group of n = 3.
        let hanBigram = try #require(result.terms.first { $0.feature == "c:中共" })
        let alpha = 5.0 * 2 / 3
        let delta = Double.log((2 + alpha) / (2 + 5 - 2 - alpha)) - Double.log(alpha / (1 + 5 - alpha))
        #expect(hanBigram.delta.isApproximatelyEqual(to: delta, relativeTolerance: 1e-12))
    }

    @Test func stabilityAndOutletLimits() throws {
        let texts = try normalized(["alpha beta", "alpha gamma", "beta beta", "gamma alpha"])
        let result = try Keyness(priorSize: 10, minCount: 0, top: nil, stableOnly: true).run(
            texts: texts, sides: [.a, .a, .b, .b], outlets: ["X", "Y", "Z", "Z"],
            periods: ["2013", "2014", "2013", "2014"],
            extractor: unigrams)
        #expect(result.periods == ["2013", "2014"])
        // alpha leans to A in 2013 (1 vs 0) but not in 2014 (1 vs 1, z = 0): kept only without the filter.
        #expect(!result.terms.contains { $0.term == "alpha" })
        let all = try Keyness(priorSize: 10, minCount: 0, top: nil, stableOnly: false).run(
            texts: texts, sides: [.a, .a, .b, .b], outlets: ["X", "Y", "Z", "Z"],
            periods: ["2013", "2014", "2013", "2014"],
            extractor: unigrams)
        let alpha = try #require(all.terms.first { $0.term == "alpha" })
        #expect(!alpha.stable && alpha.z > 0 && alpha.periodZ[0] > 0 && alpha.periodZ[1] == 0)
        let outlets = try Keyness(priorSize: 10, minCount: 0, minGroups: 2, top: nil).run(
            texts: texts, sides: [.a, .a, .b, .b], outlets: ["X", "Y", "Z", "W"], periods: nil, extractor: unigrams)
        // No term is in two outlets on each side (alpha: X and Y on A's, only W on B's).
        #expect(outlets.terms.isEmpty)
        let one = try Keyness(priorSize: 10, minCount: 0, minGroups: 1, top: nil).run(
            texts: texts, sides: [.a, .a, .b, .b], outlets: ["X", "Y", "Z", "W"], periods: nil, extractor: unigrams)
        // gamma is even (1 vs 1, z = 0) and on neither side.
        #expect(one.terms.map(\.term) == ["alpha", "beta"])
        #expect(one.terms.first { $0.term == "alpha" }?.outletsA == 2)
    }

    @Test func emptySideIsAUsageError() throws {
        let texts = try normalized(["a b", "c d"])
        #expect(throws: KeynessError.emptySide("B")) {
            try Keyness().run(texts: texts, sides: [.a, nil], outlets: [nil, nil], periods: nil, extractor: unigrams)
        }
    }
}
