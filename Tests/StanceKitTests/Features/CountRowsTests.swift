import Testing
import _StanceTestSupport

@testable import StanceKit

/// The count and binary rows of an export (`CountedTexts.rows(_:weight:)`, written straight into arrays sized for the
/// chunk) hold each text's own n-gram counts, for chunks that start, end and cross anywhere in the blocks.
@Suite struct CountRowsTests {
    static func texts() throws -> [NormalizedText] {
        let pieces = [
            "The river rose and the river fell.", "上游新建的水壩，中共說中共。", "Hòa bình hôm nay, hòa bình mãi.",
            "上游新建的水坝", "Cold war, cold words.", "",
        ]
        let normalizer = try TextNormalizer()
        return (0..<150).map { index in
            normalizer.normalize(pieces[index % pieces.count] + " w\(index % 13) \(pieces[(index * 7) % pieces.count])")
        }
    }

    @Test(arguments: [1, 2, 3])
    func countRowsHoldEachTextsCounts(threads: Int) throws {
        let texts = try Self.texts()
        let extractor = FeatureExtractor(
            configuration: FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...2, minDF: 2))
        let counted = try extractor.countTexts(texts, threads: ThreadBudget(requested: threads)!)
        let terms = counted.vocabulary.terms
        #expect(terms.count > 20)
        for chunk in [0..<150, 0..<1, 37..<101, 149..<150, 60..<60] {
            let counts = counted.rows(chunk, weight: .count)
            let binary = counted.rows(chunk, weight: .binary)
            let tfidf = counted.rows(chunk)
            #expect(counts.rowCount == chunk.count)
            #expect(counts.rowOffsets == tfidf.rowOffsets)
            #expect(counts.columnIndices == tfidf.columnIndices)
            #expect(binary.columnIndices == tfidf.columnIndices)
            #expect(binary.values.allSatisfy { $0 == 1 })
            for (row, text) in zip(0..<chunk.count, texts[chunk]) {
                // The text's own counts of the kept n-grams, from the extractor's name-by-name path.
                let expected = extractor.nGramCounts(in: text).compactMap { name, count -> [Int: Double]? in
                    guard let column = terms.firstIndex(of: name) else { return nil }
                    return [column: Double(count)]
                }.reduce(into: [Int: Double]()) { $0.merge($1) { a, _ in a } }
                var found: [Int: Double] = [:]
                for (column, value) in counts.row(row) { found[Int(column)] = value }
                #expect(found == expected)
            }
        }
    }
}
