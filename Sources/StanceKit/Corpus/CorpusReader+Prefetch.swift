import Foundation

/// Reads a corpus a batch of records ahead, on a thread of its own, so that reading (gzip inflation and cutting
/// lines, one thread's work) overlaps with the work done on the batch before.
///
/// The reading thread only cuts records (``CorpusReader/nextUnparsed()``); the consumer parses them, on every thread,
/// and hands them to ``CorpusReader/absorb(_:)`` in input order (as `stance score` does, chunk by chunk), so that the
/// one reading thread does as little per record as it can.
///
/// Batches end after `batchSize` records or where the input pauses (``CorpusReader/hasBufferedInput``), as a
/// filter's batches do; at most `depth` batches wait. The records come in input order; an error of reading comes
/// after the records read before it, so that a consumer rates those first as it would reading in line.
///
/// `@unchecked Sendable`: the reading thread uses only the input side of the reader (``CorpusReader/nextUnparsed()``)
/// until the last batch is taken and ``stop()`` has waited for it (a consumer that stops early leaves the input side
/// alone), while the consumer uses only the counting side (``CorpusReader/absorb(_:)``); the queue of batches is
/// guarded by a lock.
final class PrefetchedBatches: @unchecked Sendable {
    /// Records read in a row.
    struct Batch {
        var records: [UnparsedRecord] = []
        /// The error that stopped reading after ``records``.
        var failure: (any Error)?
        /// Whether this is the last batch.
        var isLast = false
    }

    private let reader: CorpusReader
    private let batchSize: Int
    private let lock = NSLock()
    private var queue: [Batch] = []
    private var stopped = false
    private var finished = false
    private let filled = DispatchSemaphore(value: 0)
    private let space: DispatchSemaphore
    private let done = DispatchSemaphore(value: 0)
    private let depth: Int

    /// Starts reading `reader` on a new thread.
    init(reader: CorpusReader, batchSize: Int, depth: Int = 2) {
        self.reader = reader
        self.batchSize = batchSize
        self.depth = max(1, depth)
        space = DispatchSemaphore(value: self.depth)
        let thread = Thread { [self] in
            produce()
            done.signal()
        }
        thread.start()
    }

    private func produce() {
        while true {
            space.wait()
            var batch = Batch()
            lock.lock()
            let stop = stopped
            lock.unlock()
            if stop { return }
            do {
                while batch.records.count < batchSize {
                    guard let record = try reader.nextUnparsed() else {
                        batch.isLast = true
                        break
                    }
                    batch.records.append(record)
                    if !reader.hasBufferedInput { break }
                }
            } catch {
                batch.failure = error
                batch.isLast = true
            }
            lock.lock()
            queue.append(batch)
            lock.unlock()
            filled.signal()
            if batch.isLast { return }
        }
    }

    /// The next batch in input order, or `nil` after the last.
    func next() -> Batch? {
        if finished { return nil }
        filled.wait()
        lock.lock()
        let batch = queue.removeFirst()
        lock.unlock()
        space.signal()
        if batch.isLast { finished = true }
        return batch
    }

    /// Stops reading. After the last batch was taken, waits until the reading thread has let go of the reader, so
    /// that the caller may use it again. When the consumer gives up early (an error), it does not wait: the reading
    /// thread may be blocked on input that never comes (a stalled pipe), and the caller must then leave the reader
    /// alone; the thread stops at its next batch.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        // Wake the reading thread if it waits for room; it then sees `stopped`. One signal more than `depth`: the
        // thread may take one to wake and stop, and a semaphore freed below its starting value traps (libdispatch).
        for _ in 0...depth { space.signal() }
        if finished { done.wait() }
    }
}
