import CSupport

/// Receives the columns of n-gram occurrences one at a time.
protocol ColumnSink {
    mutating func tally(_ column: Int32)
}

/// The word n-gram columns of a fitted vocabulary, looked up by word: each word token of a text is looked up once,
/// and its n-grams are then found from the words' ids, with no n-gram key built, hashed or compared byte by byte.
///
/// A word n-gram column is named `w:` followed by its n words joined by single spaces (``FeatureConfiguration``);
/// word tokens never hold a space (``Tokenizer``), so a name splits back into its words unambiguously. The index
/// keeps
/// - ``words``: every word of every word n-gram column whose length is among the counted lengths, with a dense id;
/// - ``unigramColumns``: the column of each word's own `w:word` column, or -1;
/// - ``longer``: the column of each n-gram with n ≥ 2, under its words' ids packed into one integer
///   (``key(_:count:)``).
///
/// An n-gram that has a word outside ``words`` is in no column, so it is skipped without a look-up. This counts
/// exactly the occurrences ``NGramGenerator``'s word n-grams would find in the vocabulary's term table: the same
/// tokens, the same lengths, the same rule that n-grams do not cross a break or a non-word token.
struct WordNGramIndex: Sendable {
    let lengths: ClosedRange<Int>
    let words: ByteStringTable
    let unigramColumns: [Int32]
    let longer: PackedKeyTable

    /// Bits of a word id in a packed key: three ids and the length fit in 64 bits.
    static let idBits = 20

    /// The index of the `w:` columns among `terms` (column = position), or `nil` when n-grams longer than three
    /// words are counted or there are more than 2²⁰ words (the caller then looks n-grams up by name).
    init?(terms: [String], lengths: ClosedRange<Int>) {
        guard lengths.upperBound <= 3 else { return nil }
        self.lengths = lengths
        var words = ByteStringTable(capacity: 1024)
        var unigramColumns: [Int32] = []
        var longer: [(UInt64, Int32)] = []
        var ids: [Int32] = []
        for (column, term) in terms.enumerated() {
            var term = term
            let fits = term.withUTF8 { bytes -> Bool in
                guard bytes.count > 2 && bytes[0] == 0x77 && bytes[1] == 0x3A else { return true }
                ids.removeAll(keepingCapacity: true)
                var start = 2
                var parts: [Range<Int>] = []
                for index in 2...bytes.count where index == bytes.count || bytes[index] == 0x20 {
                    parts.append(start..<index)
                    start = index + 1
                }
                // A column no counted n-gram can name (a length not counted, an empty word) is never counted.
                guard lengths.contains(parts.count), !parts.contains(where: \.isEmpty) else { return true }
                for part in parts {
                    let word = UnsafeBufferPointer(rebasing: bytes[part])
                    ids.append(words.intern(word, hash: ByteStringTable.hash(word)))
                }
                guard words.count <= 1 << Self.idBits else { return false }
                while unigramColumns.count < words.count { unigramColumns.append(-1) }
                if parts.count == 1 {
                    unigramColumns[Int(ids[0])] = Int32(column)
                } else {
                    ids.withUnsafeBufferPointer { longer.append((Self.key($0, count: $0.count), Int32(column))) }
                }
                return true
            }
            guard fits else { return nil }
        }
        self.words = words
        self.unigramColumns = unigramColumns
        self.longer = PackedKeyTable(longer)
    }

    /// The ids of an n-gram's words (2 or 3 of them) packed with their number: never 0.
    @inline(__always)
    static func key(_ ids: UnsafeBufferPointer<Int32>, count: Int) -> UInt64 {
        var key = UInt64(count) << 60
        for index in 0..<count { key |= UInt64(UInt32(ids[index])) << UInt64(idBits * (count - 1 - index)) }
        return key
    }

    /// Scratch space of one worker.
    struct Scratch {
        /// The word id of each token (-1: not a word of the index, or not a word token).
        var ids: [Int32] = []
        var hashes = [UInt64](repeating: 0, count: lag)
        var keys = [UInt64](repeating: 0, count: lag)
        var waiting = 0
    }

    /// How many look-ups trail their prefetch (a power of two).
    static let lag = 8

