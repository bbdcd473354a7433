#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Transparent huge pages for large tables that are read at random places.
enum HugePages {
    /// The size of a huge page on x86-64 and most ARM Linux systems: 2 MiB.
    static let size = 1 << 21

    /// Whether a region of `byteCount` bytes is large enough to be worth huge pages (four of them or more).
    static func worthwhile(byteCount: Int) -> Bool { byteCount >= 4 * size }

    /// Marks the whole huge pages inside `byteCount` bytes at `base` for transparent huge pages (`madvise(2)`,
    /// `MADV_HUGEPAGE`) when the region is ``worthwhile(byteCount:)``, before it is first written: with 4 KiB pages
    /// nearly every look-up in a table of hundreds of megabytes also misses the TLB. A hint only: nothing changes
    /// when the kernel declines, and nothing is done off Linux.
    static func advise(_ base: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
            guard worthwhile(byteCount: byteCount) else { return }
            let address = Int(bitPattern: base)
            let start = (address + size - 1) & ~(size - 1)
            let end = (address + byteCount) & ~(size - 1)
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }
}
