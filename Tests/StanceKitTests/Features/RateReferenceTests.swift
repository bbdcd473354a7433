import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// Lexicon rates divided by a reference measured on typical news of each language (``RateReference``).
@Suite struct RateReferenceTests {
    /// A lexicon whose Chinese list is denser than its English one: 干涉 and 干预 both mean "interference".
    func lexicon() throws -> Lexicon {
        try Lexicon(
            parsing: """
                interference\t干涉\tzh
                interference\t干预\tzh
                interference\tinterference\ten
                sovereignty\t主权\tzh
                sovereignty\tsovereignty\ten
                noise\t噪音\tzh\t\tdecoy
                """, file: "reference.tsv", normalizer: { $0 })
    }

    func normalize(_ texts: [String]) throws -> [NormalizedText] {
        let normalizer = try TextNormalizer(options: .init())
        return texts.map { normalizer.normalize($0) }
    }

    /// Hits counted by hand: English 2 interference + 1 sovereignty in 2 texts; Chinese (one Simplified, one
    /// Traditional text, pooled as `zh`) 3 interference + 1 sovereignty; the decoy is left out.
    @Test func measuringCountsHitsAndWordEquivalentsPerLanguage() throws {
        let texts = try normalize([
            "The minister said interference in trade talks must stop and sovereignty is not negotiable.",
            "Critics called the move interference by another name.",
            "部长说，外部干涉和干预必须停止，主权不容谈判。",
            "批評者認為這是另一種形式的干涉，噪音很大。",
        ])
        #expect(texts.map(\.language) == [.en, .en, .zhHans, .zhHant])
        let reference = RateReference(lexicon: try lexicon(), texts: texts, threads: .single)
        #expect(reference.concepts == ["interference", "sovereignty"])
        #expect(reference.samples.map(\.language) == ["en", "zh"])
        let en = reference.samples[0]
        let zh = reference.samples[1]
        #expect(en.documents == 2 && en.hits == [2, 1])
        #expect(zh.documents == 2 && zh.hits == [3, 1])
        let enLength = texts[0...1].map { RateUnit.wordEquivalents.length(of: $0) }.reduce(0, +)
        let zhLength = texts[2...3].map { RateUnit.wordEquivalents.length(of: $0) }.reduce(0, +)
        #expect(en.length == enLength)
        #expect(zh.length == zhLength)
        // 14 + 8 English words.
        #expect(enLength == 22)
        // Language scope: one density for every concept, all hits per 1,000 word-equivalents.
        let enRates = reference.rates(for: .en, concepts: ["interference", "sovereignty", "unknown"])
        #expect(enRates == [3000 / enLength, 3000 / enLength, 3000 / enLength])
        #expect(reference.rates(for: .zhHant, concepts: ["sovereignty"]) == [4000 / zhLength])
        // A language without a sample is divided by the pooled reference.
        #expect(reference.rates(for: .vi, concepts: ["sovereignty"]) == [7000 / (enLength + zhLength)])
        // So is a language whose reference texts have no hit.
        var withOther = reference
        withOther.samples.append(.init(language: "other", documents: 1, length: 5, hits: [0, 0]))
        #expect(withOther.rates(for: .other, concepts: ["sovereignty"]) == [7000 / (enLength + zhLength + 5)])
        // Concept scope: each concept's own rate, with half a hit added.
        var byConcept = reference
        byConcept.scope = .concept
        #expect(
            byConcept.rates(for: .en, concepts: ["interference", "sovereignty", "unknown"])
                == [2500 / enLength, 1500 / enLength, 500 / enLength])
        // The same at any thread count.
        #expect(RateReference(lexicon: try lexicon(), texts: texts, threads: 3) == reference)
    }

    @Test func theFileRoundTripsAndBadRowsAreNamedByLine() throws {
        let reference = RateReference(
            scope: .language, concepts: ["interference", "sovereignty"],
            samples: [
                .init(language: "zh", documents: 3, length: 1234.5678901234567, hits: [10, 0]),
                .init(language: "en", documents: 2, length: 24, hits: [2, 1]),
            ])
        let text = reference.tsv
        #expect(text.hasPrefix("# stance rate reference, file version 1\n"))
        #expect(text.contains("\nen\t2\t24.0\tinterference\t2\n"))
        let read = try RateReference(tsv: text, file: "r.tsv", scope: .language)
        #expect(read == reference)
        #expect(read.samples[1].length == 1234.5678901234567)
        #expect(try RateReference(tsv: text, file: "r.tsv", scope: .concept).scope == .concept)

        func problem(_ text: String) -> String? {
            do {
                _ = try RateReference(tsv: text, file: "r.tsv", scope: .language)
                return nil
            } catch {
                #expect(error.exitStatus == .dataError)
                return error.description
            }
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            problem("language\tdocuments\n")
                == "r.tsv:1: not a rate reference (expected '# stance rate reference, file version 1')")
        #expect(
            problem("# stance rate reference, file version 2\n")?.hasPrefix("r.tsv:1: file version 2 is newer") == true)
        #expect(
            problem(text + "vi\t1\t10\tinterference\n")?.hasPrefix("r.tsv:9: expected 5 tab-separated columns") == true)
        #expect(
            problem(text + "fr\t1\t10\tinterference\t1\n")
                == "r.tsv:9: unknown language 'fr' (expected en, zh, vi or other)")
        #expect(
            problem(text + "en\t2\t25\tother\t1\n")?.hasPrefix("r.tsv:9: language 'en' has 2 documents of 24.0") == true
        )
        #expect(
            problem(text + "en\t2\t24\tinterference\t1\n") == "r.tsv:9: concept 'interference' is listed twice for 'en'"
        )
        #expect(
            problem(lines.dropLast().joined(separator: "\n"))
                == "r.tsv: language 'zh' has no row for concept 'sovereignty'")
        #expect(
            problem(text + "vi\t1\tmany\tinterference\t1\n")?.contains("word_equivalents must be a positive number")
                == true)
    }

    /// The same content in English and Chinese (`Tests/Fixtures/parallel-news.jsonl`, paragraph 5, which names
    /// interference once in each language): per word-equivalent the rates are close, and divided by each
    /// language's reference they are the rate per word-equivalent over the language's density, exactly.
    @Test func ratesOfTheSameContentDividedByEachLanguagesDensity() throws {
        let normalizer = try TextNormalizer(options: .init())
        let rows = try jsonLines(try String(contentsOfFile: fixturePath("parallel-news.jsonl"), encoding: .utf8))
        var paragraphs: [String: NormalizedText] = [:]
        for row in rows { paragraphs[row["id"] as! String] = normalizer.normalize(row["text"] as! String) }
        let texts = [paragraphs["p5-en"]!, paragraphs["p5-zh"]!]
        // Typical Chinese news names the lexicon's concepts twice as often per word-equivalent as English news.
        let reference = RateReference(
            scope: .language, concepts: ["interference", "sovereignty"],
            samples: [
                .init(language: "en", documents: 10, length: 10_000, hits: [30, 20]),
                .init(language: "zh", documents: 10, length: 10_000, hits: [60, 40]),
            ])
        func rates(_ reference: RateReference?) throws -> [Double] {
            let configuration = FeatureConfiguration(
                wordNGrams: nil, charNGrams: nil,
                lexiconFeatures: LexiconFeatureKinds(counts: false, quoted: false, rates: true, contrasts: false),
                rateUnit: .wordEquivalents, rateReference: reference)
            try configuration.validate()
            let vocabulary = try FeatureExtractor(configuration: configuration, lexicon: try lexicon())
                .referenceVocabulary(texts)
            let matrix = vocabulary.transform(texts)
            let column = try #require(vocabulary.column(named: "lex:rate:interference"))
            return try (0..<2).map { row in try #require(Array(matrix.row(row)).first { Int($0.0) == column }?.1) }
        }
        let perWord = try rates(nil)
        let referenced = try rates(reference)
        let lengths = texts.map { RateUnit.wordEquivalents.length(of: $0) }
        // One hit each: per 1,000 word-equivalents / 10 without a reference, / 5 (English) or / 10 (Chinese) with.
        #expect(perWord[0] == 1000 / lengths[0] / 10)
        #expect(perWord[1] == 1000 / lengths[1] / 10)
        #expect(abs(perWord[1] / perWord[0] - 1) < 0.15)
        #expect(referenced[0] == 1000 / lengths[0] / 5)
        #expect(referenced[1] == 1000 / lengths[1] / 10)
        #expect(abs(referenced[1] / referenced[0] - 0.5) < 0.5 * 0.15)
    }

    @Test func aReferenceNeedsRatesPerWordEquivalent() throws {
        let reference = RateReference(
            scope: .language, concepts: ["a"], samples: [.init(language: "en", documents: 1, length: 10, hits: [1])])
        #expect(throws: FeatureError.self) {
            try FeatureConfiguration(rateUnit: .tokens, rateReference: reference).validate()
        }
        #expect(throws: FeatureError.self) { try FeatureConfiguration(rateReference: reference).validate() }
        try FeatureConfiguration(rateUnit: .wordEquivalents, rateReference: reference).validate()
        let empty = RateReference(
            scope: .language, concepts: ["a"], samples: [.init(language: "en", documents: 1, length: 10, hits: [0])])
        #expect(throws: FeatureError.self) {
            try FeatureConfiguration(rateUnit: .wordEquivalents, rateReference: empty).validate()
        }
    }

    /// A reference measured with another lexicon is refused by name, before any counting; the decoy is not asked for.
    @Test func aReferenceOfAnotherLexiconIsRefused() throws {
        let lexicon = try lexicon()
        func configuration(_ concepts: [String]) -> FeatureConfiguration {
            FeatureConfiguration(
                useLexicons: true, rateUnit: .wordEquivalents,
                rateReference: RateReference(
                    scope: .language, concepts: concepts,
                    samples: [.init(language: "en", documents: 1, length: 10, hits: concepts.map { _ in 1 })]))
        }
        try configuration(["sovereignty", "interference"]).validateReference(for: lexicon)
        #expect(
            throws: FeatureError.invalidConfiguration(
                "the rate reference was measured with another lexicon: it lacks the lexicon's sovereignty and has "
                    + "hegemony, which the lexicon has not; measure it with this lexicon (stance lexicon check "
                    + "LEXICON --corpus FILE --reference-out REF)")
        ) { try configuration(["interference", "hegemony"]).validateReference(for: lexicon) }
        let texts = try normalize(["Foreign interference again.", "外部干涉。"])
        #expect(throws: FeatureError.self) {
            try FeatureExtractor(configuration: configuration(["interference"]), lexicon: lexicon).countTexts(texts)
        }
    }

    /// A model with a reference is format version 5 and scores the same once read back; the same model without one
    /// keeps the version and the settings bytes it had before references existed.
    @Test func aModelStoresItsReferenceAsVersionFive() throws {
        let documents = [
            Document(id: "1", text: "They condemned foreign interference and defended sovereignty.", label: "a"),
            Document(id: "2", text: "The talks were calm.", label: "b"),
            Document(id: "3", text: "外部干涉损害主权，必须停止干预。", label: "a"),
            Document(id: "4", text: "会谈气氛平静。", label: "b"),
        ]
        let reference = RateReference(
            lexicon: try lexicon(), texts: try normalize(documents.map(\.text)), threads: .single)
        func model(_ reference: RateReference?) throws -> (bytes: [UInt8], model: StanceModel) {
            let features = FeatureConfiguration(
                wordNGrams: nil, charNGrams: nil, rateUnit: .wordEquivalents, rateReference: reference)
            let model = try StanceTrainer(settings: TrainingSettings(features: features), lexicon: try lexicon())
                .train(documents)
            return (try ModelFile.encode(model), model)
        }
        let (bytes, trained) = try model(reference)
        #expect(bytes[8] == 5)
        let decoded = try ModelFile.decode(bytes, path: "memory")
        #expect(decoded.settings.features.rateReference == reference)
        #expect(
            try ArticleScorer(model: decoded).score(documents).map(\.probabilities)
                == ArticleScorer(model: trained).score(documents).map(\.probabilities))
        #expect(
            decoded.settings.json.rendered().contains(
                #""rate_reference": {"scope": "language", "en": {"documents": 2,"#))
        let (plain, _) = try model(nil)
        #expect(plain[8] == 2)
        #expect(!String(decoding: plain, as: UTF8.self).contains("rateReference"))
        // The referenced rates differ from the plain ones, so the reference is not ignored.
        #expect(bytes.count > plain.count)
        #expect(
            try ArticleScorer(model: decoded).score(documents).map(\.probabilities)
                != ArticleScorer(model: try ModelFile.decode(plain, path: "plain")).score(documents).map(
                    \.probabilities))
    }
}
