import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The byte-level rewrites of scoring's per-article passes give exactly what the `Character` and `Unicode.Scalar`
/// versions they replaced gave: the old algorithms are kept here as references and compared on random texts that
/// mix four scripts, line-break conventions, Unicode white space and decomposed letters.
@Suite struct ByteLevelEquivalenceTests {
    /// Pieces the random texts are made of (written for these tests).
    static let pieces = [
        "中共代表团表示会谈将继续", "这是一段简体中文的说明", "台灣選舉結果將於今晚公佈", "這個問題需要更多討論",
        "The delegation said the talks would continue", "Prices rose sharply", "so -called reform", "china 's plan",
        "they do n't agree", "rules -based order", "Giá vàng trong nước tăng nhẹ", "Người dân và các doanh nghiệp",
        "Gia\u{0301} va\u{0300}ng", "東京で会議が開かれた", "서울에서 회의", "Москва заявила", "42", "—", "“quoted”",
        "naïve café", "𠀀𠀁", "", "xxmask",
    ]
    static let separators = [
        " ", "\n", "\r\n", "\n\n", "\r", "\u{3000}", "\u{00A0}", "\u{2028}", "\t", "。", ", ", "\n \n", " \r\n",
    ]

    static func randomText(_ random: inout SeededGenerator) -> String {
        random.text(pieces: pieces, gaps: separators, maxPieces: 30)
    }

