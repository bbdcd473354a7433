/// The texts of recently written `Double`s, by bit pattern, so that a value written again is copied instead of
/// formatted again: the same bytes as `Double.write(to:)`, which is Swift's shortest round-trip decimal form.
///
/// A value's text depends on nothing but its bits, so a text found under the same 64-bit pattern is the text the
/// standard library would write; the cache can never change a byte, only skip the formatting. A tf-idf row with
/// sublinear tf and unit length repeats a value wherever two of its n-grams share a count and a document frequency
/// (most often 1 and a small df): on Article-Bias-Prediction (word 1–2-grams, min-df 3) 27 % of the 38.8 million
/// values of `stance features --export svmlight` repeat a value of their own row, and formatting a value takes
/// about 55 ns (§20 of docs/benchmarks.md) against a few for a look-up here.
///
/// Direct-mapped: ``slotCount`` slots of 32 bytes (128 KiB, within the L2 cache), each the bit pattern and up to 23
/// bytes of text with its length in the last byte; a new value replaces whatever its slot held. Texts of 24 bytes
/// (a minus sign, 17 digits and a three-digit exponent, such as `-2.2250738585072014e-308`) are not kept.
struct DoubleTextCache {
    /// The number of slots, a power of two.
    static let slotCount = 1 << slotBits
    static let slotBits = 12
    /// The longest text kept: the slot's last byte holds the length.
    static let longestText = 23

    private struct Slot {
        /// The value's bit pattern, or ``DoubleTextCache/empty``.
        var bits: UInt64
        /// The text, then unused bytes, then its length in the last byte.
        var text: (UInt64, UInt64, UInt64)
    }

    /// No value: the bits of a NaN, which is never written (the writers refuse values that are not finite).
    static let empty = UInt64.max

    private let slots: UnsafeMutablePointer<Slot>

    /// An empty cache, which the caller frees with ``deallocate()``.
    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: Slot(bits: Self.empty, text: (0, 0, 0)), count: Self.slotCount)
    }

    /// Frees the slots; the cache must not be used afterwards.
    func deallocate() { slots.deallocate() }

    /// Writes the text of `value`, a finite number, at `cursor`: the bytes of `value.write(to: &cursor)`.
    ///
    /// A value found in the cache costs a copy of 24 bytes at the cursor, of which the text's length is kept; the
    /// cursor needs room for 24 bytes whatever the text's length (a writer's room for the longest text, 24 bytes,
    /// covers it).
    @inline(__always)
    func write(_ value: Double, to cursor: inout ByteCursor) {
        let bits = value.bitPattern
        let slot = slots + Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.slotBits))
        if slot.pointee.bits == bits {
            let text = slot.pointee.text
            let raw = UnsafeMutableRawPointer(cursor.position)
            raw.storeBytes(of: text.0, as: UInt64.self)
            raw.storeBytes(of: text.1, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: text.2, toByteOffset: 16, as: UInt64.self)
            cursor.position += Int(truncatingIfNeeded: UInt64(littleEndian: text.2) >> 56)
            return
        }
        let start = cursor.position
        value.write(to: &cursor)
        let length = cursor.position - start
        guard length <= Self.longestText else { return }
        // The 24 bytes from the text's start, read as three words (the bytes after the text are the writer's room
        // and never copied out: a hit advances by the length only), with the length in the last byte. A byte copy
        // into a stack tuple stalled the load that followed it (a store-forwarding failure): a quarter of this
        // function's time.
        let raw = UnsafeRawPointer(start)
        let lengthByte = UInt64(truncatingIfNeeded: length) << 56
        let last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        let text = (
            raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            UInt64(littleEndian: last & 0x00FF_FFFF_FFFF_FFFF | lengthByte)
        )
        slot.pointee = Slot(bits: bits, text: text)
    }
}
