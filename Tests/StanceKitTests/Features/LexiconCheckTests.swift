import Foundation
import StanceKit
import Testing

/// `LexiconCheck` on a lexicon and a corpus written here: counts per concept and language, terms inside longer
/// words by ICU word segmentation, terms never seen, one-language concepts, and the decoy and tag columns.
@Suite struct LexiconCheckTests {
    static let lexiconText = """
        concept\tterm\tlang\tnote\ttag
        place\t印度\tzh\tcountry\tframing
        place\tindia\ten\t\tframing
        place\t蒙古\tzh\t\tregional
        party\t中共\tzh\t\t
        party\tccp\ten
        order\t稳定\tzh
        order\tổn định\tvi
        only_english\tso-called\ten
        not_framing\t无所谓\tzh
        """

    func check(_ texts: [String]?) throws -> LexiconCheck {
        let normalizer = try TextNormalizer(options: .init())
        let lexicon = try Lexicon(parsing: Self.lexiconText, file: "check.tsv") { normalizer.normalize($0).text }
        return LexiconCheck(
            lexicon: lexicon, texts: texts?.map { normalizer.normalize($0) }, options: .init(minimumHits: 2))
    }

    static let corpus = [
        "印度尼西亚的外长昨天访问了北京，双方谈到印度尼西亚的海上合作。",
        "印度尼西亚和马来西亚的渔民都希望地区局势保持稳定。",
        "印度总理与中国领导人会面，印度代表团随后离开。",
        "内蒙古的牧民说，草原今年很干。中共的官员没有回应。",
        "內蒙古的冬天來得早，牧民說他們無所謂。",
        "The Indian minister said India wants calm; critics call it a so-called reset.",
        "Officials in India said the talks went well.",
    ]

    @Test func countsTermsAndHitsPerConceptAndLanguage() throws {
        let check = try check(Self.corpus)
        #expect(check.documentCounts == ["zh": 5, "en": 2])
        let place = check.conceptLanguages.filter { $0.concept == "place" }
        #expect(place.map(\.language) == ["zh", "en"])
        #expect(place.map(\.terms) == [2, 1])
        // 印度 five times (three inside 印度尼西亚) plus 蒙古 twice; india twice (not inside "indian").
        #expect(place.map(\.hits) == [7, 2])
        #expect(place[0].documents == 5 && place[1].documents == 2)
        let order = check.conceptLanguages.filter { $0.concept == "order" }
        #expect(order.map(\.language) == ["zh", "vi"] && order.map(\.hits) == [1, 0])
    }

    @Test func findsTermsMostlyInsideLongerWords() throws {
        let check = try check(Self.corpus)
        let inside = check.mostlyInsideLongerWords
        #expect(inside.map(\.term) == ["印度", "蒙古"])
        let india = try #require(inside.first)
        #expect(india.totalHits == 5 && india.insideHits == 3)
        #expect(india.longerWords == ["印度尼": 3])
        let mongolia = inside[1]
        #expect(mongolia.insideHits == 2 && mongolia.longerWords == ["内蒙古": 2])
        // ICU alone knows words of its dictionary: 殖民 inside 殖民地 (a single hit is enough for this rule).
        let segmenter = try #require(LexiconCheck.icuWords("殖民地的历史"))
        #expect(segmenter.first == "殖民地")
        #expect(mongolia.tag == .regional)
        // Standing alone the term is a word of its own: 中共 and 稳定 are not flagged.
        let party = try #require(check.terms.first { $0.term == "中共" })
        #expect(party.totalHits == 1 && party.insideHits == 0)
        #expect(check.terms.first { $0.term == "稳定" }?.insideHits == 0)
    }

    @Test func listsNeverSeenAndOneLanguageConcepts() throws {
        let check = try check(Self.corpus)
        #expect(check.neverSeen.map(\.term) == ["ccp", "ổn định"])
        #expect(check.singleLanguageConcepts.map(\.concept) == ["only_english"])
        // order and party are seen in Chinese only, only_english in English only; the decoy is left out.
        #expect(check.singleLanguageInCorpus.map(\.concept) == ["only_english", "order", "party"])
        #expect(check.decoyConcepts == ["not_framing"])
        #expect(check.terms.first { $0.concept == "not_framing" }?.totalHits == 1)
    }

