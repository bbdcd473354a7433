/// The 64-bit FNV-1a hash (Fowler, Noll, Vo), fed one byte at a time: fixed, and stable across versions and
/// processes.
///
/// ```
/// h ← 0xcbf29ce484222325;  for each byte b: h ← (h ⊕ b) · 0x100000001b3
/// ```
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    mutating func feed(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}

/// A stable 64-bit key of a text for finding exact duplicates: ``FNV1a`` over its UTF-8 bytes.
///
/// Two equal strings (by `==`, which compares canonical equivalents) may have different bytes; pass normalised text
/// so that such pairs count as duplicates. Collisions are possible but for a corpus of a million texts the chance of
/// any is about n²/2⁶⁵ ≈ 3·10⁻⁸.
public func duplicateKey(of text: String) -> UInt64 {
    var hash = FNV1a()
    for byte in text.utf8 { hash.feed(byte) }
    return hash.value
}
