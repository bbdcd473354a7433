/// The n-gram table of a whole corpus counted a batch at a time (``CountedCorpus/Builder``): every block's nodes
/// merged into one numbering, holding only what the merge needs, each node's key and number.
///
/// The blocks count their n-grams in ``NGramNodeTable``s, whose 32-byte slots also hold each n-gram's count in the
/// current document, its document frequency and its total. The merged table needs none of these tallies: the
/// document frequencies are summed from the documents' lists once the last block is merged (``NGramBlock/documents``
/// already names merged nodes then), and totals are summed per fit. Its slots are 16 bytes, the key and the node,
/// half the size of a block table's. Over a large corpus the merged table is the largest structure that counting
/// builds, and it is at its largest, with its old slots and its doubled new ones both allocated, just as every
/// document's list is held too: on Article-Bias-Prediction the smaller slot took the peak while counting from 797
/// to 668 MiB.
///
/// Open addressing with linear probing, at most three-quarters full (``OpenAddressingSlots``, as
/// ``NGramNodeTable``'s). One thread at a time uses it.
final class MergedNGramTable {
    private struct Slot: OpenAddressingSlot {
        /// `prefix << 32 | symbol`, or ``NGramNodeTable/emptyKey``.
        var key: UInt64
        var node: Int32
        var unused: Int32

        static var empty: Slot { Slot(key: NGramNodeTable.emptyKey, node: -1, unused: 0) }
    }

    /// The merged word table: word symbols of merged keys are its ids.
    private(set) var words: ByteStringTable
    private var table: OpenAddressingSlots<Slot>
    /// The number of merged nodes.
    private(set) var count = 0

    /// An empty table with room for about `capacity` nodes before it grows.
    init(capacity: Int) {
        words = ByteStringTable(capacity: 1 << 14)
        table = OpenAddressingSlots(capacity: capacity)
    }

    deinit { table.deallocate() }

    /// The bytes its slots take.
    var slotBytes: Int { table.slots.count * MemoryLayout<Slot>.stride }

    /// The node of `key`, a new one when the key is new.
    @inline(__always)
    private func node(_ key: UInt64) -> Int32 {
        if !table.fits(count + 1) { table.grow() }
        let mask = table.slots.count - 1
        var index = table.home(key)
        let base = table.slots.baseAddress!
        while true {
            let stored = base[index].key
            if stored == key { return base[index].node }
            if stored == NGramNodeTable.emptyKey {
                base[index] = Slot(key: key, node: Int32(count), unused: 0)
                count += 1
                return base[index].node
            }
            index = (index + 1) & mask
        }
    }

    /// Adds `block`'s nodes (its table must still be there); returns the merged node of each of its nodes. The
    /// nodes of the first block merged keep their numbers.
    func merge(_ block: NGramBlock) -> [Int32] {
        let wordIDs = NGramKeyMerge.wordIDs(of: block.words, into: &words)
        return NGramKeyMerge.walk(
            keys: block.nodes!.keys(), wordIDs: wordIDs, prefetch: { table.prefetch($0) },
            step: { _, key in node(key) })
    }

    /// Each merged node's key, by node.
    func keys() -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: count)
        for slot in table.slots where slot.key != NGramNodeTable.emptyKey { keys[Int(slot.node)] = slot.key }
        return keys
    }
}
