/// Splits work over a fixed number of chunks and threads so that results never depend on the thread count.
enum ParallelChunks {
    /// The chunk size for per-document work: fixed, so chunk boundaries do not depend on the thread count.
    static let documentsPerChunk = 64

    /// The number of chunks of ``documentsPerChunk`` items needed for `count` items.
    static func chunkCount(_ count: Int) -> Int { (count + documentsPerChunk - 1) / documentsPerChunk }

    /// The items of chunk `chunk` out of `count`.
    static func range(of chunk: Int, count: Int) -> Range<Int> {
        (chunk * documentsPerChunk)..<min(count, (chunk + 1) * documentsPerChunk)
    }

    /// `body(chunk, &state)` for every chunk in `0..<chunks`, spread over up to `threads` workers
    /// (``runWorkers(_:_:)``), worker `w` taking chunks `w, w + threads, ...`; each worker has its own
    /// `state` from `makeState` (scratch space that must not influence results). The results come back in chunk
    /// order, so any reduction over them in that order is the same at every thread count.
    static func map<State, Result: Sendable>(
        chunks: Int, threads: ThreadBudget, state makeState: @Sendable () -> State,
        _ body: @Sendable (Int, inout State) -> Result
    ) -> [Result] {
        guard chunks > 0 else { return [] }
        let workers = threads.workers(for: chunks)
        if workers == 1 {
            var state = makeState()
            return (0..<chunks).map { body($0, &state) }
        }
        var results = [Result?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = DisjointWrites(buffer: buffer)
            runWorkers(workers) { worker in
                var state = makeState()
                var chunk = worker
                while chunk < chunks {
                    output.buffer[chunk] = body(chunk, &state)
                    chunk += workers
                }
            }
        }
        return results.map { $0! }
    }
}

extension ParallelChunks {
    /// ``map(chunks:threads:state:_:)`` a batch of `4 · threads` chunks at a time, handing each result to `reduce`
    /// on the calling thread in chunk order, so that only one batch of results is held in memory at once. The
    /// sequence of `reduce` calls is the same at every thread count.
    static func mapReduce<State, Result: Sendable>(
        chunks: Int, threads: ThreadBudget, state makeState: @Sendable () -> State,
        _ body: @Sendable (Int, inout State) -> Result, reduce: (Result) -> Void
    ) {
        let batch = 4 * threads.count
        var first = 0
        while first < chunks {
            let base = first
            let count = min(batch, chunks - base)
            let results = map(chunks: count, threads: threads, state: makeState) { body(base + $0, &$1) }
            for result in results { reduce(result) }
            first += count
        }
    }
}