    /// Hands `sink` the column of every word n-gram occurrence of the text `bytes` that has one (in no particular
    /// order).
    @inline(__always)
    func count<Sink: ColumnSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>, scratch: inout Scratch,
        into sink: inout Sink
    ) {
        let lag = Self.lag
        scratch.ids.removeAll(keepingCapacity: true)
        scratch.ids.append(contentsOf: repeatElement(-1, count: tokens.count))
        scratch.ids.withUnsafeMutableBufferPointer { ids in
            scratch.hashes.withUnsafeMutableBufferPointer { hashes in
                // Each word's slot is prefetched `lag` tokens before it is looked up.
                unigramColumns.withUnsafeBufferPointer { unigrams in
                    for index in 0..<(tokens.count + lag) {
                        // The look-up of the word `lag` tokens back first: its hash shares a place with this one's.
                        let back = index - lag
                        if back >= 0 && tokens[back].kind == .word {
                            let id = words.find(
                                UnsafeBufferPointer(rebasing: bytes[tokens[back].range]), hash: hashes[back & (lag - 1)]
                            )
                            ids[back] = id
                            // Its own column is read in the second pass below: started now, it is in the cache by then.
                            if id >= 0 { stance_prefetch_for_write(unigrams.baseAddress! + Int(id)) }
                        }
                        if index < tokens.count && tokens[index].kind == .word {
                            let word = UnsafeBufferPointer(rebasing: bytes[tokens[index].range])
                            let hash = ByteStringTable.hash(word)
                            words.prefetch(hash: hash)
                            hashes[index & (lag - 1)] = hash
                        }
                    }
                }
            }
            scratch.keys.withUnsafeMutableBufferPointer { keys in
                var taken = 0
                var lookedUp = 0
                var sequence = 0
                unigramColumns.withUnsafeBufferPointer { unigrams in
                    for index in 0..<tokens.count {
                        let token = tokens[index]
                        guard token.kind == .word else {
                            sequence = 0
                            continue
                        }
                        if token.followsBreak { sequence = 0 }
                        sequence += 1
                        for n in lengths where n <= sequence {
                            guard ids[index - n + 1] >= 0 else { continue }
                            if n == 1 {
                                let column = unigrams[Int(ids[index])]
                                if column >= 0 { sink.tally(column) }
                                continue
                            }
                            guard n == 2 || ids[index - 1] >= 0, ids[index] >= 0 else { continue }
                            let key = Self.key(
                                UnsafeBufferPointer(rebasing: UnsafeBufferPointer(ids)[(index - n + 1)...index]),
                                count: n)
                            longer.prefetch(key)
                            if taken - lookedUp == lag {
                                let column = longer.find(keys[lookedUp & (lag - 1)])
                                if column >= 0 { sink.tally(column) }
                                lookedUp += 1
                            }
                            keys[taken & (lag - 1)] = key
                            taken += 1
                        }
                    }
                }
                while lookedUp < taken {
                    let column = longer.find(keys[lookedUp & (lag - 1)])
                    if column >= 0 { sink.tally(column) }
                    lookedUp += 1
                }
            }
        }
    }
}

/// A fixed map from non-zero 64-bit keys to columns: open addressing with linear probing and a multiplicative
/// (Fibonacci) hash (Knuth, *The Art of Computer Programming* vol. 3, §6.4), at most half full, 16 bytes a slot.
struct PackedKeyTable: Sendable {
    private struct Slot: Sendable {
        var key: UInt64
        var value: Int32
        var padding: Int32 = 0
    }

    private let slots: [Slot]
    private let shift: UInt64

    /// The table of `entries` (distinct non-zero keys).
    init(_ entries: [(UInt64, Int32)]) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * entries.count { bits += 1 }
        var slots = [Slot](repeating: Slot(key: 0, value: -1), count: 1 << bits)
        let shift = 64 - bits
        for (key, value) in entries {
            precondition(key != 0, "key 0 marks an empty slot")
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot].key != 0 && slots[slot].key != key { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Slot(key: key, value: value)
        }
        self.slots = slots
        self.shift = shift
    }

    /// Starts loading the slot where a look-up of `key` begins.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            stance_prefetch_for_write(
                slots.baseAddress! + Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift))
        }
    }

    /// The value of `key`, or -1.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let found = slots[slot]
                if found.key == key { return found.value }
                if found.key == 0 { return -1 }
                slot = (slot + 1) & (slots.count - 1)
            }
        }
    }
}
