import Testing
import _StanceTestSupport

@testable import StanceKit

/// The tokeniser's eight-byte reading of ASCII words (``Tokenizer``'s word ends) gives the very tokens of the
/// scalar-by-scalar reading it replaced (``ReferenceTokenizer``, the earlier code kept here), on random texts that
/// mix Simplified and Traditional Chinese, English and Vietnamese words with the characters that end or join words
/// (apostrophes, hyphens, decimal points, `#` and `@`, `_`, combining marks, non-ASCII letters right after ASCII
/// ones) at every offset within an eight-byte chunk.
@Suite struct TokenizerEquivalenceTests {
    /// Pieces the random texts are made of (written for these tests).
    static let pieces = [
        "river", "Harbour", "bridge", "reopened", "delegation", "2026", "1,000", "3.5", "don't", "one-china",
        "covid-19", "#floods", "@desk_news", "a", "IS", "abcdefghijklmnopq", "naïve", "café", "Gia\u{0301}",
        "va\u{0300}ng",
        "giá", "vàng", "người", "dân", "河畔日报", "水坝", "台灣選舉", "這個問題", "東京で", "서울", "Москва",
        "x\u{0301}y", "ab中", "中ab", "ß", "Ωmega", "𠀀",
    ]
    /// What stands between pieces: spaces, punctuation, breaks, joiners, and nothing at all.
    static let gaps = [
        " ", "  ", ", ", ". ", "!", "?", ";", ":", "\n", "\r\n", "'", "-", "--", "_", "#", "@", ".", ",", "",
        "\u{3000}", "。", "“", "”", "\u{2028}", "\t", "0", "9", "é", "\u{0301}",
    ]

    static func randomText(_ random: inout SeededGenerator) -> String {
        random.text(pieces: pieces, gaps: gaps, maxPieces: 60)
    }

    @Test func eightByteWordEndsGiveTheTokensOfTheScalarReading() {
        var random = SeededGenerator(seed: 2_412)
        var scripts: Set<Script> = []
        var longWords = 0
        for _ in 0..<4_000 {
            let text = Self.randomText(&random)
            var string = text
            let (new, old) = string.withUTF8 { bytes -> ([Token], [Token]) in
                var new: [Token] = []
                Tokenizer().tokenize(bytes, into: &new)
                return (new, ReferenceTokenizer.tokens(bytes))
            }
            #expect(new == old, "\(text.debugDescription)")
            for scalar in text.unicodeScalars { scripts.insert(Script(scalar)) }
            longWords += new.filter { $0.kind == .word && $0.range.count >= 8 }.count
        }
        // The texts reach all four languages' scripts, and words long enough to take the eight-byte path.
        #expect(scripts.isSuperset(of: [.latin, .vietnameseLatin, .han, .kanaOrHangul, .otherLetter]))
        #expect(longWords > 1_000)
    }

    @Test func handWorkedWordEnds() {
        var text = "abcdefgh's 12345678.9 abcdefg-h abcdefghé abcdefgh中 #abcdefgh_ij"
        let tokens = text.withUTF8 { bytes -> [String] in
            var tokens: [Token] = []
            Tokenizer().tokenize(bytes, into: &tokens)
            return tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self) }
        }
        #expect(tokens == ["abcdefgh's", "12345678.9", "abcdefg-h", "abcdefghé", "abcdefgh", "中", "#abcdefgh_ij"])
    }

    @Test func asciiWordBytesMarkLettersAndDigitsBelowTheFirstNonASCIIByte() {
        // Every byte value at every place, with ASCII letters around it.
        for value in 0...255 {
            for place in 0..<8 {
                var bytes = [UInt8](repeating: 0x61, count: 8)
                bytes[place] = UInt8(value)
                var chunk: UInt64 = 0
                for (index, byte) in bytes.enumerated() { chunk |= UInt64(byte) << UInt64(8 * index) }
                let marks = Tokenizer.asciiWordBytes(chunk)
                for index in 0...place {
                    let byte = bytes[index]
                    let isWord = byte < 0x80 && CharacterClass(UInt32(byte)) == .word
                    #expect((marks >> UInt64(8 * index + 7)) & 1 == (isWord ? 1 : 0), "byte \(value) at \(place)")
                }
            }
        }
    }
}

/// The tokeniser as it was before eight-byte word ends (3f206df), scalar by scalar: the reference of
/// ``TokenizerEquivalenceTests``.
enum ReferenceTokenizer {
    static func tokens(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        let count = bytes.count
        var index = 0
        var pendingBreak = false
        while index < count {
            let (value, length) = UTF8Scalars.decode(bytes, at: index)
            switch CharacterClass(value) {
            case .unspaced:
                tokens.append(Token(range: index..<(index + length), kind: .unspaced, followsBreak: pendingBreak))
                pendingBreak = false
                index += length
            case .word:
                let end = wordEnd(bytes, from: index + length, underscores: false)
                tokens.append(Token(range: index..<end, kind: .word, followsBreak: pendingBreak))
                pendingBreak = false
                index = end
            case .mark:
                index += length
            case .other:
                if (value == 0x23 || value == 0x40) && index + 1 < count
                    && CharacterClass(UTF8Scalars.decode(bytes, at: index + 1).value) == .word
                    && (index == 0
                        || !CharacterClass(
                            UTF8Scalars.decode(bytes, at: UTF8Scalars.previousStart(bytes, before: index)).value
                        ).continuesWord)
                {
                    let end = wordEnd(bytes, from: index + 1, underscores: true)
                    tokens.append(Token(range: index..<end, kind: .word, followsBreak: pendingBreak))
                    pendingBreak = false
                    index = end
                } else {
                    if Tokenizer.isBreak(value) { pendingBreak = true }
                    index += length
                }
            }
        }
        return tokens
    }

    static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, underscores: Bool) -> Int {
        let count = bytes.count
        var end = start
        while end < count {
            let (value, length) = UTF8Scalars.decode(bytes, at: end)
            if CharacterClass(value).continuesWord || (underscores && value == 0x5F) {
                end += length
                continue
            }
            let next = end + length
            guard next < count else { break }
            if value == 0x27 || value == 0x2D {
                if CharacterClass(UTF8Scalars.decode(bytes, at: next).value) == .word {
                    end = next
                    continue
                }
            } else if value == 0x2C || value == 0x2E {
                let before = bytes[end - 1]
                let after = bytes[next]
                if before >= 0x30 && before <= 0x39 && after >= 0x30 && after <= 0x39 {
                    end = next
                    continue
                }
            }
            break
        }
        return end
    }
}
