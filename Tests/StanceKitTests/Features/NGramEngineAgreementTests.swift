import Testing
import _StanceTestSupport

@testable import StanceKit

/// The two n-gram engines (``NGramGenerator``, used by `fit`, `transform` and `nGramCounts`, and
/// ``NGramBlockCounter``, used by `fitTransform`, the counted corpus of cross-validation and the export path) and
/// every column chooser built on them agree bit for bit, on random texts mixing Simplified and Traditional Chinese,
/// English and Vietnamese.
@Suite struct NGramEngineAgreementTests {
    /// Small vocabularies written for this test: words of each script, mixed runs, punctuation, quotes, digits, URLs
    /// and line breaks, so that runs of words and of Han characters start and stop in every way the tokeniser knows.
    private static let pieces: [[String]] = [
        // Simplified Chinese.
        ["中共", "中国", "政府", "外交部", "发言人", "批评", "美国", "霸权", "冷战思维", "所谓", "人民", "台湾", "说"],
        // Traditional Chinese.
        ["中國", "政府", "圖書館", "學者", "評論", "書籍", "臺灣", "國際", "當局", "認為", "對於", "經濟"],
        // English.
        ["the", "ccp", "said", "so-called", "cold", "war", "ministry", "Beijing", "Taiwan's", "policy", "a", "of"],
        // Vietnamese (precomposed, and one word with its marks as combining characters).
        ["Trung", "Quốc", "bá", "quyền", "Mỹ", "chính", "phủ", "báo", "nói", "Việt", "Nam", "Vie\u{323}\u{302}t"],
        // Mixed runs, digits, URLs, a supplementary-plane Han character.
        ["CCP病毒", "G20峰会", "2024年", "3.5%", "https://example.org/a?b=1", "www.example.com", "COVID-19", "𠮷野家"],
        // Punctuation, quotes and breaks.
        [",", ".", "!", "?", ";", ":", "，", "。", "、", "「", "」", "“", "”", "\"", "'", "(", ")", "《", "》", "\n", "—"],
    ]

    /// A random text of up to 40 pieces; pieces are joined by a space, by nothing, or by a line break.
    private static func randomText(_ random: inout SeededGenerator) -> String {
        var text = ""
        for _ in 0..<random.nextIndex(below: 41) {
            // Words more often than punctuation.
            let group = random.nextIndex(below: 9)
            let vocabulary = pieces[group < 6 ? group % 5 : 5]
            text += vocabulary[random.nextIndex(below: vocabulary.count)]
            switch random.nextIndex(below: 8) {
            case 0, 1: break
            case 2: text += "\n"
            default: text += " "
            }
        }
        return text
    }

    /// `count` random texts for `seed`, normalised with or without the conversion of Traditional to Simplified (so
    /// that Traditional characters reach the engines too); some texts repeat so that document frequencies pass 1.
    private static func randomTexts(seed: UInt64, count: Int) throws -> [NormalizedText] {
        var random = SeededGenerator(seed: seed)
        let normalizer = try (seed % 2 == 0 ? converting : keepingTraditional).get()
        var texts: [String] = []
        for _ in 0..<count {
            texts.append(
                !texts.isEmpty && random.nextIndex(below: 6) == 0
                    ? texts[random.nextIndex(below: texts.count)] : randomText(&random))
        }
        return texts.map { normalizer.normalize($0) }
    }

    /// The normalisers, built once: building one loads the conversion tables.
    private static let converting = Result { try TextNormalizer(options: TextNormalizer.Options()) }
    private static let keepingTraditional = Result {
        try TextNormalizer(options: TextNormalizer.Options(convertTraditional: false))
    }

    private static let lexicon = Lexicon(
        entries: [
            Lexicon.Entry(concept: "ccp_naming", term: "中共"),
            Lexicon.Entry(concept: "ccp_naming", term: "ccp"),
            Lexicon.Entry(concept: "prc_naming", term: "中国"),
            Lexicon.Entry(concept: "hegemony", term: "bá quyền"),
        ],
        contrasts: [Lexicon.Contrast(first: "ccp_naming", second: "prc_naming")])

