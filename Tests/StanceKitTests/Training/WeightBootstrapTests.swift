import Foundation
import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

/// `train --bootstrap N`: percentile intervals of the weights from refits on resampled documents or groups.
@Suite struct WeightBootstrapTests {
    static func lexiconOnly(C: Double) throws -> StanceTrainer {
        let lexicon = try StanceTrainer.loadLexicon(
            path: fixturePath("blame-lexicon.tsv"), normalization: TextNormalizer.Options())
        let settings = TrainingSettings(
            features: FeatureConfiguration(wordNGrams: nil, charNGrams: nil, useLexicons: true), C: C)
        return StanceTrainer(settings: settings, lexicon: lexicon)
    }

    static func bootstrapped(
        _ documents: [Document], replicates: Int = 200, groupBy: String? = nil, threads: ThreadBudget = .single,
        C: Double = 1
    ) throws -> StanceModel {
        let trainer = try lexiconOnly(C: C)
        let normalized = try StanceTrainer.normalize(documents, options: trainer.settings.normalization, threads: 1)
        var model = try trainer.train(documents, normalized: normalized)
        try WeightBootstrap(replicates: replicates, seed: 11, groupBy: groupBy, threads: threads)
            .run(&model, documents: documents, normalized: normalized)
        return model
    }

    static func blameSmall() throws -> [Document] {
        try CorpusReader.readAll(paths: [fixturePath("blame-small.jsonl")]).documents
    }

    /// Five replicate values 1…5 at 95%: h = 4 · 0.025 = 0.1 and 4 · 0.975 = 3.9, so the interval is
    /// [1 + 0.1 · (2 − 1), 4 + 0.9 · (5 − 4)] = [1.1, 4.9]; the second parameter, 10·(5 − b), gives [1, 39]
    /// from its sorted values 0, 10, 20, 30, 40: [0 + 0.1 · 10, 30 + 0.9 · 10].
    @Test func percentilesOfFixedReplicateValuesByHand() {
        let values: [[Double]] = [[3, 20], [1, 40], [5, 0], [2, 30], [4, 10]]
        let (lower, upper) = WeightBootstrap.percentiles(values, confidence: 0.95)
        #expect(lower[0].isApproximatelyEqual(to: 1.1, absoluteTolerance: 1e-12))
        #expect(upper[0].isApproximatelyEqual(to: 4.9, absoluteTolerance: 1e-12))
        #expect(lower[1].isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        #expect(upper[1].isApproximatelyEqual(to: 39, absoluteTolerance: 1e-12))
        // At 50%: h = 1 and 3, the second and fourth order statistics.
        let half = WeightBootstrap.percentiles(values, confidence: 0.5)
        #expect(half.lower == [2, 10] && half.upper == [4, 30])
    }

    @Test func intervalsContainTheEstimateAndAreTheSameAtAnyThreadCount() throws {
        let documents = try Self.blameSmall()
        let one = try Self.bootstrapped(documents, threads: 1)
        let two = try Self.bootstrapped(documents, threads: 2)
        #expect(try ModelFile.encode(one) == ModelFile.encode(two))
        let classifier = one.subModels[0].classifier
        let intervals = try #require(one.supplement.subModels[0].bootstrap)
        #expect(intervals.replicates == 200 && intervals.requested == 200 && intervals.groupBy == nil)
        for (j, weight) in classifier.weights.enumerated() {
            #expect(intervals.weightLower[j] <= intervals.weightUpper[j])
            // The feature that never fires stays at exactly 0 in every refit.
            if weight != 0 {
                #expect(intervals.weightLower[j] < weight && weight < intervals.weightUpper[j], "weight \(j)")
            }
        }
        #expect(intervals.interceptLower[0] < classifier.intercepts[0])
        #expect(classifier.intercepts[0] < intervals.interceptUpper[0])
    }

    @Test func intervalsShrinkWithTheNumberOfDocuments() throws {
        let documents = try Self.blameSmall()
        // The same documents four times over (new ids, so they are distinct documents).
        let larger = (0..<4).flatMap { copy in
            documents.map { document in
                var copied = document
                copied.id = "\(document.id)-\(copy)"
                return copied
            }
        }
        // The objective is ½‖w‖² + C · Σ loss: four copies of each document at C/4 have the same optimum, so the
        // estimate stays put and only the sampling variability changes (about as 1/√n: half as wide).
        let small = try Self.bootstrapped(documents, C: 100)
        let large = try Self.bootstrapped(larger, C: 25)
        let estimate = small.subModels[0].classifier.weights[0]
        #expect(large.subModels[0].classifier.weights[0].isApproximatelyEqual(to: estimate, relativeTolerance: 1e-5))
        let smallIntervals = try #require(small.supplement.subModels[0].bootstrap)
        let largeIntervals = try #require(large.supplement.subModels[0].bootstrap)
        let blame = 0  // lex:blame, the feature that separates the classes
        let smallWidth = smallIntervals.weightUpper[blame] - smallIntervals.weightLower[blame]
        let largeWidth = largeIntervals.weightUpper[blame] - largeIntervals.weightLower[blame]
        #expect(smallWidth > 0 && largeWidth > 0)
        #expect(largeWidth < 0.75 * smallWidth, "\(largeWidth) vs \(smallWidth)")
        #expect(
            largeIntervals.interceptUpper[0] - largeIntervals.interceptLower[0]
                < smallIntervals.interceptUpper[0] - smallIntervals.interceptLower[0])
    }

    @Test func groupResamplingMovesWholeOutletsAndKeepsEveryClass() throws {
        let labels = [0, 0, 1, 1, 0, 1, 1]
        let groups = [[0, 1], [2, 3], [4], [5, 6]]
        for b in 0..<50 {
            let rows = try #require(
                WeightBootstrap.rows(replicate: b, seed: 3, labels: labels, classCount: 2, groups: groups))
            // Four groups drawn: their members come whole and in order.
            var rest = rows[...]
            var drawn = 0
            while let first = rest.first {
                let group = try #require(groups.first { $0.first == first })
                #expect(Array(rest.prefix(group.count)) == group)
                rest = rest.dropFirst(group.count)
                drawn += 1
            }
            #expect(drawn == 4)
            #expect(Set(rows.map { labels[$0] }) == [0, 1])
        }
        // Within classes: each class keeps its size.
        let rows = try #require(
            WeightBootstrap.rows(replicate: 0, seed: 3, labels: labels, classCount: 2, groups: nil))
        #expect(rows.filter { labels[$0] == 0 }.count == 3 && rows.filter { labels[$0] == 1 }.count == 4)
    }

    @Test func groupedBootstrapIsStoredInTheModelFile() throws {
        let documents = try Self.blameSmall()
        let grouped = try Self.bootstrapped(documents, groupBy: "source")
        let intervals = try #require(grouped.supplement.subModels[0].bootstrap)
        #expect(intervals.groupBy == "source")
        // Round trip through the file.
        let decoded = try ModelFile.decode(try ModelFile.encode(grouped), path: "m.stance")
        #expect(decoded.supplement == grouped.supplement)
        #expect(decoded.formatVersion == 2)
    }
}
