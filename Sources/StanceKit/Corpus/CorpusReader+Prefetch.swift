import Foundation

/// Reads a corpus a batch of documents ahead, on a thread of its own, so that reading (gzip inflation and JSON
/// parsing, one thread's work) overlaps with the work done on the batch before.
///
/// Batches end after `batchSize` documents or where the input pauses (``CorpusReader/hasBufferedInput``), as a
/// filter's batches do; at most `depth` batches wait. The documents come in input order; an error of reading comes
/// after the documents read before it, so that a consumer rates those first as it would reading in line.
///
/// `@unchecked Sendable`: the reader is used only by the reading thread until the last batch is taken and ``stop()``
/// has waited for it (a consumer that stops early leaves the reader alone); the queue of batches is guarded by a lock.
final class PrefetchedBatches: @unchecked Sendable {
    /// Documents read in a row, with what the reader knew then.
    struct Batch {
        var documents: [Document] = []
        /// The reader's field names right after the corpus's first document, in the batch that holds it.
        var fieldNamesAfterFirst: [String]?
        /// The error that stopped reading after ``documents``.
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
                while batch.documents.count < batchSize {
                    guard let document = try reader.next() else {
                        batch.isLast = true
                        break
                    }
                    if reader.documentCount == 1 { batch.fieldNamesAfterFirst = reader.fieldNames }
                    batch.documents.append(document)
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
        // Wake the reading thread if it waits for room; it then sees `stopped`.
        for _ in 0..<depth { space.signal() }
        if finished { done.wait() }
    }
}
