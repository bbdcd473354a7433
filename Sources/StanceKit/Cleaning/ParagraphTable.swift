/// The distinct paragraphs (lines) of one text met so far, for finding the earlier copy of a line: an open-addressing
/// table of line indices keyed by a hash of their bytes, probed linearly, with the bytes compared on every hash
/// match. Two flat arrays per text, where a dictionary of arrays allocated one array per distinct line.
struct ParagraphTable {
    /// Line index + 1 per slot (0: empty), and the hash of that line's bytes.
    private var slots: [Int32]
    private var hashes: [UInt64]
    private let mask: Int

    /// A table for at most `capacity` lines (kept at most half full).
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        hashes = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The line already in the table whose bytes equal `bytes[range]` (by `same`), or `nil` after adding `line`.
    ///
    /// - Parameters:
    ///   - hash: ``hash(_:_:)`` of `range`.
    ///   - same: whether an earlier line holds the same bytes.
    mutating func earlierOrInsert(_ line: Int, hash: UInt64, same: (Int) -> Bool) -> Int? {
        var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
        while slots[slot] != 0 {
            let earlier = Int(slots[slot]) - 1
            if hashes[slot] == hash && same(earlier) { return earlier }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(truncatingIfNeeded: line + 1)
        hashes[slot] = hash
        return nil
    }

    /// A hash of `bytes[range]` from its length and at most its first and last 32 bytes, eight at a time: lines are
    /// compared byte for byte on a match, so the hash need not read the middle of a long paragraph.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let count = range.count
        var hash = 0x9E37_79B9_7F4A_7C15 &* UInt64(count &+ 1)
        @inline(__always) func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
        }
        let base = UnsafeRawPointer(bytes.baseAddress! + range.lowerBound)
        if count < 8 {
            for offset in 0..<count { mix(UInt64(base.load(fromByteOffset: offset, as: UInt8.self))) }
            return hash
        }
        // Words at 0, 8, 16, 24 and count - 32, -24, -16, -8, each kept inside the range.
        @inline(__always) func word(at start: Int) {
            mix(base.loadUnaligned(fromByteOffset: min(max(start, 0), count - 8), as: UInt64.self))
        }
        word(at: 0)
        word(at: 8)
        word(at: 16)
        word(at: 24)
        word(at: count - 32)
        word(at: count - 24)
        word(at: count - 16)
        word(at: count - 8)
        return hash
    }
}
