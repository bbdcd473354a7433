import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// Machine-translation spacing and mixed-language lexicon matching: the text-pipeline steps of model format
/// version 2, and the rule that version-1 models keep scoring without them.
@Suite struct MixedLanguageTests {
    static func lexicon() -> Lexicon {
        Lexicon(entries: [
            .init(concept: "party_hostile", term: "中共", languages: [.zhHans, .zhHant]),
            .init(concept: "party_hostile", term: "ccp", languages: [.en]),
            .init(concept: "party_vi", term: "đảng cộng sản", languages: [.vi]),
            .init(concept: "so_called", term: "so-called", languages: [.en]),
            .init(concept: "rules_order", term: "rules-based international order", languages: [.en]),
        ])
    }

    func terms(_ text: String, mixed: Bool, spacing: Bool = true) throws -> [String] {
        let normalized = try TextNormalizer(options: .init(machineTranslationSpacing: spacing)).normalize(text)
        return LexiconMatcher(Self.lexicon(), mixedLanguages: mixed).hits(in: normalized).map(\.term)
    }

    @Test func hanTermsCountInsideLatinMajorityTextAndLatinTermsInsideChinese() throws {
        // A Latin term glued to Han text, in a Chinese document.
        let glued = "当局否认所谓CCP病毒的说法，中共发言人回应。"
        #expect(try terms(glued, mixed: false) == ["中共"])
        #expect(try terms(glued, mixed: true) == ["ccp", "中共"])
        // An English paragraph inside a Chinese article.
        let paragraph =
            "中共中央宣传部今日发表声明，批评外国媒体近来的多篇报道歪曲事实，并要求有关媒体立即更正，以免误导读者。\n"
            + "A spokesman for the CCP declined to comment.\n"
        #expect(try terms(paragraph, mixed: false) == ["中共"])
        #expect(try terms(paragraph, mixed: true) == ["中共", "ccp"])
        // A Chinese article whose English paragraphs outnumber its Chinese letters: majority English.
        let english = Array(
            repeating: "The delegation said the talks on river shipping would continue next month.", count: 8)
        let chinese = Array(repeating: "中共代表团表示会谈将继续。", count: 13)
        let longMixed = (chinese + english).joined(separator: "\n")
        #expect(LanguageIdentifier.identify(longMixed) == .en)
        #expect(try terms(longMixed, mixed: false).isEmpty)
        #expect(try terms(longMixed, mixed: true) == Array(repeating: "中共", count: 13))
    }

    @Test func latinTermsStillSeparateEnglishFromVietnamese() throws {
        let vietnamese = "Phái đoàn Đảng Cộng sản đã gặp các nhà báo; báo chí nước ngoài gọi là CCP."
        #expect(try terms(vietnamese, mixed: true) == ["đảng cộng sản"])
        let english = "The delegation met Đảng Cộng sản officials in Hanoi on Tuesday, and the CCP sent a letter."
        #expect(try terms(english, mixed: true) == ["ccp"])
    }

    @Test func machineTranslationSpacingJoinsHyphensAndClitics() throws {
        let normalizer = try TextNormalizer()
        let cases: [(String, String)] = [
            ("NATO Secretary -General said", "nato secretary-general said"),
            ("the so -called \"threat\"", "the so-called \"threat\""),
            ("the rules -based international order", "the rules-based international order"),
            ("China 's navy and they do n't", "china's navy and they don't"),
            ("Hà Nội -Hải Phòng", "hà nội-hải phòng"),
            ("north - south, -5 degrees, A -1", "north - south, -5 degrees, a -1"),
            ("the boys ' books", "the boys ' books"),
        ]
        for (input, expected) in cases {
            let normalized = normalizer.normalize(input)
            #expect(normalized.text == expected, "\(input)")
            // Every offset still maps into the original.
            #expect(normalized.originalOffsets.count == normalized.text.utf8.count + 1)
        }
        let off = try TextNormalizer(options: .init(machineTranslationSpacing: false))
        #expect(off.normalize("so -called").text == "so -called")
        // The joined term maps back to the spaced original.
        let input = "A so -called “partner” of the rules -based international order."
        let normalized = normalizer.normalize(input)
        let range = try #require(normalized.text.range(of: "so-called"))
        let utf8 = normalized.text.utf8
        let lower = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
        #expect(input[normalized.originalRange(of: lower..<(lower + 9), in: input)] == "so -called")
        // Quotation spans move with the text.
        let bytes = Array(normalized.text.utf8)
        #expect(normalized.quotedRanges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["partner"])
        #expect(try terms(input, mixed: true) == ["so-called", "rules-based international order"])
        #expect(try terms(input, mixed: true, spacing: false).isEmpty)
    }

