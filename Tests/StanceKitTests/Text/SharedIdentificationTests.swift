import Testing
import _StanceTestSupport

@testable import StanceKit

/// The language and language shares that scoring takes from one identification
/// (``LanguageIdentifier/identifyWithShares(utf8:skipping:)``, through ``ArticleScorer/normalizeWithShares(_:normalizer:)``)
/// equal what the two separate passes gave: the normaliser's own language, and ``LanguageShares/init(of:language:)``
/// under it. Random texts mix Simplified and Traditional Chinese, English and Vietnamese paragraphs (with addresses
/// and mask terms the document's identification skips, and Latin headlines whose paragraphs count for the document's
/// language), long enough that the word and Han samples fill before the end.
@Suite struct SharedIdentificationTests {
    /// Pieces the random texts are made of (written for these tests).
    static let pieces = [
        "河畔日报报道说上游新建的水坝今天开始蓄水", "这是一段简体中文的说明文字", "台灣選舉結果將於今晚公佈",
        "這個問題需要更多時間討論與協調", "The delegation said that the talks would continue in the spring",
        "Prices of rice rose sharply after the flood", "Giá vàng trong nước tăng nhẹ vào sáng nay",
        "Người dân và các doanh nghiệp cho biết", "Harbour Bridge Reopens", "Lúa Gạo Mùa Mới", "42 — 17",
        "see https://example.org/news/the-river for more", "write to desk@example.com today", "Daily Planet",
        "河畔日报", "“quoted words”", "naïve café", "Gia\u{0301} va\u{0300}ng", "東京で会議", "서울 회의",
        "Москва заявила", "𠀀𠀁",
    ]
    static let separators = [" ", "\n", "\r\n", "\n\n", "\r", "\u{3000}", "。", ", ", "\n \n", " \r\n"]

    static func randomText(_ random: inout SeededGenerator, rare: Bool) -> String {
        var text = ""
        // Long texts too: past 256 words and 3000 Han characters the second pass stops before the end.
        let length =
            random.nextIndex(below: 4) == 0 ? 100 + random.nextIndex(below: 400) : 1 + random.nextIndex(below: 40)
        // One paragraph's language for a while, as articles are, then another.
        var piece = random.nextIndex(below: 8)
        for _ in 0..<length {
            if random.nextIndex(below: 6) == 0 {
                piece = random.nextIndex(below: rare ? pieces.count : pieces.count - 6)
            }
            text += pieces[piece]
            text += separators[random.nextIndex(below: separators.count)]
        }
        return text
    }

    @Test(arguments: [[], ["Daily Planet", "河畔日报"]])
    func oneIdentificationGivesTheLanguageAndSharesOfTwo(maskTerms: [String]) throws {
        let normalizer = try TextNormalizer(options: TextNormalizer.Options(maskTerms: maskTerms))
        var random = SeededGenerator(seed: 24)
        var languages: Set<Language> = []
        var mixed = 0
        var long = 0
        for round in 0..<1500 {
            let text = Self.randomText(&random, rare: round % 3 == 0)
            let (normalized, shares) = ArticleScorer.normalizeWithShares(text, normalizer: normalizer)
            let alone = normalizer.normalize(text)
            #expect(normalized.language == alone.language, "\(text.debugDescription)")
            #expect(normalized.text == alone.text)
            #expect(shares == LanguageShares(of: text, language: alone.language), "\(text.debugDescription)")
            languages.insert(alone.language)
            if shares.isMixed { mixed += 1 }
            if text.utf8.count > 4000 { long += 1 }
        }
        // The texts reach every path: the four languages, mixed shares, long texts.
        #expect(languages.isSuperset(of: [.zhHans, .zhHant, .en, .vi]))
        #expect(mixed > 100)
        #expect(long > 100)
    }

    /// Hand-worked: an English article whose Latin headline has no function word counts the headline for English;
    /// a Traditional paragraph keeps its own share; the address is skipped by the document's identification only.
    @Test func aHeadlineCountsForTheDocumentsLanguage() throws {
        let text =
            "Harbour Bridge Reopens\nThe city said that the bridge is open to traffic again.\n台灣選舉\n"
            + "See https://example.org for the schedule."
        var copy = text
        let (language, shares) = copy.withUTF8 { bytes in
            LanguageIdentifier.identifyWithShares(utf8: bytes, skipping: [])
        }
        #expect(language == .en)
        // Letters: 20 in the headline, 44 in the sentence, 4 Han, and 32 in the last line (its address included).
        #expect(shares.letters == [.en: 20 + 44 + 32, .zhHant: 4])
        #expect(shares == LanguageShares(of: text, language: .en))
    }
}

/// The identifier's counting of ASCII words eight bytes at a time against a plain reference: words are the maximal
/// runs of ASCII letters, keyed by their first eight bytes lower-cased, the first 256 of them classified.
@Suite struct ASCIIWordCountingTests {
    static let words = [
        "the", "The", "OF", "and", "river", "Rose", "sharply", "afterwards", "trong", "cho", "Khi", "internationally",
        "a", "I", "x", "said", "SAID", "against", "abcdefgh", "abcdefghi", "would", "should", "be",
    ]
    static let gaps = [" ", ", ", ".", "-", "'", "  ", "\n", "1", "[", "`", "@", "{", "中", "é"]

    @Test func eightBytesAtATimeCountAsOneAtATime() {
        var random = SeededGenerator(seed: 7)
        var compared = 0
        for round in 0..<2000 {
            var text = ""
            // Two texts in three without "é" (the last gap).
            let gapCount = round % 3 == 0 ? Self.gaps.count : Self.gaps.count - 1
            for _ in 0..<(1 + random.nextIndex(below: 400)) {
                text += Self.words[random.nextIndex(below: Self.words.count)]
                text += Self.gaps[random.nextIndex(below: gapCount)]
            }
            var counts = LanguageIdentifier.Evidence()
            var copy = text
            let composed = copy.withUTF8 { counts.count($0, skipping: []) }
            #expect(!composed)
            // The reference.
            var words = 0
            var english = 0
            var vietnamese = 0
            var latin = 0
            var current: [UInt8] = []
            func end() {
                guard !current.isEmpty else { return }
                if words < LanguageIdentifier.wordSample {
                    words += 1
                    if current.count <= 8 {
                        let key = LanguageIdentifier.FunctionWords.key(String(decoding: current, as: UTF8.self))
                        if LanguageIdentifier.FunctionWords.vietnamese.contains(key) {
                            vietnamese += 1
                        } else if LanguageIdentifier.FunctionWords.english.contains(key) {
                            english += 1
                        }
                    }
                }
                current = []
            }
            for byte in text.utf8 {
                if byte < 0x80 && (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A {
                    current.append(byte | 0x20)
                    latin += 1
                } else {
                    end()
                }
            }
            end()
            // "é" is a Latin letter inside a word for the identifier: the reference splits there, so only texts
            // without it compare words.
            if !text.contains("é") {
                compared += 1
                #expect(counts.words == words)
                #expect(counts.englishWords == english)
                #expect(counts.vietnameseWords == vietnamese)
                #expect(counts.latin == latin)
            }
            #expect(counts.han == text.unicodeScalars.count { $0 == "中" })
        }
        #expect(compared > 1300)
    }
}