    static let configurations = [
        FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...3, charWB: nil, minDF: 1),
        FeatureConfiguration(wordNGrams: 1...3, charNGrams: 1...3, charWB: nil, minDF: 2),
        FeatureConfiguration(wordNGrams: nil, charNGrams: nil, charWB: 2...5, minDF: 1),
        FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...3, charWB: 2...5, minDF: 2, maxFeatures: 60),
        FeatureConfiguration(wordNGrams: 1...3, charNGrams: nil, charWB: nil, minDF: 1, maxFeatures: 15),
        // Lengths that start above 1 (shorter n-grams are only steps), a max-df limit and no lexicon block.
        FeatureConfiguration(
            wordNGrams: 2...2, charNGrams: 2...3, charWB: 4...5, minDF: 1, maxDF: 0.4, maxFeatures: 30,
            useLexicons: false),
    ]

    private static let seeds: [UInt64] = Array(1...12)

    /// The n-grams and counts of each document by ``NGramBlockCounter``, named as the columns are.
    private static func blockCounts(
        _ texts: [NormalizedText], _ configuration: FeatureConfiguration
    ) -> [[String: Int]] {
        var counter = NGramBlockCounter(configuration)
        counter.count(texts, texts.indices)
        let block = counter.finish()
        let names = NGramNames(words: block.words, keys: block.nodes!.nodes().keys)
        var name: [UInt8] = []
        var symbols: [UInt32] = []
        return block.documents.map { entries in
            var counts: [String: Int] = [:]
            for entry in entries {
                names.name(of: Int(entry >> 32), into: &name, symbols: &symbols)
                let key = String(decoding: name, as: UTF8.self)
                #expect(counts[key] == nil, "\(key) listed twice in one document")
                counts[key] = Int(entry & 0xFFFF_FFFF)
            }
            return counts
        }
    }

    /// (a) Per document, both engines produce the same n-grams with the same counts.
    @Test(arguments: configurations)
    func enginesCountTheSameNGrams(configuration: FeatureConfiguration) throws {
        let extractor = FeatureExtractor(configuration: configuration)
        var nGrams = 0
        for seed in Self.seeds {
            let texts = try Self.randomTexts(seed: seed, count: 30)
            let counted = Self.blockCounts(texts, configuration)
            #expect(counted.count == texts.count)
            for (text, blockCounts) in zip(texts, counted) {
                let generated = extractor.nGramCounts(in: text)
                #expect(blockCounts == generated, "seed \(seed): \(text.text.debugDescription)")
                nGrams += generated.count
            }
        }
        // The texts do yield n-grams of the configured kinds.
        #expect(nGrams > 500)
    }

    private static func expectSame(
        _ got: SparseMatrix, _ expected: SparseMatrix, _ path: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(got.columnCount == expected.columnCount, "\(path)", sourceLocation: sourceLocation)
        #expect(got.rowOffsets == expected.rowOffsets, "\(path)", sourceLocation: sourceLocation)
        #expect(got.columnIndices == expected.columnIndices, "\(path)", sourceLocation: sourceLocation)
        #expect(
            got.values.map(\.bitPattern) == expected.values.map(\.bitPattern), "\(path)", sourceLocation: sourceLocation
        )
    }

    /// (b) The columns and matrices of `fit` + `transform`, `fitTransform`, the counted corpus (whole corpus,
    /// training folds and held-out rows) and the export path (`countTexts` read a few rows at a time) are identical,
    /// at 1 and 2 threads.
    @Test(arguments: configurations)
    func everyPathChoosesTheSameColumnsAndRows(configuration: FeatureConfiguration) throws {
        let extractor = FeatureExtractor(configuration: configuration, lexicon: Self.lexicon)
        var columns = 0
        for seed in Self.seeds.prefix(4) {
            let texts = try Self.randomTexts(seed: seed, count: 40)
            let vocabulary = try extractor.referenceVocabulary(texts)
            let expected = vocabulary.transform(texts, threads: .single)
            columns += vocabulary.terms.count
            // The training folds of a 4-fold split, and their held-out rows (in reverse order).
            let folds = (0..<4).map { fold in
                (
                    training: texts.indices.filter { $0 % 4 != fold },
                    heldOut: Array(texts.indices.filter { $0 % 4 == fold }.reversed())
                )
            }
            let foldVocabularies = try folds.map { try extractor.referenceVocabulary($0.training.map { texts[$0] }) }
            for threads in [ThreadBudget.single, ThreadBudget(requested: 2)!] {
                let label = "seed \(seed), \(threads.count) threads"
                #expect(try extractor.referenceVocabulary(texts) == vocabulary, "\(label)")
                Self.expectSame(vocabulary.transform(texts, threads: threads), expected, "transform, \(label)")

                let together = try extractor.fitTransform(texts, threads: threads)
                #expect(together.vocabulary == vocabulary, "fitTransform, \(label)")
                Self.expectSame(together.matrix, expected, "fitTransform, \(label)")

                // The export path: the whole matrix, and rows a few at a time.
                let counted = try extractor.countTexts(texts, threads: threads)
                #expect(counted.vocabulary == vocabulary, "countTexts, \(label)")
                Self.expectSame(counted.matrix(threads: threads), expected, "countTexts matrix, \(label)")
                var chunked = SparseMatrix(columnCount: vocabulary.columnCount)
                var start = 0
                while start < texts.count {
                    let end = min(texts.count, start + 1 + (start * 7 + Int(seed)) % 9)
                    chunked.appendRows(of: counted.rows(start..<end))
                    start = end
                }
                Self.expectSame(chunked, expected, "countTexts rows, \(label)")

                // The counted corpus of cross-validation.
                let corpus = try extractor.countCorpus(texts, threads: threads)
                let whole = corpus.fitTransform(Array(texts.indices), threads: threads)
                #expect(whole.vocabulary == vocabulary, "countCorpus, \(label)")
                Self.expectSame(whole.matrix, expected, "countCorpus, \(label)")
                for (fold, (training, heldOut)) in folds.enumerated() {
                    let foldLabel = "fold \(fold), \(label)"
                    let fit = corpus.fit(training, threads: threads)
                    #expect(fit.vocabulary == foldVocabularies[fold], "countCorpus fit, \(foldLabel)")
                    Self.expectSame(
                        corpus.matrix(training, under: fit, threads: threads),
                        foldVocabularies[fold].transform(training.map { texts[$0] }, threads: .single),
                        "countCorpus training rows, \(foldLabel)")
                    Self.expectSame(
                        corpus.matrix(heldOut, under: fit, threads: threads),
                        foldVocabularies[fold].transform(heldOut.map { texts[$0] }, threads: .single),
                        "countCorpus held-out rows, \(foldLabel)")
                }
            }
        }
        // Some columns are chosen, and max-features binds where it is set.
        #expect(columns > 0)
        if let maxFeatures = configuration.maxFeatures { #expect(columns <= 4 * maxFeatures) }
    }
}
