import Foundation
import StanceKit
import Testing
import _StanceTestSupport

@Suite struct VocabularyTests {
    private let wordsOnly = FeatureConfiguration(wordNGrams: 1...1, charNGrams: nil)
    private let colours = ["red blue", "red green green", "blue"].map { featureTestText($0) }

    private func fit(_ configuration: FeatureConfiguration, _ texts: [NormalizedText]) throws -> FittedVocabulary {
        try FeatureExtractor(configuration: configuration).referenceVocabulary(texts)
    }

    /// Expected values from scikit-learn 1.9 `TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+")` on the same
    /// three documents, and by hand: idf(red) = ln(4/3) + 1, idf(green) = ln(4/2) + 1; in "red green green" the
    /// weights are idf(red)·1 and idf(green)·(1 + ln 2) before L2 normalisation.
    @Test func tfidfMatchesHandComputation() throws {
        let (vocabulary, matrix) = try FeatureExtractor(configuration: wordsOnly).fitTransform(colours)
        #expect(vocabulary.terms == ["w:blue", "w:green", "w:red"])
        #expect(vocabulary.idf == [1.2876820724517808, 1.6931471805599454, 1.2876820724517808])
        #expect(vocabulary.documentCount == 3)
        let red = log(4.0 / 3.0) + 1
        let green = (log(2.0) + 1) * (1 + log(2.0))
        let norm = (red * red + green * green).squareRoot()
        let row1 = Array(matrix.row(1))
        #expect(row1.map(\.0) == [1, 2])
        #expect(row1[0].1.isApproximatelyEqualForFeatures(to: green / norm))
        #expect(row1[1].1.isApproximatelyEqualForFeatures(to: red / norm))
        #expect(row1[0].1.isApproximatelyEqualForFeatures(to: 0.9122016295971542))
        #expect(row1[1].1.isApproximatelyEqualForFeatures(to: 0.4097416099937816))
        #expect(Array(matrix.row(0)).map(\.0) == [0, 2])
        #expect(Array(matrix.row(0)).allSatisfy { $0.1.isApproximatelyEqualForFeatures(to: 0.5.squareRoot()) })
        #expect(Array(matrix.row(2)).map(\.0) == [0] && Array(matrix.row(2)).map(\.1) == [1])
    }

    @Test func rawTermFrequencyWithoutSublinear() throws {
        var configuration = wordsOnly
        configuration.sublinearTF = false
        let (_, matrix) = try FeatureExtractor(configuration: configuration).fitTransform(colours)
        let red = log(4.0 / 3.0) + 1
        let green = (log(2.0) + 1) * 2
        let norm = (red * red + green * green).squareRoot()
        #expect(Array(matrix.row(1)).map(\.1)[0].isApproximatelyEqualForFeatures(to: green / norm))
    }

    @Test func documentFrequencyLimits() throws {
        var configuration = wordsOnly
        configuration.minDF = 2
        #expect(try fit(configuration, colours).terms == ["w:blue", "w:red"])
        configuration.minDF = 1
        configuration.maxDF = 0.5  // at most 1.5 of 3 documents
        #expect(try fit(configuration, colours).terms == ["w:green"])
        configuration.maxDF = 1
        // red, blue and green each occur twice in all: ties go to the smaller bytes.
        configuration.maxFeatures = 1
        #expect(try fit(configuration, colours).terms == ["w:blue"])
        configuration.maxFeatures = 2
        #expect(try fit(configuration, colours).terms == ["w:blue", "w:green"])
        // The most frequent term wins over the order of bytes.
        let skewed = ["zebra zebra zebra apple", "apple mango"].map { featureTestText($0) }
        configuration.maxFeatures = 1
        #expect(try fit(configuration, skewed).terms == ["w:zebra"])
    }

    @Test func invalidConfigurationIsRejected() {
        #expect(throws: FeatureError.self) { try fit(FeatureConfiguration(minDF: 0), colours) }
        #expect(throws: FeatureError.self) { try fit(FeatureConfiguration(maxDF: 0), colours) }
        #expect(throws: FeatureError.self) { try fit(FeatureConfiguration(wordNGrams: 0...2), colours) }
    }

    @Test func transformUsesOnlyTheFittedVocabulary() throws {
        let vocabulary = try fit(wordsOnly, colours)
        let matrix = vocabulary.transform([featureTestText("purple yellow"), featureTestText("purple red red")])
        #expect(matrix.rowCount == 2 && matrix.columnCount == 3)
        #expect(Array(matrix.row(0)).isEmpty)
        #expect(Array(matrix.row(1)).map(\.0) == [2] && Array(matrix.row(1)).map(\.1) == [1])
        #expect(vocabulary.column(named: "w:red") == 2 && vocabulary.column(named: "w:purple") == nil)
        #expect(vocabulary.blocks == [FittedVocabulary.Block(name: "ngram", columns: 0..<3)])
    }