    @Test func withoutACorpusOnlyTheLexiconIsCounted() throws {
        let check = try check(nil)
        #expect(!check.hasCorpus)
        #expect(check.neverSeen.isEmpty && check.mostlyInsideLongerWords.isEmpty)
        #expect(check.conceptLanguages.first { $0.concept == "party" && $0.language == "en" }?.terms == 1)
        #expect(check.table().contains("concepts with terms in one language only: 1"))
        #expect(!check.table().contains("terms never seen"))
    }

    @Test func tablesAndJSONNameTheFindings() throws {
        let check = try check(Self.corpus)
        let table = check.table()
        #expect(table.contains("place  印度  3/5 inside: 印度尼 3"))
        #expect(table.contains("not_framing (decoy)"))
        let json = check.json.rendered()
        #expect(json.contains(#""mostly_inside_longer_words": [{"concept": "place", "term": "印度""#))
        #expect(json.contains(#""never_seen": [{"concept": "party", "term": "ccp""#))
    }
}

/// The optional fifth column of lexicon files and what it does to the feature columns.
@Suite struct LexiconTagTests {
    let normalize: (String) -> String = { $0.lowercased() }

    @Test func fourAndFiveColumnFilesAreRead() throws {
        let old = try Lexicon(parsing: "party\t中共\tzh\tnote\nnot_framing\t无所谓\tzh\n", file: "a.tsv") { $0 }
        #expect(old.entries.map(\.tag) == [.framing, .decoy])
        let new = try Lexicon(
            parsing: "party\t川普\tzh\tspelling\tregional\nparty\t中共\tzh\t\tFraming\n", file: "b.tsv"
        ) { $0 }
        #expect(new.entries.map(\.tag) == [.regional, .framing])
        #expect(new.removingTerms(tagged: .regional).entries.map(\.term) == ["中共"])
    }

    @Test func anUnknownTagNamesFileAndLine() {
        #expect(throws: TableFileError.self) {
            try Lexicon(parsing: "party\t中共\tzh\t\n#x\nparty\tccp\ten\t\tloud\n", file: "c.tsv") { $0 }
        }
        do {
            _ = try Lexicon(parsing: "party\t中共\tzh\t\n#x\nparty\tccp\ten\t\tloud\n", file: "c.tsv") { $0 }
        } catch {
            #expect(error.description == "c.tsv:3: unknown tag 'loud' (expected framing, regional or decoy)")
        }
    }

    @Test func decoyConceptsAreMatchedButNeverColumns() throws {
        let lexicon = try Lexicon(
            parsing: "so_called\t所谓\tzh\nnot_framing\t无所谓\tzh\n", file: "d.tsv", normalizer: normalize)
        let normalizer = try TextNormalizer(options: .init())
        let texts = ["他说无所谓。", "所谓的民主。"].map { normalizer.normalize($0) }
        let configuration = FeatureConfiguration(wordNGrams: nil, charNGrams: nil)
        let vocabulary = try FeatureExtractor(configuration: configuration, lexicon: lexicon).referenceVocabulary(texts)
        #expect(vocabulary.columnNames.allSatisfy { !$0.contains("not_framing") })
        #expect(vocabulary.columnNames.contains("lex:so_called"))
        let matrix = vocabulary.transform(texts)
        // The decoy still blocks 所谓 inside 无所谓: the first text has no lexicon feature.
        #expect(Array(matrix.row(0)).isEmpty)
        #expect(!Array(matrix.row(1)).isEmpty)
        // A lexicon stored before tags existed keeps its decoy concept as a column, as its models were trained.
        var untagged = lexicon
        for index in untagged.entries.indices { untagged.entries[index].tag = nil }
        let old = try FittedVocabulary(
            configuration: configuration, terms: [], idf: [], documentCount: 2, lexicon: untagged)
        #expect(old.columnNames.contains("lex:not_framing"))
    }
}
