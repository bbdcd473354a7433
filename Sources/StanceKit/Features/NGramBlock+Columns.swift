import CSupport

extension NGramBlock {
    /// How many entries ahead the column of an entry is prefetched: the map from nodes to columns holds one entry
    /// per distinct n-gram of the block (tens of megabytes), so nearly every look-up misses the caches.
    static let columnPrefetchDistance = 16

    /// Turns every document's entries of `blocks` into `column << 32 | count`, dropping the n-grams not kept and
    /// sorting the rest by column, once, in place (each list keeps its memory), and frees each block's
    /// ``columns``.
    ///
    /// Rows are then built without a look-up per entry: ``rowLengths(_:_:vocabulary:)`` only counts the entries
    /// and ``fillNGrams(_:vocabulary:scratch:columns:values:)`` reads them in order. Before this, the column of each
    /// entry was looked up, one cache miss each, once to size the matrix and once more to fill it. The entries of a
    /// row, their order and hence every value computed from them are the same.
    ///
    /// - Parameter columnCount: the number of n-gram columns (for the radix sort's width).
    static func keepColumns(_ blocks: inout [NGramBlock], columnCount: Int, threads: ThreadBudget) {
        let columnBits = Int.bitWidth - max(1, columnCount).leadingZeroBitCount
        blocks.withUnsafeMutableBufferPointer { buffer in
            let shared = DisjointWrites(buffer: buffer)
            _ = ParallelChunks.map(chunks: buffer.count, threads: threads, state: {}) { index, _ in
                let block = shared.base + index
                let columns = block.pointee.columns
                block.pointee.columns = []
                var scratch: [UInt64] = []
                columns.withUnsafeBufferPointer { columns in
                    // A block without n-grams has no map, and no entries either.
                    guard let map = columns.baseAddress else { return }
                    for document in block.pointee.documents.indices {
                        let kept = block.pointee.documents[document].withUnsafeMutableBufferPointer { entries in
                            keepColumns(of: entries, map: map)
                        }
                        block.pointee.documents[document].removeLast(block.pointee.documents[document].count - kept)
                        RadixSort.sortByHighHalf(
                            &block.pointee.documents[document], scratch: &scratch, significantBits: columnBits)
                    }
                }
                block.pointee.documentsHoldColumns = true
            }
        }
    }

    /// Rewrites `entries` (`local node << 32 | count`) as `column << 32 | count` for the nodes whose column in
    /// `map` is not -1, packed at the front in their order; returns how many there are.
    private static func keepColumns(of entries: UnsafeMutableBufferPointer<UInt64>, map: UnsafePointer<Int32>) -> Int {
        let ahead = columnPrefetchDistance
        let count = entries.count
        for index in 0..<min(ahead, count) { stance_prefetch_for_write(map + Int(entries[index] >> 32)) }
        var kept = 0
        for index in 0..<count {
            if index + ahead < count { stance_prefetch_for_write(map + Int(entries[index + ahead] >> 32)) }
            let entry = entries[index]
            let column = map[Int(entry >> 32)]
            if column >= 0 {
                entries[kept] = UInt64(UInt32(column)) << 32 | (entry & 0xFFFF_FFFF)
                kept += 1
            }
        }
        return kept
    }
}