    /// A corpus of random English, Chinese and Vietnamese sentences, large enough for several chunks.
    private func randomCorpus(count: Int, seed: UInt64) -> [NormalizedText] {
        var generator = SeededGenerator(seed: seed)
        let english = ["the", "cold", "war", "china", "ccp", "beijing's", "trade", "talks", "1,000", "#hk"]
        let vietnamese = ["trung", "quốc", "đảng", "cộng", "sản", "và"]
        let han = Array("中国共产党美国台湾香港北京政府人民")
        return (0..<count).map { _ in
            var parts: [String] = []
            for _ in 0..<Int.random(in: 1...30, using: &generator) {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<4: parts.append(english.randomElement(using: &generator)!)
                case 4..<6: parts.append(vietnamese.randomElement(using: &generator)!)
                case 6..<9:
                    parts.append(
                        String(
                            (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                                han.randomElement(using: &generator)!
                            }))
                default: parts.append(".")
                }
            }
            return featureTestText(parts.joined(separator: " "), .other)
        }
    }

    @Test func identicalBitsAtOneAndTwoThreads() throws {
        let texts = randomCorpus(count: 300, seed: 7)
        let extractor = FeatureExtractor(
            configuration: FeatureConfiguration(charWB: 2...4, minDF: 2, maxDF: 0.9, maxFeatures: 500))
        let (one, matrixOne) = try extractor.fitTransform(texts, threads: 1)
        let (two, matrixTwo) = try extractor.fitTransform(texts, threads: 2)
        #expect(one == two)
        #expect(one.terms.count == 500)
        #expect(matrixOne.rowOffsets == matrixTwo.rowOffsets)
        #expect(matrixOne.columnIndices == matrixTwo.columnIndices)
        #expect(matrixOne.values.map(\.bitPattern) == matrixTwo.values.map(\.bitPattern))
        #expect(one.transform(texts, threads: 3).values.map(\.bitPattern) == matrixOne.values.map(\.bitPattern))
    }

    /// The one-pass `fitTransform` gives what `fit` followed by `transform` gives, bit for bit, at every thread
    /// count (its blocks depend on the thread count, its output must not).
    @Test(arguments: [1, 2, 3, 8])
    func fitTransformMatchesFitThenTransform(threads: Int) throws {
        let texts = randomCorpus(count: 257, seed: 5)
        for configuration in [
            FeatureConfiguration(minDF: 3),
            FeatureConfiguration(charWB: 2...4, minDF: 2, maxDF: 0.5, maxFeatures: 300, sublinearTF: false),
            // Lengths that start above 1: the shorter n-grams are steps of the chain but must not become columns.
            FeatureConfiguration(wordNGrams: 2...3, charNGrams: 2...3, charWB: 4...6),
            FeatureConfiguration(wordNGrams: 1...4, charNGrams: nil, charWB: 7...9, maxFeatures: 200),
            FeatureConfiguration(wordNGrams: nil, charNGrams: 3...3, minDF: 2),
        ] {
            let extractor = FeatureExtractor(configuration: configuration)
            let reference = try extractor.referenceVocabulary(texts)
            let expected = reference.transform(texts, threads: 1)
            let (vocabulary, matrix) = try extractor.fitTransform(texts, threads: ThreadBudget(requested: threads)!)
            #expect(vocabulary == reference)
            #expect(matrix.columnCount == expected.columnCount)
            #expect(matrix.rowOffsets == expected.rowOffsets)
            #expect(matrix.columnIndices == expected.columnIndices)
            #expect(matrix.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
        }
    }

    /// Rows built a few at a time from the counted texts equal the rows of the whole matrix, across block borders
    /// and with a lexicon block.
    @Test(arguments: [1, 3])
    func rowsOnDemandMatchTheMatrix(threads: Int) throws {
        let texts = randomCorpus(count: 150, seed: 13)
        let lexicon = Lexicon(entries: [
            .init(concept: "party", term: "ccp"), .init(concept: "party", term: "中国共产党"),
            .init(concept: "war", term: "cold war"),
        ])
        let extractor = FeatureExtractor(configuration: FeatureConfiguration(charWB: 2...3, minDF: 2), lexicon: lexicon)
        let counted = try extractor.countTexts(texts, threads: ThreadBudget(requested: threads)!)
        let matrix = counted.matrix(threads: ThreadBudget(requested: threads)!)
        #expect(matrix.columnCount > counted.vocabulary.terms.count)
        for range in [0..<150, 0..<1, 37..<101, 149..<150, 60..<60] {
            let part = counted.rows(range)
            #expect(part.rowCount == range.count && part.columnCount == matrix.columnCount)
            for (index, row) in range.enumerated() {
                #expect(Array(part.row(index)).map(\.0) == Array(matrix.row(row)).map(\.0))
                #expect(Array(part.row(index)).map(\.1.bitPattern) == Array(matrix.row(row)).map(\.1.bitPattern))
            }
        }
    }

    /// Two texts on eight threads (empty blocks) and no texts at all. By hand for "red blue", "red green green":
    /// idf(blue) = idf(green) = ln(3/2) + 1, idf(red) = ln(3/3) + 1 = 1; row 0 holds blue and red.
    @Test func fitTransformWithMoreThreadsThanTexts() throws {
        let extractor = FeatureExtractor(configuration: wordsOnly)
        let (vocabulary, matrix) = try extractor.fitTransform(Array(colours.prefix(2)), threads: 8)
        #expect(vocabulary.terms == ["w:blue", "w:green", "w:red"])
        #expect(matrix.rowOffsets == [0, 2, 4])
        #expect(matrix.columnIndices == [0, 2, 1, 2])
        let blue = Foundation.log(1.5) + 1
        let norm = (blue * blue + 1).squareRoot()
        #expect(matrix.values[0].isApproximatelyEqualForFeatures(to: blue / norm))
        #expect(matrix.values[1].isApproximatelyEqualForFeatures(to: 1 / norm))
        let (empty, emptyMatrix) = try extractor.fitTransform([], threads: 4)
        #expect(empty.terms.isEmpty)
        #expect(emptyMatrix.rowCount == 0 && emptyMatrix.columnCount == 0)
    }

    /// Terms that agree in their first 16 bytes are still ordered by all their bytes.
    @Test func longTermsWithACommonPrefixAreInByteOrder() throws {
        let texts = [
            "internationalization internationalisation international internationalisations", "internationalis",
        ].map { featureTestText($0) }
        let (vocabulary, _) = try FeatureExtractor(configuration: wordsOnly).fitTransform(texts, threads: 2)
        #expect(
            vocabulary.terms == [
                "w:international", "w:internationalis", "w:internationalisation", "w:internationalisations",
                "w:internationalization",
            ])
    }

    @Test func everyNonEmptyRowHasUnitNorm() throws {
        let texts = randomCorpus(count: 100, seed: 11)
        let (_, matrix) = try FeatureExtractor(configuration: FeatureConfiguration(charWB: 2...3)).fitTransform(texts)
        for row in 0..<matrix.rowCount {
            let entries = Array(matrix.row(row))
            if entries.isEmpty { continue }
            let norm = entries.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            #expect(norm.isApproximatelyEqualForFeatures(to: 1))
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.0 < $1.0 })
        }
    }

    @Test func columnsAreInCodePointOrder() throws {
        let vocabulary = try fit(FeatureConfiguration(charWB: 2...3), randomCorpus(count: 50, seed: 3))
        let bytes = vocabulary.terms.map { Array($0.utf8) }
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.0.lexicographicallyPrecedes($0.1) })
        #expect(vocabulary.terms.contains("c:中国") || vocabulary.terms.contains("c:中"))
    }

    @Test func modelFileRoundTripRestoresTheSameFeatures() throws {
        let texts = randomCorpus(count: 80, seed: 5)
        let vocabulary = try fit(FeatureConfiguration(), texts)
        let restored = try throughModelFile(vocabulary).vocabulary
        #expect(restored == vocabulary)
        #expect(restored.transform(texts) == vocabulary.transform(texts))
        let rebuilt = try FittedVocabulary(
            configuration: vocabulary.configuration, terms: vocabulary.terms, idf: vocabulary.idf,
            documentCount: vocabulary.documentCount, lexicon: nil)
        #expect(rebuilt == vocabulary)
    }

    @Test func inconsistentPartsAreRejected() {
        #expect(throws: FeatureError.self) {
            try FittedVocabulary(
                configuration: FeatureConfiguration(), terms: ["w:a", "w:b"], idf: [1], documentCount: 1, lexicon: nil)
        }
        #expect(throws: FeatureError.self) {
            try FittedVocabulary(
                configuration: FeatureConfiguration(), terms: ["w:b", "w:a"], idf: [1, 1], documentCount: 1,
                lexicon: nil)
        }
        #expect(throws: FeatureError.self) {
            try FittedVocabulary(
                configuration: FeatureConfiguration(), terms: ["w:a"], idf: [0.5], documentCount: 1, lexicon: nil)
        }
    }
}

extension Double {
    /// Relative and absolute tolerance 1e-12, for feature values computed in a different order.
    func isApproximatelyEqualForFeatures(to other: Double) -> Bool {
        abs(self - other) <= 1e-12 * max(1, abs(self), abs(other))
    }
}
