import CSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An interning hash table of byte strings: each distinct key gets a dense id `0, 1, 2, ...` in insertion order.
///
/// Keys are copied once into one contiguous arena; lookups take a borrowed byte buffer, so counting n-grams never
/// builds a `String` per token. Open addressing with linear probing over a power-of-two slot array kept at most
/// three-quarters full (Knuth, *The Art of Computer Programming* vol. 3, §6.4, algorithm L: at load α a search
/// takes about ½(1 + 1/(1 − α)) probes when the key is present, 2.5 at α = ¾, and ½(1 + 1/(1 − α)²) when it is
/// not; the slots are the largest part of a big table, and at most ¾ instead of ½ full they take up to a third less
/// memory, measured 0.4 GB less peak memory on the full Article-Bias-Prediction file at the same speed, since
/// neighbouring probes mostly share a cache line); the slot index is taken from the
/// high bits of a 64-bit hash (``ByteStringTable/hash(_:)``) and collisions are resolved by comparing the stored
/// 64-bit hash and length first and then the bytes, so two different keys never share an id. With vocabularies far
/// larger than the caches, memory misses and not instructions set the speed, so a 32-byte slot (two per cache line)
/// holds the hash, the id, the length and the key itself when it has at most 16 bytes (most words and many word
/// pairs): such a lookup touches one slot and nothing else. A longer key's slot holds its first 8 bytes and where
/// it lies in the arena, and only a match of hash, length and those bytes reads the rest from the arena.
struct ByteStringTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        /// Bytes 0..<8 of the key, little-endian, zero-padded.
        var head: UInt64
        /// A key of at most 16 bytes: bytes 8..<16, zero-padded; a longer key: its offset in the arena.
        var tail: UInt64
        var id: Int32
        var length: Int32

        static let empty = Slot(hash: 0, head: 0, tail: 0, id: -1, length: 0)
    }

    /// All keys, back to back.
    private(set) var arena: [UInt8] = []
    /// Key `i` is `arena[starts[i]..<starts[i + 1]]`.
    private(set) var starts: [Int] = [0]
    private var slots: [Slot]
    private var shift: UInt64

    /// An empty table with room for about `capacity` keys before it grows.
    init(capacity: Int = 64) {
        var size = 16
        while 3 * size < 4 * capacity { size <<= 1 }
        slots = Self.emptySlots(size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// The number of distinct keys.
    var count: Int { starts.count - 1 }

    /// The bytes of key `id`.
    func key(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    /// Whether key `a` comes before key `b` in byte (hence code point) order.
    func keyPrecedes(_ a: Int, _ b: Int) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            let startA = starts[a]
            let startB = starts[b]
            let lengthA = starts[a + 1] - startA
            let lengthB = starts[b + 1] - startB
            var index = 0
            while index < lengthA && index < lengthB {
                let byteA = arena[startA + index]
                let byteB = arena[startB + index]
                if byteA != byteB { return byteA < byteB }
                index += 1
            }
            return lengthA < lengthB
        }
    }

    /// `ids` sorted by their keys in byte (hence code point) order.
    ///
    /// Each id is paired with the first 16 bytes of its key read big-endian into two integers (zero-padded), so
    /// most comparisons are two integer comparisons on contiguous data instead of two indirect reads of the arena;
    /// only keys whose first 16 bytes agree are compared in full (``keyPrecedes(_:_:)``). This gives the same order
    /// as sorting with ``keyPrecedes(_:_:)``: where the prefixes differ, their first differing byte (a padding 0 for
    /// a key that ended) decides both orders alike. With several threads, each sorts a contiguous part and the
    /// parts are merged; the keys are distinct, so the order is the same at any thread count.
    ///
    /// - Complexity: O(n log n) comparisons for n ids.
    func sortedByKey(_ ids: [Int], threads: ThreadBudget = .single) -> [Int] {
        struct Entry {
            var high: UInt64
            var low: UInt64
            var id: Int
        }
        var entries = arena.withUnsafeBufferPointer { arena in
            ids.map { id -> Entry in
                let start = starts[id]
                let length = starts[id + 1] - start
                var high: UInt64 = 0
                var low: UInt64 = 0
                for index in 0..<16 {
                    let byte = index < length ? UInt64(arena[start + index]) : 0
                    if index < 8 { high = high << 8 | byte } else { low = low << 8 | byte }
                }
                return Entry(high: high, low: low, id: id)
            }
        }
        let precedes: (Entry, Entry) -> Bool = { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return keyPrecedes(a.id, b.id)
        }
        // Two sorted halves merged: worth it only for large lists.
        guard threads.isParallel && entries.count >= 1 << 16 else {
            entries.sort(by: precedes)
            return entries.map(\.id)
        }
        let middle = entries.count / 2
        entries.withUnsafeMutableBufferPointer { buffer in
            let halves = DisjointWrites(buffer: buffer)
            runWorkers(2) { half in
                let part = half == 0 ? 0..<middle : middle..<halves.buffer.count
                var slice = UnsafeMutableBufferPointer(rebasing: halves.buffer[part])
                slice.sort(by: precedes)
            }
        }
        var result: [Int] = []
        result.reserveCapacity(entries.count)
        var left = 0
        var right = middle
        while left < middle && right < entries.count {
            if precedes(entries[right], entries[left]) {
                result.append(entries[right].id)
                right += 1
            } else {
                result.append(entries[left].id)
                left += 1
            }
        }
        while left < middle {
            result.append(entries[left].id)
            left += 1
        }
        while right < entries.count {
            result.append(entries[right].id)
            right += 1
        }
        return result
    }

    /// The key `id` decoded as UTF-8 text.
    func string(_ id: Int) -> String { String(decoding: key(id), as: UTF8.self) }

    /// The id of `key`, or -1 when it is not in the table.
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                let mask = slots.count - 1
                let (head, tail) = Self.words(key)
                var index = Int(truncatingIfNeeded: hash >> shift)
                while true {
                    let slot = slots[index]
                    if slot.id < 0 { return -1 }
                    if Self.matches(slot, hash, head, tail, key, arena) { return slot.id }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// Starts loading the slot where a lookup of a key with hash `hash` begins (``NGramNodeTable/prefetch(_:)``).
    @inline(__always)
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            stance_prefetch_for_write(slots.baseAddress! + Int(truncatingIfNeeded: hash >> shift))
        }
    }

    /// The id of `key`, inserting it when it is new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let (found, free) = slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena -> (Int32, Int) in
                let mask = slots.count - 1
                let (head, tail) = Self.words(key)
                var index = Int(truncatingIfNeeded: hash >> shift)
                while true {
                    let slot = slots[index]
                    if slot.id < 0 { return (-1, index) }
                    if Self.matches(slot, hash, head, tail, key, arena) { return (slot.id, index) }
                    index = (index + 1) & mask
                }
            }
        }
        if found >= 0 { return found }
        return insert(key, hash: hash, at: free)
    }

    /// Adds `key` (with hash `hash`, not in the table) at slot `free`, the empty slot where its probe ended, and
    /// returns its new id.
    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, at free: Int) -> Int32 {
        let id = Int32(count)
        let (head, tail) = Self.words(key)
        slots[free] = Slot(
            hash: hash, head: head, tail: key.count <= 16 ? tail : UInt64(arena.count), id: id,
            length: Int32(key.count))
        arena.append(contentsOf: key)
        starts.append(arena.count)
        if 4 * count > 3 * slots.count { grow() }
        return id
    }

    /// The ids of `count` keys, `key(i)` with hash `hashes[i]`, written to `ids[i]`, new keys interned in order:
    /// the same ids as ``intern(_:hash:)`` of each key in turn.
    ///
    /// The lookups run with the slots and the arena borrowed once, until a key is new; the slot of the key
    /// `prefetchDistance` places ahead is prefetched, so that the memory misses of a large table overlap. Calling
    /// ``prefetch(hash:)`` and ``intern(_:hash:)`` per key from a counter that holds the table copied the table's
    /// three arrays (a retain and a release each) per call: on Article-Bias-Prediction that was a tenth of the
    /// CPU time of `stance features`.
    mutating func intern(
        count: Int, hashes: UnsafePointer<UInt64>, ids: UnsafeMutablePointer<UInt32>, prefetchDistance: Int,
        key: (Int) -> UnsafeBufferPointer<UInt8>
    ) {
        var next = 0
        while next < count {
            // Known keys, up to the first new one (its index and the free slot where its probe ended).
            let (new, free) = slots.withUnsafeBufferPointer { slots -> (Int, Int) in
                arena.withUnsafeBufferPointer { arena -> (Int, Int) in
                    let base = slots.baseAddress!
                    let mask = slots.count - 1
                    if next == 0 {
                        for index in 0..<Swift.min(prefetchDistance, count) {
                            stance_prefetch_for_write(base + Int(truncatingIfNeeded: hashes[index] >> shift))
                        }
                    }
                    for position in next..<count {
                        let ahead = position + prefetchDistance
                        if ahead < count {
                            stance_prefetch_for_write(base + Int(truncatingIfNeeded: hashes[ahead] >> shift))
                        }
                        let word = key(position)
                        let hash = hashes[position]
                        let (head, tail) = Self.words(word)
                        var index = Int(truncatingIfNeeded: hash >> shift)
                        while true {
                            let slot = base[index]
                            if slot.id < 0 { return (position, index) }
                            if Self.matches(slot, hash, head, tail, word, arena) {
                                ids[position] = UInt32(bitPattern: slot.id)
                                break
                            }
                            index = (index + 1) & mask
                        }
                    }
                    return (count, -1)
                }
            }
            guard new < count else { return }
            ids[new] = UInt32(bitPattern: insert(key(new), hash: hashes[new], at: free))
            next = new + 1
        }
    }

    /// Frees the slot array: afterwards only ``count``, ``key(_:)``, ``string(_:)`` and `intern(keyOf:in:)` (with
    /// this table as `other`) may be used, for tables that are only read back when merging.
    mutating func releaseIndex() {
        slots = []
    }

    /// Appends `key` as a new id without looking it up, to a table whose index was released
    /// (``releaseIndex()``): for lists of keys known to be distinct that are only read back and sorted.
    mutating func append(distinct key: UnsafeBufferPointer<UInt8>) {
        precondition(slots.isEmpty, "append(distinct:) needs a table without an index")
        arena.append(contentsOf: key)
        starts.append(arena.count)
    }

    /// Bytes 0..<8 and, for a key of at most 16 bytes, 8..<16 of `key`, little-endian and zero-padded.
    @inline(__always)
    private static func words(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        let count = key.count <= 16 ? key.count : 8
        if count > 0 {
            withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: key.baseAddress!, byteCount: count) }
        }
        return (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1))
    }

    /// Whether `slot` holds `key` (with hash `hash` and ``words(_:)`` `head`, `tail`).
    @inline(__always)
    private static func matches(
        _ slot: Slot, _ hash: UInt64, _ head: UInt64, _ tail: UInt64, _ key: UnsafeBufferPointer<UInt8>,
        _ arena: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard slot.hash == hash && Int(slot.length) == key.count && slot.head == head else { return false }
        if key.count <= 16 { return slot.tail == tail }
        return memcmp(arena.baseAddress! + Int(slot.tail) + 8, key.baseAddress! + 8, key.count - 8) == 0
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = Self.emptySlots(size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        for slot in slots where slot.id >= 0 {
            var index = Int(truncatingIfNeeded: slot.hash >> shift)
            while grown[index].id >= 0 { index = (index + 1) & mask }
            grown[index] = slot
        }
        slots = grown
    }

    /// `count` empty slots, a large array marked for huge pages before it is first written (``HugePages``).
    private static func emptySlots(_ count: Int) -> [Slot] {
        [Slot](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                HugePages.advise(base, byteCount: count * MemoryLayout<Slot>.stride)
            }
            buffer.initialize(repeating: .empty)
            initialized = count
        }
    }

    /// Interns a key given as an array (slow path for merging and building vocabularies).
    mutating func intern<C: Collection>(bytes: C) -> Int32 where C.Element == UInt8 {
        if let id = bytes.withContiguousStorageIfAvailable({ intern($0, hash: Self.hash($0)) }) { return id }
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { intern($0, hash: Self.hash($0)) }
    }

    /// Interns key `id` of `other` (for merging tables). Hashes are not stored per key (8 bytes a key, a tenth of a
    /// big table) but computed again here, which costs far less than the lookup's cache miss.
    mutating func intern(keyOf id: Int, in other: ByteStringTable) -> Int32 {
        other.arena.withUnsafeBufferPointer { arena in
            let key = UnsafeBufferPointer(rebasing: arena[other.starts[id]..<other.starts[id + 1]])
            return intern(key, hash: Self.hash(key))
        }
    }

    /// The id of a key given as an array, or -1.
    func find<C: Collection>(bytes: C) -> Int32 where C.Element == UInt8 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { find($0, hash: Self.hash($0)) }
    }

    /// A 64-bit hash of a byte string, the same on every platform and run (unlike Swift's seeded `Hasher`).
    ///
    /// Eight bytes at a time are read little-endian, each word `w` is mixed into the state as
    /// ```
    /// h = rotl(h ^ (w · k1), 31) · k2
    /// ```
    /// and the state (seeded with the length) goes through the 64-bit finaliser of MurmurHash3 (Appleby 2011,
    /// "fmix64": two rounds of xor-shift and multiply), which makes every input bit affect every output bit.
    /// The high bits pick the slot.
    ///
    /// - Complexity: O(n) in the number of bytes.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k1: UInt64 = 0x87C3_7B91_1142_53D5
        let k2: UInt64 = 0x4CF5_AD43_2745_937F
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(bytes.count) &* k2)
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            h = ((h ^ (word &* k1)).rotatedLeft(by: 31)) &* k2
            index += 8
        }
        if index < count {
            // The last 1-7 bytes as one little-endian word, loaded in one or two reads inside the key.
            let rest = count - index
            var word: UInt64 = 0
            if count >= 8 {
                // The key's last 8 bytes, shifted down past the bytes already hashed.
                word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
                word >>= UInt64(8 * (8 - rest))
            } else if count >= 4 {
                // The first and the last 4 bytes (they overlap when the key is shorter than 8).
                let low = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                let high = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
                word = UInt64(low) | UInt64(high) << UInt64(8 * (count - 4))
            } else {
                for byte in 0..<rest { word |= UInt64(bytes[index + byte]) << UInt64(8 * byte) }
            }
            h = ((h ^ (word &* k1)).rotatedLeft(by: 31)) &* k2
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(by amount: UInt64) -> UInt64 { (self << amount) | (self >> (64 - amount)) }
}

/// Byte-wise (hence Unicode code point) ordering of two UTF-8 strings, independent of Swift's `String` comparison.
@inline(__always)
func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
    // Native strings have contiguous UTF-8: compare with memcmp, falling back to the generic walk.
    var lhs = lhs
    var rhs = rhs
    return lhs.withUTF8 { a in
        rhs.withUTF8 { b in
            let common = min(a.count, b.count)
            if common > 0 {
                let order = memcmp(a.baseAddress!, b.baseAddress!, common)
                if order != 0 { return order < 0 }
            }
            return a.count < b.count
        }
    }
}
