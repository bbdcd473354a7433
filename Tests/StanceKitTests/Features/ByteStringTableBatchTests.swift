import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct ByteStringTableBatchTests {
    /// Keys interned in batches (`intern(count:hashes:ids:prefetchDistance:key:)`) get the ids, and leave the table,
    /// that interning each key by itself gives: keys of every length (empty, up to 16 bytes kept in the slot, longer
    /// ones in the arena), repeated within and across batches, in a table that starts small and grows inside a
    /// batch, at prefetch distances 0, 1 and 16.
    @Test(arguments: [0, 1, 16])
    func batchesGiveTheIdsOfOneByOne(prefetchDistance: Int) {
        var generator = SeededGenerator(seed: 2024)
        let alphabet: [[UInt8]] = ["a", "b", "é", "中", "-"].map { Array($0.utf8) }
        var pool: [[UInt8]] = [[]]
        for _ in 0..<3_000 {
            let length = Int.random(in: 1...12, using: &generator)
            pool.append((0..<length).flatMap { _ in alphabet.randomElement(using: &generator)! })
        }
        var batched = ByteStringTable(capacity: 4)
        var single = ByteStringTable(capacity: 4)
        for _ in 0..<40 {
            let count = Int.random(in: 0...600, using: &generator)
            let keys = (0..<count).map { _ in pool.randomElement(using: &generator)! }
            let hashes = keys.map { key in key.withUnsafeBufferPointer(ByteStringTable.hash) }
            let expected = keys.map { key in UInt32(single.intern(bytes: key)) }
            var ids = [UInt32](repeating: .max, count: count + 1)
            // The keys back to back, as a tokeniser's text holds them.
            let text = keys.flatMap { $0 }
            var starts = [0]
            for key in keys { starts.append(starts.last! + key.count) }
            text.withUnsafeBufferPointer { text in
                hashes.withUnsafeBufferPointer { hashes in
                    ids.withUnsafeMutableBufferPointer { ids in
                        batched.intern(
                            count: count, hashes: hashes.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            ids: ids.baseAddress!, prefetchDistance: prefetchDistance
                        ) { index in UnsafeBufferPointer(rebasing: text[starts[index]..<starts[index + 1]]) }
                    }
                }
            }
            #expect(Array(ids.prefix(count)) == expected)
            #expect(ids[count] == .max)
            #expect(batched.count == single.count)
        }
        #expect(batched.count > 1_000)
        for id in 0..<single.count { #expect(batched.key(id) == single.key(id)) }
    }
}
