import CSupport

/// Hands memory the program has freed back to the system.
enum FreedMemory {
    /// Returns the free pages of the allocator's heaps to the system (`malloc_trim(0)` of glibc, which also gives
    /// back whole free pages inside a heap, not only at its top).
    ///
    /// Many small arrays freed among live ones (per-document lists replaced by shorter ones) leave holes that the
    /// allocator keeps for later small requests; the large arrays that follow (a fit's sparse matrix) are mapped
    /// apart from the heap and never reuse them, so the holes would stay resident until the program ends. Nothing
    /// is done off glibc.
    static func release() { stance_release_freed_memory() }
}
