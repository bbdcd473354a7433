import CSupport

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
/// Open addressing with linear probing, at most three-quarters full, the slot index taken from the high bits of the
/// same mixed hash as ``NGramNodeTable``'s. One thread at a time uses it.
final class MergedNGramTable {
    private struct Slot {
        /// `prefix << 32 | symbol`, or ``NGramNodeTable/emptyKey``.
        var key: UInt64
        var node: Int32
        var unused: Int32
    }

    /// The merged word table: word symbols of merged keys are its ids.
    private(set) var words: ByteStringTable
    private var slots: UnsafeMutableBufferPointer<Slot>
    private var shift: UInt64
    /// The number of merged nodes.
    private(set) var count = 0

    /// An empty table with room for about `capacity` nodes before it grows.
    init(capacity: Int) {
        var size = 16
        while 3 * size < 4 * capacity { size <<= 1 }
        words = ByteStringTable(capacity: 1 << 14)
        slots = Self.allocate(size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    deinit { Self.deallocate(slots) }

    /// The bytes its slots take.
    var slotBytes: Int { slots.count * MemoryLayout<Slot>.stride }

    /// The node of `key`, a new one when the key is new.
    @inline(__always)
    private func node(_ key: UInt64) -> Int32 {
        if 4 * (count + 1) > 3 * slots.count { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: NGramNodeTable.slotHash(key) >> shift)
        let base = slots.baseAddress!
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

    @inline(__always)
    private func prefetch(_ key: UInt64) {
        stance_prefetch_for_write(slots.baseAddress! + Int(truncatingIfNeeded: NGramNodeTable.slotHash(key) >> shift))
    }

    /// Adds `block`'s nodes (its table must still be there); returns the merged node of each of its nodes. The
    /// nodes of the first block merged keep their numbers.
    func merge(_ block: NGramBlock) -> [Int32] {
        var wordIDs = [UInt32](repeating: 0, count: block.words.count)
        for id in 0..<block.words.count {
            wordIDs[id] = UInt32(words.intern(keyOf: id, in: block.words))
        }
        let keys = block.nodes!.keys()
        var global = [Int32](repeating: 0, count: keys.count)
        var kinds = [NGramKind](repeating: .word, count: keys.count)
        // The merged key of local node `node`, once its prefix is merged (prefixes come before the n-grams that
        // extend them).
        func mergedKey(_ node: Int) -> UInt64 {
            let prefix = UInt32(truncatingIfNeeded: keys[node] >> 32)
            let symbol = UInt32(truncatingIfNeeded: keys[node])
            if let kind = NGramKind.root(prefix) {
                kinds[node] = kind
                return NGramNodeTable.rootKey(kind, kind == .word ? wordIDs[Int(symbol)] : symbol)
            }
            let kind = kinds[Int(prefix)]
            kinds[node] = kind
            return NGramNodeTable.key(global[Int(prefix)], kind == .word ? wordIDs[Int(symbol)] : symbol)
        }
        // As ``NGramBlockMerger/merge(_:)``: a node's merged key is computed a few nodes ahead, to prefetch its
        // slot, when its prefix is already merged; the keys wait in a small ring.
        let ahead = NGramBlockCounter.prefetchDistance
        var ring = [UInt64](repeating: 0, count: ahead)
        var ready = [Bool](repeating: false, count: ahead)
        for node in keys.indices {
            let key = node >= ahead && ready[node % ahead] ? ring[node % ahead] : mergedKey(node)
            let next = node + ahead
            if next < keys.count {
                let prefix = UInt32(truncatingIfNeeded: keys[next] >> 32)
                let early = NGramKind.root(prefix) != nil || Int(prefix) < node
                ready[next % ahead] = early
                if early {
                    ring[next % ahead] = mergedKey(next)
                    prefetch(ring[next % ahead])
                }
            }
            global[node] = self.node(key)
        }
        return global
    }

    /// Each merged node's key, by node.
    func keys() -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: count)
        for slot in slots where slot.key != NGramNodeTable.emptyKey { keys[Int(slot.node)] = slot.key }
        return keys
    }

    private func grow() {
        let old = slots
        let size = old.count * 2
        slots = Self.allocate(size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        for slot in old where slot.key != NGramNodeTable.emptyKey {
            var index = Int(truncatingIfNeeded: NGramNodeTable.slotHash(slot.key) >> shift)
            while slots[index].key != NGramNodeTable.emptyKey { index = (index + 1) & mask }
            slots[index] = slot
        }
        Self.deallocate(old)
    }

    /// `count` empty slots, aligned as ``NGramNodeTable``'s (huge pages for a large table).
    private static func allocate(_ count: Int) -> UnsafeMutableBufferPointer<Slot> {
        let bytes = count * MemoryLayout<Slot>.stride
        let alignment = HugePages.worthwhile(byteCount: bytes) ? HugePages.size : 16
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: alignment)
        HugePages.advise(raw, byteCount: bytes)
        let buffer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Slot.self, capacity: count), count: count)
        buffer.initialize(repeating: Slot(key: NGramNodeTable.emptyKey, node: -1, unused: 0))
        return buffer
    }

    private static func deallocate(_ buffer: UnsafeMutableBufferPointer<Slot>) {
        buffer.deinitialize()
        UnsafeMutableRawPointer(buffer.baseAddress!).deallocate()
    }
}
