import Testing
import _StanceTestSupport

@testable import StanceKit

/// The pieces the two n-gram tables share (``OpenAddressingSlots``, ``NGramKeyMerge``) and the word hash read in
/// whole words.
@Suite struct NGramTableSharingTests {
    /// The word hash as it was written first, a byte at a time past the last whole 8-byte word: the reference the
    /// loads of the key's last bytes must match, since every table's layout follows the hash.
    private static func referenceHash(_ bytes: [UInt8]) -> UInt64 {
        let k1: UInt64 = 0x87C3_7B91_1142_53D5
        let k2: UInt64 = 0x4CF5_AD43_2745_937F
        func rotate(_ value: UInt64) -> UInt64 { (value << 31) | (value >> 33) }
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(bytes.count) &* k2)
        var index = 0
        while index < bytes.count {
            var word: UInt64 = 0
            for byte in 0..<min(8, bytes.count - index) { word |= UInt64(bytes[index + byte]) << UInt64(8 * byte) }
            h = rotate(h ^ (word &* k1)) &* k2
            index += 8
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Keys of every length from 0 to 40 bytes, cut from the middle of a larger buffer (the tokeniser hashes slices
    /// of a text), hash exactly as the byte-at-a-time reference.
    @Test func hashOfEveryLengthMatchesTheByteReference() {
        var random = SeededGenerator(seed: 20_261_206)
        var buffer = [UInt8](repeating: 0, count: 64)
        var checked = 0
        for _ in 0..<50 {
            for index in buffer.indices { buffer[index] = UInt8(truncatingIfNeeded: random.next()) }
            for length in 0...40 {
                let start = 8 + Int(random.next() % 16)
                let key = Array(buffer[start..<(start + length)])
                let hash = buffer.withUnsafeBufferPointer {
                    ByteStringTable.hash(.init(rebasing: $0[start..<(start + length)]))
                }
                #expect(hash == Self.referenceHash(key), "length \(length)")
                checked += 1
            }
        }
        #expect(checked == 50 * 41)
        // A key in a script the project reads: a Vietnamese word (9 bytes in UTF-8) and a Han word (6 bytes).
        for word in ["nguyễn", "中共"] {
            let bytes = Array(word.utf8)
            #expect(bytes.withUnsafeBufferPointer(ByteStringTable.hash) == Self.referenceHash(bytes))
        }
    }

    /// A node table that starts at its smallest and grows many times keeps every node: each key finds the node it
    /// was given, and the nodes list the keys in the order they came.
    @Test func nodeTableKeepsEveryNodeAcrossGrowth() {
        let table = NGramNodeTable(capacity: 1)
        var random = SeededGenerator(seed: 7)
        var keys: [UInt64] = []
        var seen = Set<UInt64>()
        while keys.count < 20_000 {
            let key = NGramNodeTable.key(Int32(random.next() % 50_000), UInt32(random.next() % 1_000))
            if seen.insert(key).inserted { keys.append(key) }
        }
        for key in keys {
            table.reserve(1)
            _ = table.slot(key)
        }
        #expect(table.count == keys.count)
        // Three-quarters full at most, a power of two in size.
        #expect(4 * table.count <= 3 * table.slots.count)
        #expect(table.slots.count.nonzeroBitCount == 1)
        var misplaced = 0
        for (node, key) in keys.enumerated() where table.slots[table.slot(key)].node != Int32(node) { misplaced += 1 }
        #expect(misplaced == 0)
        #expect(table.count == keys.count)
        #expect(table.keys() == keys)
    }

    /// Merging a block into another through the shared walk: texts counted in one block and in two blocks give
    /// the same merged n-grams, with the same document frequencies, in both merging tables.
    @Test func bothMergesAgreeWithOneBlock() throws {
        let configuration = FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...2, minDF: 1)
        let normalizer = try TextNormalizer()
        let texts = [
            "The ministry said the so-called cold war is over.", "中国外交部发言人说，冷战思维过时了。",
            "中國外交部發言人說，冷戰思維過時了。", "Bộ Ngoại giao Trung Quốc nói chiến tranh lạnh đã qua.",
            "the cold war, the ministry said again", "冷战思维 and cold war thinking",
        ].map { normalizer.normalize($0) }
        func counted(_ range: Range<Int>) -> NGramBlock {
            var counter = NGramBlockCounter(configuration)
            counter.count(texts, range)
            return counter.finish()
        }
        func names(_ keys: [UInt64], _ words: ByteStringTable, _ frequencies: [Int32]) -> [String: Int32] {
            let names = NGramNames(words: words, keys: keys)
            var name: [UInt8] = []
            var symbols: [UInt32] = []
            var result: [String: Int32] = [:]
            for node in keys.indices {
                names.name(of: node, into: &name, symbols: &symbols)
                result[String(decoding: name, as: UTF8.self)] = frequencies[node]
            }
            return result
        }
        let whole = counted(0..<texts.count)
        let (wholeKeys, wholeFrequencies, _) = whole.nodes!.nodes()
        let expected = names(wholeKeys, whole.words, wholeFrequencies)
        #expect(expected["w:cold war"] == 3)
        #expect((expected["c:冷战"] ?? 0) >= 2)

        // NGramBlockMerger: the second block's tallies summed into the first block's table.
        let merger = NGramBlockMerger(first: counted(0..<3))
        let second = counted(3..<texts.count)
        let global = merger.merge(second)
        #expect(global.count == second.nodes!.count)
        let (mergedKeys, mergedFrequencies, _) = merger.nodes.nodes()
        #expect(names(mergedKeys, merger.names(keys: mergedKeys).words, mergedFrequencies) == expected)

        // MergedNGramTable: keys and numbers only; the first block merged keeps its numbers.
        let table = MergedNGramTable(capacity: 1)
        let first = counted(0..<3)
        #expect(table.merge(first) == (0..<Int32(first.nodes!.count)).map { $0 })
        let local = table.merge(second)
        #expect(local == global)
        #expect(table.count == mergedKeys.count)
        #expect(table.keys() == mergedKeys)
    }
}
