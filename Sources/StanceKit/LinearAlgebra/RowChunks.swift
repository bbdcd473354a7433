import Dispatch

/// A fixed partition of `0..<count` rows into contiguous chunks, and a way to run work over those chunks on up
/// to `threads` cores.
///
/// The partition depends only on the row count (never on the number of threads), and every reduction over
/// chunks is done in chunk order, so results are bit-identical at any thread count.
struct RowChunks: Sendable {
    /// Rows per chunk at least (small problems get a single chunk).
    static let minimumRows = 2048
    /// At most this many chunks, which bounds the memory of per-chunk buffers.
    static let maximumChunks = 16

    let count: Int
    let chunkCount: Int

    init(count: Int) {
        self.count = count
        self.chunkCount = max(1, min(Self.maximumChunks, count / Self.minimumRows))
    }

    /// The rows of chunk `index`.
    func range(_ index: Int) -> Range<Int> {
        (count * index / chunkCount)..<(count * (index + 1) / chunkCount)
    }

    /// Calls `body(chunk)` for every chunk, spreading the chunks over `threads` workers (chunk `c` goes to worker
    /// `c mod threads`). `body` must write only to memory owned by its chunk.
    func forEach(threads: Int, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, chunkCount))
        if workers == 1 {
            for chunk in 0..<chunkCount { body(chunk) }
            return
        }
        let chunkCount = chunkCount
        // The workers only read shared state and write chunk-owned memory (the caller's contract), so the
        // closure may be shared across threads even though its type is not `Sendable`.
        withoutActuallyEscaping(body) { escapable in
            let shared = UncheckedClosure(call: escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var chunk = worker
                while chunk < chunkCount {
                    shared.call(chunk)
                    chunk += workers
                }
            }
        }
    }
}

/// A closure handed to parallel workers under the contract of `RowChunks.forEach`.
private struct UncheckedClosure: @unchecked Sendable {
    let call: (Int) -> Void
}

/// A pointer handed to parallel workers that write disjoint parts of it.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
