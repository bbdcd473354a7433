/// A 128-bit fingerprint of a text after white-space folding, used to find exact duplicates (syndicated copies).
///
/// Runs of Unicode white space count as one space and leading and trailing white space is ignored, so that two
/// copies of an article that differ only in line breaks or indentation match. The two 64-bit lanes are FNV-1a and
/// a multiply–rotate hash over the same bytes; both are fixed and stable across versions and processes. With 128 bits
/// the chance that any two of a billion different texts collide is about 1e-21.
public struct TextFingerprint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { Self(utf8: $0) }
    }

    /// The fingerprint of the UTF-8 text `bytes` (valid UTF-8, as a `String` holds): the bytes of every scalar that
    /// is not white space are fed as they stand (the UTF-8 encoding of a scalar is unique), and a run of white space
    /// between two such scalars feeds one space.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var fnv = FNV1a()
        var mix: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pendingSpace = false
        var started = false
        @inline(__always)
        func feed(_ byte: UInt8) {
            fnv.feed(byte)
            mix = ((mix ^ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD)
            mix = (mix << 29) | (mix >> 35)
        }
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes none of which is white space or a control byte (each above 0x20): fed as they
            // stand, with no test per byte (the two hashes' chains of multiplications are then the whole cost).
            if index + 8 <= count {
                let chunk = UInt64(
                    littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                if chunk & SWAR.highBits == 0 && SWAR.belowBytes(chunk, 0x21) == 0 {
                    if pendingSpace {
                        feed(0x20)
                        pendingSpace = false
                    }
                    started = true
                    for shift in stride(from: UInt64(0), to: 64, by: 8) {
                        feed(UInt8(truncatingIfNeeded: chunk >> shift))
                    }
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            var length = 1
            if byte < 0x80 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = started
                    index += 1
                    continue
                }
            } else {
                let scalar = UTF8Decoding.scalar(in: bytes, at: index)
                length = scalar.length
                if Unicode.Scalar(scalar.value)!.isWhitespaceFast {
                    pendingSpace = started
                    index += length
                    continue
                }
            }
            if pendingSpace {
                feed(0x20)
                pendingSpace = false
            }
            started = true
            for offset in index..<(index + length) { feed(bytes[offset]) }
            index += length
        }
        mix ^= mix >> 33
        mix = mix &* 0xC4CE_B9FE_1A85_EC53
        mix ^= mix >> 33
        self.init(high: fnv.value, low: mix)
    }

    public static func < (lhs: TextFingerprint, rhs: TextFingerprint) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    public var description: String {
        let hex = { (value: UInt64) -> String in
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low)
    }
}
