/// A fixed partition of `0..<count` rows into contiguous chunks, and a way to run work over those chunks on up
/// to `threads` cores.
///
/// The partition depends only on the row count (never on the number of threads), and each row is computed by one
/// worker, so results are bit-identical at any thread count. Chunks are small enough that a few thousand long
/// documents (where one product already costs milliseconds) still spread over every core, and few enough that
/// handing them out costs nothing measurable.
struct RowChunks: Sendable {
    /// Rows per chunk at least (small problems get a single chunk).
    static let minimumRows = 128
    /// At most this many chunks.
    static let maximumChunks = 64

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
    func forEach(threads: ThreadBudget, _ body: (Int) -> Void) {
        let workers = threads.workers(for: chunkCount)
        let chunkCount = chunkCount
        runWorkers(workers) { worker in
            var chunk = worker
            while chunk < chunkCount {
                body(chunk)
                chunk += workers
            }
        }
    }
}
