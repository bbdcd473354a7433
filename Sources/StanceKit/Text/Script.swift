/// The writing system of one Unicode scalar, as far as `stance` needs to know it.
public enum Script: Sendable, Equatable {
    /// A Han ideograph (CJK Unified Ideographs and their extensions, compatibility ideographs).
    case han
    /// Hiragana, katakana or hangul: written without spaces, tokenised one character at a time like Han.
    case kanaOrHangul
    /// A Latin letter that Vietnamese uses and other Latin-script languages here do not (ă â đ ê ô ơ ư, ĩ ũ, and the
    /// precomposed letters of U+1EA0–U+1EF9 such as ạ ả ấ ầ ẩ ẫ ậ).
    case vietnameseLatin
    /// Any other Latin letter.
    case latin
    /// A letter of another script (Cyrillic, Arabic, ...).
    case otherLetter
    /// Not a letter.
    case none

    /// Classifies one scalar.
    @inlinable
    public init(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        if v < 0x80 {
            self = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) ? .latin : .none
            return
        }
        switch v {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:
            self = .han
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F:
            self = .kanaOrHangul
        case 0x1EA0...0x1EF9, 0x0102, 0x0103, 0x00C2, 0x00E2, 0x0110, 0x0111, 0x00CA, 0x00EA, 0x00D4, 0x00F4,
            0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x0128, 0x0129, 0x0168, 0x0169:
            self = .vietnameseLatin
        case 0x00C0...0x00FF where v != 0x00D7 && v != 0x00F7, 0x0100...0x024F, 0x1E00...0x1EFF:
            self = .latin
        default:
            self = scalar.properties.isAlphabetic ? .otherLetter : .none
        }
    }

    /// Whether texts in this script are written without spaces between words.
    @inlinable
    public var isUnspaced: Bool { self == .han || self == .kanaOrHangul }
}

/// How a whole text is written: the script summary that `stance corpus` reports.
public enum ScriptClass: String, Sendable, CaseIterable {
    case han
    case latin
    case vietnamese
    case mixed
    case none

    /// Counts of letters by script in a text.
    public struct Counts: Sendable, Equatable {
        public var han = 0
        public var kanaOrHangul = 0
        public var latin = 0
        public var vietnameseLatin = 0
        public var other = 0

        public init() {}

        public init(_ text: String) {
            for scalar in text.unicodeScalars {
                switch Script(scalar) {
                case .han: han += 1
                case .kanaOrHangul: kanaOrHangul += 1
                case .latin: latin += 1
                case .vietnameseLatin: vietnameseLatin += 1
                case .otherLetter: other += 1
                case .none: break
                }
            }
        }

        public var letters: Int { han + kanaOrHangul + latin + vietnameseLatin + other }
    }

    /// The class of a text: `han` or `latin`/`vietnamese` when at least 80% of its letters are of that script,
    /// `mixed` otherwise, `none` when it has no letters. A Latin-script text is `vietnamese` when at least 3% of its
    /// Latin letters are letters only Vietnamese uses (running Vietnamese text has 20–40%).
    public init(_ counts: Counts) {
        let total = counts.letters
        guard total > 0 else {
            self = .none
            return
        }
        let cjk = counts.han + counts.kanaOrHangul
        let latin = counts.latin + counts.vietnameseLatin
        if Double(cjk) >= 0.8 * Double(total) {
            self = .han
        } else if Double(latin) >= 0.8 * Double(total) {
            self = Double(counts.vietnameseLatin) >= 0.03 * Double(latin) ? .vietnamese : .latin
        } else {
            self = .mixed
        }
    }

    public init(of text: String) { self.init(Counts(text)) }
}

extension Unicode.Scalar {
    /// Whether the scalar is white space (Unicode `White_Space`), with a fast path for ASCII.
    @inlinable
    public var isWhitespaceFast: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
