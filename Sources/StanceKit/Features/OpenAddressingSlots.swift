import CSupport

/// A slot of ``OpenAddressingSlots``: a 64-bit key, ``NGramNodeTable/emptyKey`` when the slot is free.
protocol OpenAddressingSlot {
    var key: UInt64 { get }
    /// A free slot.
    static var empty: Self { get }
}

/// The slot array that ``NGramNodeTable`` and ``MergedNGramTable`` share: open addressing with linear probing over a
/// power-of-two number of slots, a key's first slot taken from the high bits of ``NGramNodeTable/slotHash(_:)``,
/// kept at most three-quarters full by its owner (``fits(_:)``, ``grow()``).
///
/// The slots are aligned to their size, so that a slot of 16 or 32 bytes never straddles a cache line; a large
/// array is aligned to a huge page and marked for huge pages before it is first written (``HugePages``). The owner
/// frees it once with ``deallocate()``; the owner does the lookups itself, through ``slots`` and ``home(_:)``.
struct OpenAddressingSlots<Slot: OpenAddressingSlot> {
    private(set) var slots: UnsafeMutableBufferPointer<Slot>
    private var shift: UInt64

    /// Empty slots with room for about `capacity` keys before ``fits(_:)`` fails.
    init(capacity: Int) {
        var size = 16
        while 3 * size < 4 * capacity { size <<= 1 }
        slots = Self.allocate(size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Whether `count` keys fit without the slots passing three-quarters full.
    @inline(__always)
    func fits(_ count: Int) -> Bool { 4 * count <= 3 * slots.count }

    /// The slot where the probe for `key` starts.
    @inline(__always)
    func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: NGramNodeTable.slotHash(key) >> shift) }

    /// Starts loading the slot where a lookup of `key` begins, so that a lookup a few steps later finds it cached.
    @inline(__always)
    func prefetch(_ key: UInt64) { stance_prefetch_for_write(slots.baseAddress! + home(key)) }

    /// Doubles the number of slots, moving every occupied slot to its place among the new ones.
    mutating func grow() {
        let old = slots
        let size = old.count * 2
        slots = Self.allocate(size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        for slot in old where slot.key != NGramNodeTable.emptyKey {
            var index = home(slot.key)
            while slots[index].key != NGramNodeTable.emptyKey { index = (index + 1) & mask }
            slots[index] = slot
        }
        Self.deallocate(old)
    }

    /// Frees the slots; the value must not be used afterwards.
    func deallocate() { Self.deallocate(slots) }

    private static func allocate(_ count: Int) -> UnsafeMutableBufferPointer<Slot> {
        let bytes = count * MemoryLayout<Slot>.stride
        let alignment = HugePages.worthwhile(byteCount: bytes) ? HugePages.size : MemoryLayout<Slot>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: alignment)
        HugePages.advise(raw, byteCount: bytes)
        let buffer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Slot.self, capacity: count), count: count)
        buffer.initialize(repeating: .empty)
        return buffer
    }

    private static func deallocate(_ buffer: UnsafeMutableBufferPointer<Slot>) {
        buffer.deinitialize()
        UnsafeMutableRawPointer(buffer.baseAddress!).deallocate()
    }
}