    /// `LanguageShares(of:language:)` as it was: `String.split` by `Character`, letters by ``Script``, and
    /// ``LanguageIdentifier`` on a `String` per paragraph.
    static func referenceShares(of text: String, language: Language) -> [Language: Int] {
        var letters: [Language: Int] = [:]
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var count = 0
            var latin = 0
            for scalar in paragraph.unicodeScalars {
                switch Script(scalar) {
                case .none: continue
                case .latin, .vietnameseLatin:
                    latin += 1
                    count += 1
                default: count += 1
                }
            }
            guard count > 0 else { continue }
            var identified = LanguageIdentifier.identify(String(paragraph))
            if identified == .other && latin * 2 > count && (language == .en || language == .vi) {
                identified = language
            }
            letters[identified, default: 0] += count
        }
        return letters
    }

    /// `TextFingerprint(_:)` as it was, scalar by scalar.
    static func referenceFingerprint(_ text: String) -> TextFingerprint {
        var fnv = FNV1a()
        var mix: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pendingSpace = false
        var started = false
        func feed(_ byte: UInt8) {
            fnv.feed(byte)
            mix = ((mix ^ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD)
            mix = (mix << 29) | (mix >> 35)
        }
        for scalar in text.unicodeScalars {
            if scalar.isWhitespaceFast {
                pendingSpace = started
                continue
            }
            if pendingSpace {
                feed(0x20)
                pendingSpace = false
            }
            started = true
            for byte in UTF8.encode(scalar)! { feed(byte) }
        }
        mix ^= mix >> 33
        mix = mix &* 0xC4CE_B9FE_1A85_EC53
        mix ^= mix >> 33
        return TextFingerprint(high: fnv.value, low: mix)
    }

    @Test(arguments: [Language.en, .vi, .zhHans, .zhHant, .other])
    func languageSharesEqualTheCharacterSplit(language: Language) {
        var random = SeededGenerator(seed: 24, stream: UInt64(Language.allCases.firstIndex(of: language)!))
        var mixed = 0
        for _ in 0..<400 {
            let text = Self.randomText(&random)
            let shares = LanguageShares(of: text, language: language)
            #expect(shares.letters == Self.referenceShares(of: text, language: language), "\(text.debugDescription)")
            if shares.letters.count >= 3 { mixed += 1 }
        }
        // The random texts do mix languages (the comparison is not only on one-language texts).
        #expect(mixed > 100)
    }

    @Test func languageSharesOfEdgeTexts() {
        let texts = [
            "", "\n", "\r\n", "\n\n\n", "abc\r\ndef\nthe of and", "\nThe talks continue\n", "中共\r\n\r\nthe talks",
            "Giá vàng\u{0301} tăng\nthe and of", String(repeating: "the talks continue and ", count: 50_000) + "\n中共",
        ]
        for text in texts {
            for language in [Language.en, .vi, .zhHans] {
                #expect(
                    LanguageShares(of: text, language: language).letters
                        == Self.referenceShares(of: text, language: language))
            }
        }
        // A paragraph longer than the identifier's 1 MiB sample is counted whole.
        let long = String(repeating: "中文", count: LanguageIdentifier.sampleBytes / 5)
        #expect(
            LanguageShares(of: long, language: .zhHans).letters == [.zhHans: 2 * (LanguageIdentifier.sampleBytes / 5)])
        #expect(
            LanguageShares(of: long, language: .zhHans).letters == Self.referenceShares(of: long, language: .zhHans))
    }

    @Test func fingerprintEqualsTheScalarWalk() {
        var random = SeededGenerator(seed: 7)
        var fingerprints = Set<TextFingerprint>()
        for _ in 0..<500 {
            let text = Self.randomText(&random)
            let fingerprint = TextFingerprint(text)
            #expect(fingerprint == Self.referenceFingerprint(text), "\(text.debugDescription)")
            fingerprints.insert(fingerprint)
        }
        #expect(fingerprints.count > 450)
        // White-space runs of any kind fold to one space; leading and trailing white space is ignored.
        #expect(TextFingerprint(" a\u{3000}\u{00A0}b\r\n") == TextFingerprint("a b"))
        #expect(TextFingerprint("a b") != TextFingerprint("ab"))
    }

    /// `MachineTranslationSpacing.spacesToDrop(in:)` as it was, one position at a time.
    static func referenceDrops(_ text: [UInt8]) -> [Int] {
        func isLetter(_ index: Int) -> Bool {
            guard index >= 0 && index < text.count else { return false }
            var start = index
            while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
            let value = text.withUnsafeBufferPointer { UTF8Decoding.scalar(in: $0, at: start).value }
            if value >= 0x30 && value <= 0x39 { return false }
            if value >= 0x300 && value <= 0x36F { return true }
            return UTF8Decoding.isLatinWordScalar(value)
        }
        func clitic(_ index: Int) -> Bool {
            guard index < text.count else { return false }
            switch text[index] {
            case 0x73, 0x74, 0x64, 0x6D: return !isLetter(index + 1)
            case 0x72, 0x76: return index + 1 < text.count && text[index + 1] == 0x65 && !isLetter(index + 2)
            case 0x6C: return index + 1 < text.count && text[index + 1] == 0x6C && !isLetter(index + 2)
            default: return false
            }
        }
        var drops: [Int] = []
        for index in 1..<max(1, text.count - 2) where text[index] == 0x20 {
            let next = text[index + 1]
            if next == 0x2D && isLetter(index - 1) && isLetter(index + 2) {
                drops.append(index)
            } else if next == 0x27 && isLetter(index - 1) && clitic(index + 2) {
                drops.append(index)
            } else if next == 0x6E && index + 3 < text.count && text[index + 2] == 0x27 && text[index + 3] == 0x74
                && isLetter(index - 1) && !isLetter(index + 4)
            {
                drops.append(index)
            }
        }
        return drops
    }

    @Test func spacesToDropEqualTheBytewiseScan() throws {
        let normalizer = try TextNormalizer(options: .init(machineTranslationSpacing: false))
        var random = SeededGenerator(seed: 13)
        var found = 0
        for _ in 0..<500 {
            let text = Array(normalizer.normalize(Self.randomText(&random)).text.utf8)
            let drops = text.withUnsafeBufferPointer { MachineTranslationSpacing.spacesToDrop(in: $0) }
            #expect(drops == Self.referenceDrops(text), "\(String(decoding: text, as: UTF8.self).debugDescription)")
            found += drops.count
        }
        #expect(found > 100)
        for text in ["", "a", "a -b", " -b", "so -called", "do n't", "x 's", "ab -cd ef 're gh n't"] {
            let bytes = Array(text.utf8)
            #expect(
                bytes.withUnsafeBufferPointer { MachineTranslationSpacing.spacesToDrop(in: $0) }
                    == Self.referenceDrops(bytes))
        }
    }

    @Test func machineTranslationSpacingKeepsTheOffsetMap() throws {
        let without = try TextNormalizer(options: .init(machineTranslationSpacing: false))
        let with = try TextNormalizer(options: .init(machineTranslationSpacing: true))
        var random = SeededGenerator(seed: 11)
        var joined = 0
        for _ in 0..<300 {
            let text = Self.randomText(&random)
            let plain = without.normalize(text)
            // The reference: every kept byte's origin looked up one at a time.
            let utf8 = Array(plain.text.utf8)
            let drops = utf8.withUnsafeBufferPointer { MachineTranslationSpacing.spacesToDrop(in: $0) }
            var bytes: [UInt8] = []
            var origins: [Int32] = []
            for index in utf8.indices where !drops.contains(index) {
                bytes.append(utf8[index])
                origins.append(plain.originMap[index])
            }
            origins.append(plain.originMap[utf8.count])
            let expected = NormalizedText(
                text: String(decoding: bytes, as: UTF8.self),
                quotedRanges: plain.quotedRanges.compactMap { range -> Range<Int>? in
                    let lower = range.lowerBound - drops.filter { $0 < range.lowerBound }.count
                    let upper = range.upperBound - drops.filter { $0 < range.upperBound }.count
                    return lower < upper ? lower..<upper : nil
                }, language: plain.language, originalOffsets: origins)
            let spaced = with.normalize(text)
            #expect(spaced == expected, "\(text.debugDescription)")
            #expect(spaced.originalOffsets == origins)
            if !drops.isEmpty { joined += 1 }
        }
        #expect(joined > 50)
    }
}
