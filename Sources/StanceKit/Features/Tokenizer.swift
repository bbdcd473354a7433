/// Splits a normalised text into tokens: the unit of n-grams and of every "rate per 1,000 tokens".
///
/// A token is either
/// - one Han, kana or hangul character (``Script/isUnspaced``): `中国共产党` is five tokens; or
/// - one word of a spaced script: a maximal run of letters (any script but the unspaced ones), digits and
///   combining marks, where
///   - an apostrophe `'` or a hyphen `-` between two word characters stays inside the word (`china's`,
///     `don't`, `one-china`, `covid-19`: hyphenated compounds are kept whole because they are often the very framing
///     terms a lexicon names, e.g. `pro-beijing`);
///   - a `.` or `,` between two ASCII digits stays inside the number (`1,000`, `3.5`);
///   - a `#` or `@` directly before a word and not after a word character starts a `#hashtag` or `@mention`, kept
///     whole with its sign; inside these `_` is part of the name (`@xi_jinping`).
///
/// Vietnamese is written with a space between syllables, so each syllable is a token (`trung`, `quốc`).
/// Everything else (spaces, punctuation, symbols, emoji) separates tokens and is not counted. Sentence punctuation
/// `.` `!` `?` `;` `:` and line breaks (the normaliser folds `。！？；：` to ASCII; the full-width forms are
/// recognised as well) mark the next token with ``Token/followsBreak``.
///
/// "Rate per 1,000 tokens" everywhere in `stance` means `1000 · hits / tokenCount` with this definition, so a
/// Chinese article of 800 characters and an English article of 800 words have the same denominator.
///
/// - Complexity: O(n) in the UTF-8 length of the text; no allocation per token beyond the result array.
public struct Tokenizer: Sendable {
    public init() {}

    /// The tokens of `text`, in order.
    public func tokens(in text: NormalizedText) -> [Token] {
        var string = text.text
        var result: [Token] = []
        string.withUTF8 { tokenize($0, into: &result) }
        return result
    }

    /// The number of tokens of `text` (the denominator of rates per 1,000 tokens).
    public func tokenCount(in text: NormalizedText) -> Int { tokens(in: text).count }

    /// Appends the tokens of the UTF-8 bytes `bytes` to `tokens`.
    func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
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
                    if Self.isBreak(value) { pendingBreak = true }
                    index += length
                }
            }
        }
    }

    /// The end of the word whose first scalar ends at `start`; `underscores` lets `_` continue it (in hashtags and
    /// mentions, where `@xi_jinping` is one name).
    @inline(__always)
    private func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, underscores: Bool) -> Int {
        let count = bytes.count
        var end = start
        while end < count {
            // ASCII letters and digits eight at a time: the bytes before the first other byte (which is then read
            // scalar by scalar below) all continue the word.
            if !underscores && end + 8 <= count {
                let wordBytes = Self.asciiWordBytes(
                    UInt64(
                        littleEndian: UnsafeRawPointer(bytes.baseAddress! + end).loadUnaligned(as: UInt64.self)))
                if wordBytes == SWAR.highBits {
                    end += 8
                    continue
                }
                end += (~wordBytes & SWAR.highBits).trailingZeroBitCount / 8
            }
            let (value, length) = UTF8Scalars.decode(bytes, at: end)
            if CharacterClass(value).continuesWord || (underscores && value == 0x5F) {
                end += length
                continue
            }
            let next = end + length
            guard next < count else { break }
            if value == 0x27 || value == 0x2D {
                // Apostrophe or hyphen between two word characters.
                if CharacterClass(UTF8Scalars.decode(bytes, at: next).value) == .word {
                    end = next
                    continue
                }
            } else if value == 0x2C || value == 0x2E {
                // Decimal point or thousands separator between two ASCII digits.
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

    /// The high bit of each byte of the little-endian `chunk` that is an ASCII letter or digit (``CharacterClass``'s
    /// ASCII word characters), else 0. Exact for every byte below the first byte of 0x80 or more (no carry crosses
    /// into a byte from an ASCII byte below it); that byte itself is always 0.
    @inline(__always)
    static func asciiWordBytes(_ chunk: UInt64) -> UInt64 {
        let digits = (chunk &+ 0x5050_5050_5050_5050) & ~(chunk &+ 0x4646_4646_4646_4646)
        return (SWAR.letterBytes(chunk) | digits) & ~chunk & SWAR.highBits
    }

    /// Sentence punctuation and line breaks: `.` `!` `?` `;` `:`, `\n` `\r`, U+2028, U+2029 and the full-width
    /// `。！？；：`.
    @inline(__always)
    static func isBreak(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x0A, 0x0D, 0x2028, 0x2029, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A:
            return true
        default:
            return false
        }
    }
}
