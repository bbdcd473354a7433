import Foundation
import Testing

@testable import StanceKit

/// A corpus counted once gives, for any subset of its texts, the vocabulary and rows of fitting on that subset.
@Suite struct CountedCorpusTests {
    private let lexicon = Lexicon(
        entries: [
            Lexicon.Entry(concept: "ccp_naming", term: "中共"),
            Lexicon.Entry(concept: "ccp_naming", term: "ccp"),
            Lexicon.Entry(concept: "prc_naming", term: "中华人民共和国"),
            Lexicon.Entry(concept: "hegemony", term: "bá quyền"),
        ],
        contrasts: [Lexicon.Contrast(first: "ccp_naming", second: "prc_naming")])

    /// Short texts in the four languages, normalised as the trainer does (Traditional converted to Simplified).
    private func texts() throws -> [NormalizedText] {
        let sentences = [
            "中共说中共和中华人民共和国", "圖書館下架一批政治評論書籍，學者批評", "the ccp said the so-called order",
            "nothing here, nothing at all", "Mỹ theo đuổi bá quyền, báo chí nói", "中华人民共和国外交部",
            "ccp ccp 中共 hegemony", "Chính phủ Việt Nam và Trung Quốc", "Cold War mentality, said the ministry",
        ]
        let normalizer = try TextNormalizer(options: TextNormalizer.Options())
        return (0..<120).map { index in
            normalizer.normalize(sentences[index % 9] + " " + sentences[(index * 7 + 3) % 9] + " \(index % 4)")
        }
    }

    private func expectSame(
        _ got: (vocabulary: FittedVocabulary, matrix: SparseMatrix),
        _ expected: (vocabulary: FittedVocabulary, matrix: SparseMatrix)
    ) {
        #expect(got.vocabulary == expected.vocabulary)
        #expect(got.matrix.columnCount == expected.matrix.columnCount)
        #expect(got.matrix.rowOffsets == expected.matrix.rowOffsets)
        #expect(got.matrix.columnIndices == expected.matrix.columnIndices)
        #expect(got.matrix.values.map(\.bitPattern) == expected.matrix.values.map(\.bitPattern))
    }

    @Test(arguments: [
        FeatureConfiguration(),
        FeatureConfiguration(minDF: 3, maxDF: 0.5),
        FeatureConfiguration(wordNGrams: 1...3, charNGrams: 2...3, charWB: 2...4, minDF: 2, maxFeatures: 40),
    ])
    func subsetsMatchFittingOnTheSubset(configuration: FeatureConfiguration) throws {
        let texts = try texts()
        let extractor = FeatureExtractor(configuration: configuration, lexicon: lexicon)
        // Training folds of a 5-fold split, a shuffled subset, and all texts; the corpus counted on 1 and 3 threads.
        let subsets =
            (0..<5).map { fold in texts.indices.filter { $0 % 5 != fold } }
            + [(0..<60).map { ($0 * 37) % 120 }, Array(texts.indices)]
        for countingThreads in [1, 3] {
            let corpus = try extractor.countCorpus(texts, threads: ThreadBudget(requested: countingThreads)!)
            for rows in subsets {
                let expected = try extractor.fitTransform(rows.map { texts[$0] }, threads: 1)
                for threads in [1, 2] {
                    expectSame(corpus.fitTransform(rows, threads: ThreadBudget(requested: threads)!), expected)
                }
            }
        }
    }

    /// The held-out texts' rows built from their counts under a training fold's fit are the rows that the fitted
    /// vocabulary's `transform` builds by tokenising them again, bit for bit (cross-validation scores with them).
    @Test(arguments: [
        FeatureConfiguration(),
        FeatureConfiguration(wordNGrams: 1...3, charNGrams: 2...3, charWB: 2...4, minDF: 2, maxFeatures: 40),
    ])
    func heldOutRowsFromCountsMatchTransform(configuration: FeatureConfiguration) throws {
        let texts = try texts()
        let extractor = FeatureExtractor(configuration: configuration, lexicon: lexicon)
        let corpus = try extractor.countCorpus(texts, threads: 2)
        for fold in 0..<5 {
            let training = texts.indices.filter { $0 % 5 != fold }
            let heldOut = texts.indices.filter { $0 % 5 == fold }.reversed().map { $0 }
            let fit = corpus.fit(training, threads: 2)
            let expected = fit.vocabulary.transform(heldOut.map { texts[$0] }, threads: 1)
            for threads in [1, 2] {
                expectSame(
                    (fit.vocabulary, corpus.matrix(heldOut, under: fit, threads: ThreadBudget(requested: threads)!)),
                    (fit.vocabulary, expected))
            }
            #expect(expected.values.contains { $0 != 0 })
        }
    }

    /// The vocabulary comes from the given rows only: an n-gram of the left-out texts alone is not a column, and
    /// document frequencies (so idf) count the given rows only.
    @Test func heldOutTextsDoNotReachTheVocabulary() throws {
        let normalizer = try TextNormalizer(options: TextNormalizer.Options())
        let texts = ["alpha beta", "alpha gamma", "alpha beta", "zulu only here"].map { normalizer.normalize($0) }
        let configuration = FeatureConfiguration(wordNGrams: 1...1, charNGrams: 1...1, useLexicons: false)
        let corpus = try FeatureExtractor(configuration: configuration).countCorpus(texts, threads: 2)
        let (vocabulary, matrix) = corpus.fitTransform([0, 1, 2])
        #expect(vocabulary.terms == ["w:alpha", "w:beta", "w:gamma"])
        #expect(vocabulary.documentCount == 3)
        // idf = ln((1 + n) / (1 + df)) + 1: alpha in 3 of 3, beta in 2, gamma in 1.
        #expect(vocabulary.idf == [1, 1 + log(4.0 / 3), 1 + log(2.0)])
        #expect(matrix.rowCount == 3)
        #expect(matrix.row(2).map(\.0) == [0, 1])
    }
}
