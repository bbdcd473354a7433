import Testing
import _StanceTestSupport

@testable import StanceKit

/// The row sort of the feature extractor against the standard library's sort.
struct RadixSortTests {
    /// Rows below, at and above the size where the radix passes take over, with column widths of one, two and
    /// three passes, and keys with equal high halves (which must keep their order).
    @Test(arguments: [0, 1, 2, 63, 64, 65, 1000, 5000])
    func sortsLikeTheStandardLibrary(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count) + 3)
        var scratch: [UInt64] = []
        for bits in [1, 10, 11, 12, 22, 23, 31] {
            let values = (0..<count).map { index -> UInt64 in
                let column = UInt64.random(in: 0..<(UInt64(1) << bits), using: &generator)
                return column << 32 | UInt64(index)
            }
            var sorted = values
            RadixSort.sortByHighHalf(&sorted, scratch: &scratch, significantBits: bits)
            // Stable: equal columns stay in input order, which the low half (the input position) records.
            #expect(sorted == values.sorted(), "count \(count), \(bits) bits")
        }
    }
}

/// Sorting column names on two threads (halves merged) gives the order of one thread and of a plain comparison sort.
struct KeySortTests {
    @Test func twoThreadsSortLikeOne() {
        var generator = SeededGenerator(seed: 21)
        var table = ByteStringTable(capacity: 0)
        table.releaseIndex()
        let letters = Array("abcé中 ".utf8)
        var seen = Set<[UInt8]>()
        // More keys than the size where the halves are sorted apart; many share their first 16 bytes.
        while seen.count < 70_000 {
            let prefix = Bool.random(using: &generator) ? Array("w:the cold war me".utf8) : []
            let key =
                prefix
                + (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                    letters.randomElement(using: &generator)!
                }
            if seen.insert(key).inserted { key.withUnsafeBufferPointer { table.append(distinct: $0) } }
        }
        let ids = Array((0..<table.count).shuffled(using: &generator))
        let one = table.sortedByKey(ids, threads: 1)
        #expect(table.sortedByKey(ids, threads: 2) == one)
        #expect(one == ids.sorted { table.keyPrecedes($0, $1) })
    }
}