    @Test func versionOneModelKeepsItsPipelineAndVersionTwoRecordsIt() throws {
        let model = try ModelFile.read(path: fixturePath("model-v1.stance"))
        #expect(model.formatVersion == 1)
        #expect(!model.settings.normalization.machineTranslationSpacing)
        #expect(!model.settings.features.mixedLanguageLexicon)
        #expect(model.settings.cleaning == nil)
        let texts = ["Up the -river and the dams.", "上游水坝 the trade deal 为整个地区带来廉价电力。"]
        let documents = texts.enumerated().map { Document(id: String($0.offset), text: $0.element) }
        let old = try ArticleScorer(model: model).score(documents)
        // Written again (as version 2) and read back, the model keeps the old pipeline and the same ratings.
        let reread = try ModelFile.decode(ModelFile.encode(model), path: "v2.stance")
        #expect(reread.formatVersion == 2)
        #expect(!reread.settings.normalization.machineTranslationSpacing)
        let again = try ArticleScorer(model: reread).score(documents)
        #expect(zip(old, again).allSatisfy { $0.probabilities == $1.probabilities })
        // With machine-translation spacing the first text would be rated otherwise: the version rule matters.
        var newer = model
        newer.settings.normalization.machineTranslationSpacing = true
        let changed = try ArticleScorer(model: newer).score(documents)
        #expect(changed[0].probabilities != old[0].probabilities)
        // A version-1 file never carries the new steps, even if its JSON named them.
        var named = newer
        named.settings.features.mixedLanguageLexicon = true
        named.settings.cleaning = CleaningSettings()
        var bytes = try ModelFile.encode(named)
        bytes[8] = 1
        // Version 2 ends with the supplement's presence flag (0: none), which version 1 does not have.
        #expect(bytes.last == 0)
        bytes.removeLast()
        bytes.replaceSubrange(12..<20, with: withUnsafeBytes(of: UInt64(bytes.count - 24).littleEndian, Array.init))
        let payload = Array(bytes[24...])
        let crc = ModelFileTests.crc32(payload)
        bytes.replaceSubrange(20..<24, with: withUnsafeBytes(of: crc.littleEndian, Array.init))
        let asVersionOne = try ModelFile.decode(bytes, path: "v1.stance")
        #expect(asVersionOne.settings == model.settings)
    }
}

@Suite struct LanguageSharesTests {
    @Test func lettersAreWeighedParagraphByParagraph() {
        // 12 Han letters and 38 Latin letters.
        let text = "中共代表团表示会谈将继续。\nThe delegation said the talks would continue."
        let shares = LanguageShares(of: text, language: .en)
        #expect(shares.letters == [.zhHans: 12, .en: 38])
        #expect(shares.shares.map(\.language) == [.en, .zhHans])
        #expect(shares.shares[0].share == 38.0 / 50)
        #expect(shares.isMixed)
        #expect(shares.json.rendered() == #"{"en": 0.76, "zh-Hans": 0.24}"#)
        // A headline without function words counts for the document's language.
        let vietnamese = "Giá vàng tăng\nGiá vàng trong nước tăng nhẹ trong phiên đầu tuần, theo các doanh nghiệp."
        #expect(LanguageShares(of: vietnamese, language: .vi).letters.keys.sorted() == [.vi])
        #expect(!LanguageShares(of: vietnamese, language: .vi).isMixed)
    }

    @Test func corpusSummaryReportsSharesAndMixedDocuments() {
        var summary = CorpusSummary()
        for text in ["中共代表团表示会谈将继续。\nThe delegation said the talks would continue.", "只有中文的一段话。"] {
            summary.add(Document(id: text, text: text), language: LanguageIdentifier.identify(text))
        }
        #expect(summary.mixedLanguageDocuments == 1)
        #expect(summary.languageShares.letters == [.zhHans: 20, .en: 38])
        #expect(summary.json.rendered().contains(#""mixed_language_documents": 1"#))
    }
}
