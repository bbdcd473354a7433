/// The letters a list of folded entries (``CleaningLabels/fold(_:)``) is written in, kept as bit sets so that a line
/// can be let go after one pass over its bytes, with no string built and no set of strings hashed: if a line holds
/// an ASCII letter or digit, a pair of them side by side, or a Han character that no entry holds, then neither its
/// fold nor the fold of any of its words is an entry or a part of one.
///
/// Why that is sound. Folding is NFKC, lower-casing, dropping white space and trimming edge marks, and entries are
/// compared as Swift strings (by canonical equivalence). Only characters followed by a *steady* byte are tested: an
/// ASCII letter, digit or other printable sign that is no edge mark (``CleaningLabels/edgeMarks``), or the end of the
/// range. Such a follower is kept by folding (it is no white space, and an edge mark is trimmed only at the ends) and
/// stays in the same word, so the character before it is followed, in the fold of the line and of its word, by a
/// starter and never by a combining mark (which could compose with it or make it equivalent to another letter). An
/// ASCII letter or digit so followed folds to itself (lower-cased), and no composition takes it as its second part;
/// so it, and a pair of them side by side, appear literally in the fold and in any entry equivalent to it. A unified
/// Han ideograph (U+3400–U+4DBF, U+4E00–U+9FFF) has no decomposition, composes with nothing and has no case; the
/// entries, being NFKC, hold no compatibility ideograph that would be equivalent to one. A line made of listed
/// strings folds to an entry, or its words fold to pieces that join into entries, so every tested character and
/// pair occurs in some entry. The test only ever rejects; the lines it lets through take the full test.
struct FoldAlphabet: Sendable {
    /// ASCII letters (lower case) and digits found in the entries: bit `b` of word `b >> 6`.
    private var singles: (UInt64, UInt64) = (0, 0)
    /// Pairs of ASCII letters or digits found next to each other in an entry: 36 × 36 bits, one word per first
    /// character.
    private var pairs = [UInt64](repeating: 0, count: 36)
    /// Han ideographs of U+3400–U+9FFF found in the entries, one bit each from U+3400.
    private var han = [UInt64](repeating: 0, count: (0xA000 - 0x3400) / 64)

    /// The alphabet of `entries` (folded strings).
    init(_ entries: [String]) {
        for entry in entries {
            var previous: Int?
            for scalar in entry.unicodeScalars {
                let value = scalar.value
                if value < 0x80, let code = Self.code(UInt8(value)) {
                    let byte = UInt8(value)
                    let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if lower < 64 { singles.0 |= 1 << UInt64(lower) } else { singles.1 |= 1 << UInt64(lower - 64) }
                    if let previous { pairs[previous] |= 1 << UInt64(code) }
                    previous = code
                    continue
                }
                previous = nil
                if Self.isUnifiedHan(value) {
                    let bit = Int(value - 0x3400)
                    han[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
        }
    }

    /// The index (0–35) of an ASCII letter (either case) or digit, or `nil`.
    @inline(__always)
    private static func code(_ byte: UInt8) -> Int? {
        if byte >= 0x30 && byte <= 0x39 { return Int(byte - 0x30) }
        let lower = byte | 0x20
        if lower >= 0x61 && lower <= 0x7A { return Int(lower - 0x61) + 10 }
        return nil
    }

    @inline(__always)
    private static func isUnifiedHan(_ value: UInt32) -> Bool {
        (value >= 0x3400 && value <= 0x4DBF) || (value >= 0x4E00 && value <= 0x9FFF)
    }

    /// Printable ASCII bytes other than edge marks: the followers that make the character before them safe to test.
    private let steady: (UInt64, UInt64) = {
        var bits: (UInt64, UInt64) = (0, 0)
        for byte in UInt8(0x21)...UInt8(0x7E) where !CleaningLabels.edgeMarks.contains(Unicode.Scalar(byte)) {
            if byte < 64 { bits.0 |= 1 << UInt64(byte) } else { bits.1 |= 1 << UInt64(byte - 64) }
        }
        return bits
    }()

    @inline(__always)
    private func isSteady(_ byte: UInt8) -> Bool {
        byte < 64 ? steady.0 >> UInt64(byte) & 1 == 1 : byte < 128 && steady.1 >> UInt64(byte - 64) & 1 == 1
    }

    /// Whether every ASCII letter or digit of `bytes[range]` followed by a steady byte or by the end of the range,
    /// every pair of them side by side (the second so followed), and every unified Han ideograph occurs in an entry.
    /// `false` means that no word sequence of the range folds to an entry or to a part of one.
    ///
    /// With `headOnly`, only the head of the range is tested: the bytes before its first `:` `：` `»` `|`, where
    /// the head of a `marker: title` line ends (``DocumentCleaner/markerKind(_:_:)``). A marker line, bare or with a
    /// title, is a marker up to there (its head folds to a marker, or the whole line does).
    ///
    /// - Complexity: O(*n*) in the bytes of the range, with no allocation.
    func admits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, headOnly: Bool = false) -> Bool {
        var position = range.lowerBound
        var previous = -1
        while position < range.upperBound {
            let byte = bytes[position]
            if byte < 0x80 {
                if headOnly && (byte == 0x3A || byte == 0x7C) { return true }
                position += 1
                guard let code = Self.code(byte),
                    position == range.upperBound || isSteady(bytes[position])
                else {
                    previous = -1
                    continue
                }
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                let known = lower < 64 ? singles.0 >> UInt64(lower) & 1 : singles.1 >> UInt64(lower - 64) & 1
                if known == 0 { return false }
                if previous >= 0 && pairs[previous] >> UInt64(code) & 1 == 0 { return false }
                previous = code
                continue
            }
            previous = -1
            // `：` is EF BC 9A, `»` C2 BB.
            if headOnly && position + 1 < range.upperBound
                && ((byte == 0xC2 && bytes[position + 1] == 0xBB)
                    || (byte == 0xEF && position + 2 < range.upperBound && bytes[position + 1] == 0xBC
                        && bytes[position + 2] == 0x9A))
            {
                return true
            }
            // Han ideographs of U+3400–U+9FFF are three bytes, E3 90 80 to E9 BF BF.
            if byte >= 0xE3 && byte <= 0xE9 && position + 2 < range.upperBound {
                let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
                if Self.isUnifiedHan(value) {
                    let bit = Int(value - 0x3400)
                    if han[bit >> 6] >> UInt64(bit & 63) & 1 == 0 { return false }
                }
                position += width
                continue
            }
            position += 1
        }
        return true
    }
}
