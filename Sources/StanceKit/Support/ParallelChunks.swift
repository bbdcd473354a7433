import Foundation

/// The one work chunker: how work over `0..<count` items is cut into contiguous chunks and how the chunks are spread
/// over the threads of a ``ThreadBudget``. Results never depend on the thread count: every item belongs to one
/// chunk, each chunk's result goes to its own slot, and results come back in chunk order. Which worker runs a chunk
/// is decided as the work goes (the next free worker takes the next chunk, ``ChunkDispenser``), so that chunks of
/// unequal cost do not leave a worker idle while another still has a queue; only scratch state, which must not
/// influence results, depends on that.
///
/// Two partitions, both independent of the thread count:
/// - fixed chunks of ``documentsPerChunk`` items (``chunkCount(_:)``, ``range(of:count:)``), for per-document work
///   whose per-chunk results are reduced in chunk order;
/// - an even split into a given number of chunks (``init(count:chunks:)``, ``range(_:)``), e.g. ``rows(_:)`` for
///   the sparse products of the linear algebra, where small problems get one chunk.
struct ParallelChunks: Sendable {
    /// The chunk size for per-document work: fixed, so chunk boundaries do not depend on the thread count.
    static let documentsPerChunk = 64
    /// Rows per chunk at least in ``rows(_:)`` (small problems get a single chunk).
    static let minimumRows = 128
    /// At most this many chunks in ``rows(_:)``.
    static let maximumRowChunks = 64

    /// Items in all.
    let count: Int
    /// Chunks of the even split (at least 1).
    let chunkCount: Int

    /// `0..<count` split evenly into `chunks` contiguous chunks (at least one; some are empty when there are more
    /// chunks than items).
    init(count: Int, chunks: Int) {
        self.count = count
        self.chunkCount = max(1, chunks)
    }

    /// The partition of the sparse products over `count` rows: chunks of at least ``minimumRows`` rows, at most
    /// ``maximumRowChunks`` of them. Chunks are small enough that a few thousand long documents (where one product
    /// already costs milliseconds) still spread over every core, and few enough that handing them out costs nothing
    /// measurable.
    static func rows(_ count: Int) -> ParallelChunks {
        ParallelChunks(count: count, chunks: min(maximumRowChunks, count / minimumRows))
    }

    /// The items of chunk `index` of the even split.
    func range(_ index: Int) -> Range<Int> {
        (count * index / chunkCount)..<(count * (index + 1) / chunkCount)
    }

    /// Calls `body(chunk)` for every chunk of the even split, over up to `threads` workers. `body` must write only
    /// to memory owned by its chunk.
    func forEach(threads: ThreadBudget, _ body: (Int) -> Void) {
        let chunks = chunkCount
        let workers = threads.workers(for: chunks)
        if workers == 1 {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        let dispenser = ChunkDispenser(count: chunks)
        runWorkers(workers) { _ in
            while let chunk = dispenser.take() { body(chunk) }
        }
    }

    /// The number of chunks of ``documentsPerChunk`` items needed for `count` items.
    static func chunkCount(_ count: Int) -> Int { (count + documentsPerChunk - 1) / documentsPerChunk }

    /// The items of chunk `chunk` out of `count`.
    static func range(of chunk: Int, count: Int) -> Range<Int> {
        (chunk * documentsPerChunk)..<min(count, (chunk + 1) * documentsPerChunk)
    }

    /// `body(chunk, &state)` for every chunk in `0..<chunks`, spread over up to `threads` workers
    /// (``runWorkers(_:_:)``), each taking the next chunk when it is free; each worker has its own
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
            let dispenser = ChunkDispenser(count: chunks)
            runWorkers(workers) { _ in
                var state = makeState()
                while let chunk = dispenser.take() { output.buffer[chunk] = body(chunk, &state) }
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

/// Hands out the chunk numbers `0, 1, 2, …` below `count`, each once, to whichever worker asks first.
///
/// `@unchecked Sendable`: the next number is read and advanced only under the lock.
final class ChunkDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next chunk not yet taken, or `nil` when every chunk has been.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
