import Foundation

/// Normalises texts on background threads while the caller goes on reading more, so that reading a corpus (one
/// thread: decompression and parsing) and normalising it overlap instead of following one another.
///
/// Texts are gathered into batches of ``batchSize``; each full batch is normalised by one background worker, at most
/// `threads − 1` batches at once besides the reading thread, so that reading never waits for normalisation unless
/// normalisation falls behind. With one thread every batch is normalised on the calling thread. ``finish()`` returns
/// the results in the order the texts were added: the same as normalising them one by one, at any thread count.
///
/// `@unchecked Sendable` because the batch results are written under `lock` and read by ``finish()`` after every
/// worker has finished (`group.wait()`).
public final class BackgroundNormalizer: @unchecked Sendable {
    /// Texts per batch: large enough that handing a batch over costs little, small enough that the last batch,
    /// normalised after reading ends, is short.
    public static let batchSize = 256

    private let normalizer: TextNormalizer
    /// Whether batches go to background workers (more than one thread).
    private let inBackground: Bool
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var pending: [String] = []
    private var batches: [[NormalizedText]] = []

    /// - Parameter threads: the threads of the whole job, the reading thread included.
    public init(_ normalizer: TextNormalizer, threads: ThreadBudget) {
        self.normalizer = normalizer
        inBackground = threads.isParallel
        slots = DispatchSemaphore(value: max(1, threads.count - 1))
    }

    /// Queues `text` for normalisation.
    public func add(_ text: String) {
        pending.append(text)
        if pending.count == Self.batchSize { submit() }
    }

    /// Waits for every queued text and returns their normalised forms, in the order they were added.
    public func finish() -> [NormalizedText] {
        if !pending.isEmpty { submit() }
        group.wait()
        return lock.withLock { batches.flatMap { $0 } }
    }

    private func submit() {
        let texts = pending
        pending = []
        let index = lock.withLock {
            batches.append([])
            return batches.count - 1
        }
        guard inBackground else {
            batches[index] = texts.map { normalizer.normalize($0) }
            return
        }
        slots.wait()
        DispatchQueue.global().async(group: group) { [self] in
            let normalized = texts.map { normalizer.normalize($0) }
            lock.withLock { batches[index] = normalized }
            slots.signal()
        }
    }
}
