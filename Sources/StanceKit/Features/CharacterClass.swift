/// Decoding of UTF-8 straight from bytes, for the hot loops of the tokenizer and the lexicon matcher.
enum UTF8Scalars {
    /// The scalar value starting at `index` and its length in bytes. The bytes must be valid UTF-8 (a Swift
    /// `String`'s are).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F), 2)
        }
        if lead < 0xF0 {
            let value =
                ((lead & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6)
                | (UInt32(bytes[index + 2]) & 0x3F)
            return (value, 3)
        }
        let value =
            ((lead & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F)
        return (value, 4)
    }

    /// The offset of the first byte of the scalar that ends just before `index` (`index` > 0).
    @inline(__always)
    static func previousStart(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Int {
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return start
    }
}

/// How the tokenizer sees one scalar.
enum CharacterClass: UInt8, Sendable {
    /// A letter or digit of a spaced script: part of a word.
    case word
    /// A combining mark: continues a word, never starts one.
    case mark
    /// A Han, kana or hangul character: a token on its own.
    case unspaced
    /// Anything else: separates tokens.
    case other

    @inline(__always)
    init(_ value: UInt32) {
        if value < 0x80 {
            if (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
            {
                self = .word
            } else {
                self = .other
            }
            return
        }
        guard let scalar = Unicode.Scalar(value) else {
            self = .other
            return
        }
        let script = Script(scalar)
        if script.isUnspaced {
            self = .unspaced
            return
        }
        if script != .none {
            self = .word
            return
        }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .modifierLetter:
            self = .word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            self = .mark
        default:
            self = .other
        }
    }

    /// Whether a scalar of this class joins the word it touches (a word character or a combining mark).
    @inline(__always)
    var continuesWord: Bool { self == .word || self == .mark }
}
