/// The distinct n-grams of a run of documents, each interned as a pair of integers, with its counts kept beside it.
///
/// An n-gram of n tokens is a **node**, keyed by the pair (the node of its first n − 1 tokens, the symbol of its
/// last token); a 1-gram's prefix is the root of its kind (``NGramKind``). Symbols are ids of a word table for word
/// n-grams and Unicode scalar values for character n-grams. So `cold war` is (node of `cold`, symbol of `war`), and
/// interning it hashes one 64-bit integer instead of its bytes; a node's name (`w:cold war`) is rebuilt from the
/// chain of keys only for the nodes that may become columns.
///
/// Counting a document touches each of its n-grams' slots only: the slot holds the key, the node id, the count in
/// the current document and the running document frequency and total, 32 bytes aligned to 32 so that a slot never
/// straddles a cache line. With tens of millions of n-grams the table is far larger than the caches and each new
/// or rare n-gram costs a memory miss; keeping the tallies in the slot means one miss where a separate tally array
/// costs a second one.
///
/// Open addressing with linear probing, at most three-quarters full (``OpenAddressingSlots``, shared with
/// ``MergedNGramTable``); the slot index is the high bits of a mixed 64-bit hash of the key. The table does not
/// grow while a document is being counted: ``reserve(_:)`` makes room before each document for as many new nodes as
/// it can create, so slot indices stay valid within the document.
///
/// A reference type that owns its memory: one thread at a time uses it (the worker counting a block, then the
/// thread merging the blocks), which is why it may be `@unchecked Sendable`.
final class NGramNodeTable: @unchecked Sendable {
    struct Slot: OpenAddressingSlot {
        /// `prefix << 32 | symbol`, or ``NGramNodeTable/emptyKey``.
        var key: UInt64
        /// The total count over the counted documents.
        var total: Int64
        var node: Int32
        /// The count in the document being counted (0 between documents).
        var inDocument: Int32
        /// The number of counted documents the n-gram occurs in.
        var documents: Int32
        var unused: Int32

        static var empty: Slot {
            Slot(key: NGramNodeTable.emptyKey, total: 0, node: -1, inDocument: 0, documents: 0, unused: 0)
        }
    }

    /// No key: prefixes are node ids (below 2³¹) or roots (`0xFFFF_FFF0 | kind`), symbols below 2³¹.
    static let emptyKey = UInt64.max

    private var table: OpenAddressingSlots<Slot>
    /// The number of nodes.
    private(set) var count = 0

    /// The slots, which the counter updates in place; valid until the table next grows.
    var slots: UnsafeMutableBufferPointer<Slot> {
        @inline(__always) get { table.slots }
    }

    /// An empty table with room for about `capacity` nodes before it grows.
    init(capacity: Int) { table = OpenAddressingSlots(capacity: capacity) }

    deinit { table.deallocate() }

    /// The key of an n-gram of kind `kind` with one token, the symbol `symbol`.
    @inline(__always)
    static func rootKey(_ kind: NGramKind, _ symbol: UInt32) -> UInt64 {
        UInt64(0xFFFF_FFF0 | UInt32(kind.rawValue)) << 32 | UInt64(symbol)
    }

    /// The key of the n-gram `prefix` followed by the token `symbol`.
    @inline(__always)
    static func key(_ prefix: Int32, _ symbol: UInt32) -> UInt64 { UInt64(UInt32(prefix)) << 32 | UInt64(symbol) }

    @inline(__always)
    static func slotHash(_ key: UInt64) -> UInt64 {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// Makes room for `additional` new nodes without growing.
    func reserve(_ additional: Int) {
        while !table.fits(count + additional) { table.grow() }
    }

    /// The slot of `key`, inserting a node for it when it is new. The caller must have reserved room
    /// (``reserve(_:)``).
    @inline(__always)
    func slot(_ key: UInt64) -> Int {
        let mask = slots.count - 1
        var index = table.home(key)
        let base = slots.baseAddress!
        while true {
            let stored = base[index].key
            if stored == key { return index }
            if stored == Self.emptyKey {
                base[index] = Slot(key: key, total: 0, node: Int32(count), inDocument: 0, documents: 0, unused: 0)
                count += 1
                return index
            }
            index = (index + 1) & mask
        }
    }

    /// Starts loading the slot where a lookup of `key` begins, so that a lookup a few steps later finds it cached.
    @inline(__always)
    func prefetch(_ key: UInt64) { table.prefetch(key) }

    /// Per node (by id): its key, its document frequency and its total count.
    func nodes() -> (keys: [UInt64], documents: [Int32], totals: [Int64]) {
        var keys = [UInt64](repeating: 0, count: count)
        var documents = [Int32](repeating: 0, count: count)
        var totals = [Int64](repeating: 0, count: count)
        for slot in slots where slot.key != Self.emptyKey {
            let node = Int(slot.node)
            keys[node] = slot.key
            documents[node] = slot.documents
            totals[node] = slot.total
        }
        return (keys, documents, totals)
    }

    /// Each node's key, by node.
    func keys() -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: count)
        for slot in slots where slot.key != Self.emptyKey { keys[Int(slot.node)] = slot.key }
        return keys
    }
}

/// The three families of n-grams, each with its own root in ``NGramNodeTable`` and its own column-name prefix.
enum NGramKind: UInt8, CaseIterable, Sendable {
    /// Word n-grams over non-Han words (`w:`); symbols are word-table ids.
    case word = 0
    /// Character n-grams over Han runs (`c:`); symbols are scalar values.
    case character = 1
    /// Character n-grams inside space-padded words (`wb:`); symbols are scalar values.
    case wordCharacter = 2

    /// The prefix of its column names.
    var prefix: String {
        switch self {
        case .word: "w:"
        case .character: "c:"
        case .wordCharacter: "wb:"
        }
    }

    /// The kind whose root is `prefix`, or `nil` when `prefix` is a node.
    static func root(_ prefix: UInt32) -> NGramKind? {
        prefix >= 0xFFFF_FFF0 ? NGramKind(rawValue: UInt8(prefix & 0xF)) : nil
    }
}
