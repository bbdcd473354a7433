import Foundation

/// Runs `body` for every index in `0..<count`, split over `threads` cores in fixed contiguous chunks, and returns
/// the results in index order: the same output at any thread count.
public func parallelMap<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let threads = max(1, min(threads, count))
    if threads == 1 { return (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        // Release the results held here (the returned array holds its own references): without this, every
        // result of a parallel call leaked, e.g. each normalised text `stance score` rated on two threads.
        results.deinitialize()
        results.deallocate()
    }
    let chunks = threads * 4
    let size = (count + chunks - 1) / chunks
    nonisolated(unsafe) let output = results
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = chunk * size
        let end = min(count, start + size)
        guard start < end else { return }
        for index in start..<end { output[index] = body(index) }
    }
    return results.map { $0! }
}
