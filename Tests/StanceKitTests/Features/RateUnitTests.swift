import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// Lexicon rates per word-equivalent: the same content in Chinese, English and Vietnamese
/// (`Tests/Fixtures/parallel-news.jsonl`, written by the project) gets comparable lengths and rates.
@Suite struct RateUnitTests {
    func paragraphs() throws -> [String: NormalizedText] {
        let normalizer = try TextNormalizer(options: .init())
        let text = try String(contentsOfFile: fixturePath("parallel-news.jsonl"), encoding: .utf8)
        var result: [String: NormalizedText] = [:]
        for row in try jsonLines(text) {
            result[row["id"] as! String] = normalizer.normalize(row["text"] as! String)
        }
        return result
    }

    @Test func theMeasuredRatiosAreThoseOfTheFixture() throws {
        let texts = try paragraphs()
        var totals: [String: Int] = [:]
        for (id, text) in texts {
            let tokens = Tokenizer().tokens(in: text)
            let language = String(id.split(separator: "-")[1])
            totals[language, default: 0] +=
                language == "zh" ? tokens.filter { $0.kind == .unspaced }.count : tokens.count
        }
        #expect(totals == ["en": 206, "zh": 295, "vi": 286])
        #expect(abs(Double(totals["zh"]!) / Double(totals["en"]!) - RateUnit.hanPerWord) < 0.005)
        #expect(abs(Double(totals["vi"]!) / Double(totals["en"]!) - RateUnit.vietnameseSyllablesPerWord) < 0.005)
    }

    @Test func eachParagraphHasAboutTheSameLengthInEveryLanguage() throws {
        let texts = try paragraphs()
        for paragraph in 1...5 {
            let en = RateUnit.wordEquivalents.length(of: texts["p\(paragraph)-en"]!)
            for language in ["zh", "vi"] {
                let other = RateUnit.wordEquivalents.length(of: texts["p\(paragraph)-\(language)"]!)
                #expect(abs(other / en - 1) < 0.15, "paragraph \(paragraph) \(language): \(other) vs \(en)")
            }
            // Counted in tokens the Chinese version is far longer.
            let zhTokens = RateUnit.tokens.length(of: texts["p\(paragraph)-zh"]!)
            #expect(zhTokens / en > 1.25)
        }
    }

    /// Paragraph 5 names the same concepts in all three languages: interference in internal affairs, the
    /// so-called threat. Its rates match across languages per word-equivalent, not per token.
    @Test func ratesOfTheSameContentAreComparable() throws {
        let texts = try paragraphs()
        let lexicon = try Lexicon(
            parsing: """
                interference\t干涉\tzh
                interference\tinterference\ten
                interference\tcan thiệp\tvi
                so_called\t所谓\tzh
                so_called\tso-called\ten
                so_called\tcái gọi là\tvi
                """, file: "rates.tsv", normalizer: { $0 })
        func rates(_ unit: RateUnit?) throws -> [String: Double] {
            let configuration = FeatureConfiguration(
                wordNGrams: nil, charNGrams: nil,
                lexiconFeatures: LexiconFeatureKinds(counts: false, quoted: false, rates: true, contrasts: false),
                rateUnit: unit)
            let ids = ["p5-en", "p5-zh", "p5-vi"]
            let vocabulary = try FeatureExtractor(configuration: configuration, lexicon: lexicon)
                .referenceVocabulary(ids.map { texts[$0]! })
            let matrix = vocabulary.transform(ids.map { texts[$0]! })
            let column = try #require(vocabulary.column(named: "lex:rate:interference"))
            var result: [String: Double] = [:]
            for (row, id) in ids.enumerated() {
                result[id] = Array(matrix.row(row)).first { Int($0.0) == column }?.1
            }
            return result
        }
        let perWord = try rates(.wordEquivalents)
        let en = try #require(perWord["p5-en"])
        // One hit in 42 English words: 1000 / 42 / 10.
        #expect(abs(en - 1000.0 / 42 / 10) < 1e-12)
        #expect(abs(perWord["p5-zh"]! / en - 1) < 0.15)
        #expect(abs(perWord["p5-vi"]! / en - 1) < 0.15)
        let perToken = try rates(nil)
        #expect(perToken["p5-en"] == en)
        #expect(perToken["p5-zh"]! / en < 0.8)
        // A per-token model (no rateUnit stored) decodes as such; a new one keeps its unit.
        let old = try JSONDecoder().decode(FeatureConfiguration.self, from: Data(#"{"useLexicons": true}"#.utf8))
        #expect(old.rateUnit == nil)
        let new = FeatureConfiguration(rateUnit: .wordEquivalents)
        let encoded = String(decoding: try JSONEncoder().encode(new), as: UTF8.self)
        #expect(encoded.contains(#""rateUnit":"word-equivalents""#))
        #expect(!String(decoding: try JSONEncoder().encode(FeatureConfiguration()), as: UTF8.self).contains("rateUnit"))
    }
}
