import Foundation
import StanceKit
import Testing

/// Quotation families on short texts the project wrote, in English, Simplified and Traditional Chinese and
/// Vietnamese: each names the family a reader gives the one quotation it holds.
@Suite struct QuoteFamilyClassifierTests {
    static let cases: [(text: String, family: QuoteFamily)] = [
        // English
        ("The minister said: \"We will never accept interference in our internal affairs, now or later.\"", .reported),
        ("\"It is a serious mistake,\" she said after the vote.", .reported),
        ("Critics mocked the so-called \"new era\" of friendship between the two sides.", .distancing),
        ("Delegates praised the \"Belt and Road\" initiative at the forum.", .term),
        ("The plan, what the party calls \"common prosperity\", was debated again.", .distancing),
        ("Posters across the city repeated the word \"harmony\" again.", .term),
        // Simplified Chinese
        ("外交部发言人表示：“中方坚决反对任何干涉中国内政的行为，并将采取必要措施。”", .reported),
        ("所谓“民主峰会”不过是一场政治表演。", .distancing),
        ("会议重申坚持“一国两制”方针不动摇。", .term),
        // Traditional Chinese
        ("他說：「政府必須回應市民的訴求，不能再拖延下去了。」", .reported),
        ("所謂「自由行動」其實另有目的。", .distancing),
        ("立法會昨日通過「社區安全」條例。", .term),
        // Vietnamese
        ("Người phát ngôn cho biết: \"Việt Nam kiên quyết bảo vệ chủ quyền của mình trên biển.\"", .reported),
        ("Cái gọi là \"trật tự mới\" không được các nước trong khu vực chấp nhận.", .distancing),
        ("Hội nghị bàn về \"Vành đai và Con đường\" chính sách hợp tác khu vực.", .term),
    ]

    @Test(arguments: cases.indices) func familyOfEachFixture(_ index: Int) throws {
        let (text, family) = Self.cases[index]
        let normalized = try TextNormalizer().normalize(text)
        #expect(normalized.quotedRanges.count == 1, "\(text)")
        #expect(QuoteFamilyClassifier().families(in: normalized) == [family], "\(text)")
    }

    /// The three families in one text, in order.
    @Test func severalQuotationsInOneText() throws {
        let text =
            "He described the \"one country, two systems\" principle. \"We reject the so-called sanctions entirely and will respond,\" he told reporters. Some called it a \"victory\"."
        let normalized = try TextNormalizer().normalize(text)
        #expect(QuoteFamilyClassifier().families(in: normalized) == [.term, .reported, .term])
    }

    /// Lexicon hits take the family of their quotation; `so-called X` without marks is distancing; the writer's
    /// own use of the term stays own voice.
    @Test func lexiconHitsSplitByFamily() throws {
        let lexicon = Lexicon(entries: [
            Lexicon.Entry(concept: "shared_future", term: "community of shared future"),
            Lexicon.Entry(concept: "shared_future", term: "命运共同体"),
        ])
        let configuration = FeatureConfiguration(
            wordNGrams: nil, charNGrams: nil, lexiconFeatures: LexiconFeatureKinds(list: "counts,quoted")!,
            quoteFamilies: true)
        let normalizer = try TextNormalizer()
        let texts = [
            "The so-called community of shared future was praised. Officials told reporters: \"A community of shared future is the goal of all nations on earth.\"",
            "所谓\"命运共同体\"只是口号。我们建设命运共同体。",
        ].map { normalizer.normalize($0) }
        let (vocabulary, matrix) = try FeatureExtractor(configuration: configuration, lexicon: lexicon)
            .fitTransform(texts)
        #expect(
            vocabulary.columnNames == [
                "lex:shared_future", "lex:shared_future@quote:distancing", "lex:shared_future@quote:reported",
                "lex:shared_future@quote:term",
            ])
        func values(_ row: Int) -> [String: Double] {
            var result: [String: Double] = [:]
            for (column, value) in matrix.row(row) { result[vocabulary.columnNames[Int(column)]] = value }
            return result
        }
        #expect(
            values(0) == ["lex:shared_future@quote:distancing": log(2.0), "lex:shared_future@quote:reported": log(2.0)])
        #expect(values(1) == ["lex:shared_future": log(2.0), "lex:shared_future@quote:distancing": log(2.0)])
    }

    /// Without the setting the block is as before: one `@quoted` column.
    @Test func singleQuotedColumnWithoutTheSetting() throws {
        let lexicon = Lexicon(entries: [Lexicon.Entry(concept: "x", term: "harmony")])
        let configuration = FeatureConfiguration(
            wordNGrams: nil, charNGrams: nil, lexiconFeatures: LexiconFeatureKinds(list: "counts,quoted")!)
        let text = try TextNormalizer().normalize("They chanted \"harmony\" loudly.")
        let (vocabulary, matrix) = try FeatureExtractor(configuration: configuration, lexicon: lexicon)
            .fitTransform([text])
        #expect(vocabulary.columnNames == ["lex:x", "lex:x@quoted"])
        #expect(Array(matrix.row(0)).map(\.0) == [1])
    }

    /// A model with quotation families is written as format version 3 and reads back to the same scores; one without
    /// them stays version 2.
    @Test func modelFileVersionFollowsTheSetting() throws {
        let documents = [
            Document(
                id: "1", text: "Officials said: \"The so-called harmony plan failed badly in every region.\"",
                label: "a"),
            Document(id: "2", text: "The \"harmony\" plan succeeded.", label: "b"),
            Document(id: "3", text: "所谓\"和谐\"计划失败了。", label: "a"),
            Document(id: "4", text: "\"和谐\"计划成功了。", label: "b"),
        ]
        let lexicon = Lexicon(entries: [
            Lexicon.Entry(concept: "harmony", term: "harmony"), Lexicon.Entry(concept: "harmony", term: "和谐"),
        ])
        for families in [false, true] {
            let settings = TrainingSettings(
                features: FeatureConfiguration(charNGrams: 1...1, quoteFamilies: families))
            let model = try StanceTrainer(settings: settings, lexicon: lexicon).train(documents)
            let bytes = try ModelFile.encode(model)
            #expect(bytes[8] == (families ? 3 : 2))
            let decoded = try ModelFile.decode(bytes, path: "memory")
            #expect(decoded.formatVersion == (families ? 3 : 2))
            #expect(decoded.settings.features.quoteFamilies == families)
            #expect(
                try ArticleScorer(model: decoded).score(documents).map(\.probabilities)
                    == ArticleScorer(model: model).score(documents).map(\.probabilities))
            let names = model.subModels[0].vocabulary.columnNames
            #expect(names.contains("lex:harmony@quote:term") == families)
            #expect(names.contains("lex:harmony@quoted") == !families)
        }
    }
}
