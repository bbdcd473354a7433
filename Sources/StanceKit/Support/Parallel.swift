import Foundation

/// Runs `body` for every index in `0..<count` over up to `threads` workers and returns the results in index order:
/// the same output at any thread count. The indices are split evenly into four chunks per worker
/// (``ParallelChunks``), so that a slow chunk does not leave the other workers idle for long.
public func parallelMap<T: Sendable>(count: Int, threads: ThreadBudget, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = threads.workers(for: count)
    if workers == 1 { return (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        // Release the results held here (the returned array holds its own references): without this, every
        // result of a parallel call leaked, e.g. each normalised text `stance score` rated on two threads.
        results.deinitialize()
        results.deallocate()
    }
    let chunks = ParallelChunks(count: count, chunks: workers * 4)
    let output = DisjointWrites(buffer: results)
    chunks.forEach(threads: threads) { chunk in
        for index in chunks.range(chunk) { output.buffer[index] = body(index) }
    }
    return results.map { $0! }
}

/// Calls `body(worker)` for `worker` in `0..<workers`, in parallel when `workers > 1`. `body` must only read shared
/// state and write memory owned by its worker (for instance through ``DisjointWrites``).
func runWorkers(_ workers: Int, _ body: (Int) -> Void) {
    if workers <= 1 {
        body(0)
        return
    }
    // The workers only read shared state and write worker-owned memory (the caller's contract), so the closure may
    // be shared across threads even though its type is not `Sendable`.
    withoutActuallyEscaping(body) { escapable in
        let shared = UncheckedClosure(call: escapable)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in shared.call(worker) }
    }
}

/// A closure handed to parallel workers under the contract of ``runWorkers(_:_:)``.
private struct UncheckedClosure: @unchecked Sendable {
    let call: (Int) -> Void
}

/// A buffer shared by parallel workers that each write their own disjoint part of it.
///
/// `@unchecked Sendable` because every element is written by exactly one worker and read only after the parallel
/// section has returned (`concurrentPerform` orders those writes before the reads): that discipline, not the type
/// system, makes sharing it safe.
struct DisjointWrites<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    /// The first element, for pointer arithmetic over a buffer known not to be empty.
    var base: UnsafeMutablePointer<Element> { buffer.baseAddress! }
}
