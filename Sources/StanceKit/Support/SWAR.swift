/// Bit tricks on eight ASCII bytes at a time ("SIMD within a register"; the zero-byte and range tests are from
/// H. S. Warren, *Hacker's Delight*, 2nd ed., §6-1).
///
/// Bytes are loaded little-endian: byte *i* of the text is bits 8*i*…8*i*+7 of the word.
enum SWAR {
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let lowSeven: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of every byte of `x` that is zero, exactly.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & lowSeven) &+ lowSeven) | x | lowSeven) }

    /// The high bit of every byte in `A`…`Z`; all bytes of `w` must be ASCII.
    @inline(__always)
    static func upperCaseBytes(_ w: UInt64) -> UInt64 {
        (w &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(w &+ 0x2525_2525_2525_2525) & highBits
    }

    /// The high bit of every byte that is an ASCII letter; all bytes of `w` must be ASCII.
    @inline(__always)
    static func letterBytes(_ w: UInt64) -> UInt64 {
        let folded = w | 0x2020_2020_2020_2020
        return (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(folded &+ 0x0505_0505_0505_0505) & highBits
    }

    /// `w` with ASCII capitals lower-cased; all bytes of `w` must be ASCII.
    @inline(__always)
    static func lowerCased(_ w: UInt64) -> UInt64 { w | (upperCaseBytes(w) >> 2) }

    /// Non-zero exactly when some byte of `w` is below `n` (`n` at most 0x80): the high bit of the first such byte is
    /// set, and a borrow may set those of bytes above it, but no bit is set when no byte is below `n` (bytes of 0x80
    /// and above have their high bit cleared by `~w`). A test, not a mask of every such byte.
    @inline(__always)
    static func belowBytes(_ w: UInt64, _ n: UInt8) -> UInt64 {
        (w &- UInt64(n) &* 0x0101_0101_0101_0101) & ~w & highBits
    }

    /// Whether some byte of `w` is `"`, `\\` or a control character below U+0020: the bytes a JSON string cannot
    /// hold unescaped or that end it. Exact (a borrow in the `< 0x20` test only runs up from a byte that is below
    /// 0x20, and bytes of 0x80 and above have their high bit cleared by `~w`).
    @inline(__always)
    static func hasJSONStringStop(_ w: UInt64) -> Bool {
        let control = belowBytes(w, 0x20)
        return control | zeroBytes(w ^ 0x2222_2222_2222_2222) | zeroBytes(w ^ 0x5C5C_5C5C_5C5C_5C5C) != 0
    }

    /// Whether some byte of `w` is `:`, `.` or `@`, where ``WebAddressDetector`` looks for an address. Exact: each
    /// test is ``zeroBytes(_:)``'s, which is exact for every byte.
    @inline(__always)
    static func hasAddressStop(_ w: UInt64) -> Bool {
        zeroBytes(w ^ 0x3A3A_3A3A_3A3A_3A3A) | zeroBytes(w ^ 0x2E2E_2E2E_2E2E_2E2E)
            | zeroBytes(w ^ 0x4040_4040_4040_4040)
            != 0
    }

    /// Whether all eight bytes are printable ASCII (U+0020–U+007E) other than `"` and backtick, with no two spaces
    /// in a row.
    @inline(__always)
    static func isPlainChunk(_ w: UInt64) -> Bool {
        guard w & highBits == 0 else { return false }
        let control = belowBytes(w, 0x20)
        let quotes = zeroBytes(w ^ 0x2222_2222_2222_2222) | zeroBytes(w ^ 0x6060_6060_6060_6060)
        let deletes = zeroBytes(w ^ lowSeven)
        let spaces = zeroBytes(w ^ 0x2020_2020_2020_2020)
        return control | quotes | deletes | (spaces & (spaces << 8)) == 0
    }
}
