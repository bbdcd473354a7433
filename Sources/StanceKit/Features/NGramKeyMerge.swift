/// The walk shared by the two ways of merging a block's n-gram table into another numbering: ``NGramBlockMerger``
/// (blocks of ``FeatureExtractor/fitTransform(_:threads:)`` merged into the first block's ``NGramNodeTable``, summing
/// tallies) and ``MergedNGramTable`` (the batches of ``CountedCorpus``, keys and numbers only).
///
/// A block's node is keyed by (its prefix's node, its last symbol) in the block's own numbering; its merged key is
/// (the prefix's merged node, the symbol in the merged word table). Nodes are numbered in order of creation, so a
/// node's prefix always comes before it, and walking the nodes in order finds every prefix merged. The merged key
/// of the node a few places ahead is computed early, when its prefix is already merged, so that its slot can be
/// prefetched; the keys wait in a small ring.
enum NGramKeyMerge {
    /// The merged word id of each of `block`'s word ids, interning in `words` the words it does not hold yet.
    static func wordIDs(of block: ByteStringTable, into words: inout ByteStringTable) -> [UInt32] {
        var wordIDs = [UInt32](repeating: 0, count: block.count)
        for id in 0..<block.count { wordIDs[id] = UInt32(words.intern(keyOf: id, in: block)) }
        return wordIDs
    }

    /// Walks the block's nodes in order and returns the merged node of each.
    ///
    /// - Parameters:
    ///   - keys: per local node, its key (`prefix << 32 | symbol`) in the block's numbering.
    ///   - wordIDs: the merged word id of each of the block's word ids (``wordIDs(of:into:)``).
    ///   - prefetch: starts loading the slot of a merged key that `step` will be given a few nodes later.
    ///   - step: the merge of one node, given the local node and its merged key; returns its merged node.
    @inline(__always)
    static func walk(
        keys: [UInt64], wordIDs: [UInt32], prefetch: (UInt64) -> Void, step: (Int, UInt64) -> Int32
    ) -> [Int32] {
        var global = [Int32](repeating: 0, count: keys.count)
        var kinds = [NGramKind](repeating: .word, count: keys.count)
        // The merged key of local node `node`, once its prefix is merged.
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
            global[node] = step(node, key)
        }
        return global
    }
}
