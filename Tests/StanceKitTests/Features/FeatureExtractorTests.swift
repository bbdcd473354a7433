import Foundation
import StanceKit
import Testing

@Suite struct FeatureExtractorTests {
    private let lexicon = Lexicon(
        entries: [
            Lexicon.Entry(concept: "ccp_naming", term: "中共"),
            Lexicon.Entry(concept: "ccp_naming", term: "ccp"),
            Lexicon.Entry(concept: "prc_naming", term: "中华人民共和国"),
        ],
        contrasts: [Lexicon.Contrast(first: "ccp_naming", second: "prc_naming")])

    private let lexiconColumns = [
        "contrast:ccp_naming/prc_naming", "lex:ccp_naming", "lex:ccp_naming@quoted", "lex:prc_naming",
        "lex:prc_naming@quoted", "lex:rate:ccp_naming", "lex:rate:prc_naming",
    ]

    private func fitted(_ texts: [NormalizedText]) throws -> (FittedVocabulary, SparseMatrix) {
        let configuration = FeatureConfiguration(wordNGrams: 1...1, charNGrams: 1...1)
        return try FeatureExtractor(configuration: configuration, lexicon: lexicon).fitTransform(texts)
    }

    /// The lexicon values of row `row` by column name.
    private func lexiconValues(_ vocabulary: FittedVocabulary, _ matrix: SparseMatrix, row: Int) -> [String: Double] {
        let names = vocabulary.columnNames
        var result: [String: Double] = [:]
        for (column, value) in matrix.row(row) where Int(column) >= vocabulary.terms.count {
            result[names[Int(column)]] = value
        }
        return result
    }

    @Test func lexiconBlockFollowsTheNGramBlock() throws {
        let (vocabulary, matrix) = try fitted([featureTestText("中共", .zhHans)])
        #expect(vocabulary.terms == ["c:中", "c:共"])
        #expect(vocabulary.columnNames == vocabulary.terms + lexiconColumns)
        #expect(matrix.columnCount == 2 + 7)
        #expect(
            vocabulary.blocks == [
                FittedVocabulary.Block(name: "ngram", columns: 0..<2),
                FittedVocabulary.Block(name: "lexicon", columns: 2..<9),
            ])
        #expect(vocabulary.column(named: "lex:rate:ccp_naming") == 7)
    }

    /// "中共说中共和中华人民共和国": 13 tokens, ccp named twice and prc once, all in the own voice.
    @Test func lexiconValuesByHand() throws {
        let (vocabulary, matrix) = try fitted([featureTestText("中共说中共和中华人民共和国", .zhHans)])
        let values = lexiconValues(vocabulary, matrix, row: 0)
        let expected: [String: Double] = [
            "lex:ccp_naming": log(3.0), "lex:prc_naming": log(2.0),
            "lex:rate:ccp_naming": 1000.0 * 2 / 13 / 10, "lex:rate:prc_naming": 1000.0 * 1 / 13 / 10,
            "contrast:ccp_naming/prc_naming": 2.0 / 3.0 - 0.5,
        ]
        #expect(values.keys.sorted() == expected.keys.sorted())
        for (name, value) in expected {
            #expect(values[name]?.isApproximatelyEqualForFeatures(to: value) == true, "\(name)")
        }
        // The n-gram block alone has unit length.
        let ngram = Array(matrix.row(0)).filter { Int($0.0) < vocabulary.terms.count }
        #expect(ngram.reduce(0) { $0 + $1.1 * $1.1 }.isApproximatelyEqualForFeatures(to: 1))
    }

    @Test func quotedHitsAndContrasts() throws {
        let text = "the ccp said \"ccp\" and"
        let start = featureTestRange(of: "\"ccp\"", in: text).lowerBound + 1
        let quoted = start..<(start + 3)
        let texts = [
            featureTestText(text, .en, quoted: [quoted]),
            featureTestText("nothing here", .en),
            featureTestText("中华人民共和国", .zhHans),
        ]
        let (vocabulary, matrix) = try fitted(texts)
        let first = lexiconValues(vocabulary, matrix, row: 0)
        #expect(first["lex:ccp_naming"]?.isApproximatelyEqualForFeatures(to: log(2.0)) == true)
        #expect(first["lex:ccp_naming@quoted"]?.isApproximatelyEqualForFeatures(to: log(2.0)) == true)
        #expect(first["lex:rate:ccp_naming"]?.isApproximatelyEqualForFeatures(to: 1000.0 * 2 / 5 / 10) == true)
        #expect(first["contrast:ccp_naming/prc_naming"] == 0.5)
        // Neither concept named: the centred contrast 0.5 − 0.5 = 0 is not stored.
        #expect(lexiconValues(vocabulary, matrix, row: 1).isEmpty)
        #expect(lexiconValues(vocabulary, matrix, row: 2)["contrast:ccp_naming/prc_naming"] == -0.5)
    }

    @Test func lexiconBlockCanBeSwitchedOff() throws {
        let configuration = FeatureConfiguration(wordNGrams: 1...1, charNGrams: 1...1, useLexicons: false)
        let (vocabulary, matrix) = try FeatureExtractor(configuration: configuration, lexicon: lexicon)
            .fitTransform([featureTestText("中共", .zhHans)])
        #expect(vocabulary.lexicon == nil && matrix.columnCount == 2)
        #expect(vocabulary.blocks.count == 1)
    }

    /// With a lexicon block, the one-pass `fitTransform` equals `fit` + `transform` bit for bit at 1 and 3 threads.
    @Test func fitTransformWithLexiconMatchesFitThenTransform() throws {
        let sentences = ["中共说中共和中华人民共和国", "the ccp said", "nothing here", "中华人民共和国", "ccp ccp 中共"]
        let texts = (0..<150).map { index in
            featureTestText(sentences[index % 5] + " " + sentences[(index * 7) % 5], index % 2 == 0 ? .zhHans : .en)
        }
        let extractor = FeatureExtractor(configuration: FeatureConfiguration(minDF: 2), lexicon: lexicon)
        let reference = try extractor.referenceVocabulary(texts)
        let expected = reference.transform(texts, threads: 1)
        for threads in [1, 3] {
            let (vocabulary, matrix) = try extractor.fitTransform(texts, threads: ThreadBudget(requested: threads)!)
            #expect(vocabulary == reference)
            #expect(matrix.rowOffsets == expected.rowOffsets)
            #expect(matrix.columnIndices == expected.columnIndices)
            #expect(matrix.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
        }
        // The lexicon block is exercised: some rows have entries in it.
        let lexiconRows = (0..<expected.rowCount).filter { row in
            expected.row(row).contains { Int($0.0) >= reference.terms.count }
        }
        #expect(!lexiconRows.isEmpty)
    }

    @Test func vocabularyWithLexiconSurvivesTheModelFile() throws {
        let texts = [featureTestText("中共说中共和中华人民共和国", .zhHans), featureTestText("the ccp", .en)]
        let (vocabulary, matrix) = try fitted(texts)
        let restored = try throughModelFile(vocabulary).vocabulary
        #expect(restored == vocabulary)
        #expect(restored.transform(texts, threads: 2) == matrix)
    }
}
