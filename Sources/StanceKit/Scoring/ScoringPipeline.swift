/// `stance score` over several threads: records read ahead on a thread of their own (``PrefetchedBatches``) are cut
/// into chunks of ``chunkSize``, and each chunk goes whole from its records' bytes to its rendered lines on
/// whichever worker takes it (``ArticleScorer/score(records:plan:)``), while the caller takes the chunks back in
/// input order (``OrderedPipeline``) to count, write and group them. No stage waits for a whole batch, and chunks
/// of one batch and the next flow without a barrier between them.
///
/// A chunk never spans two batches, so that the caller knows where the input paused (a batch ends there) and can
/// flush its output, as it does reading in line.
enum ScoringPipeline {
    /// Records per chunk: few enough that a chunk's texts, normalised texts and rows stay in one core's cache.
    static let chunkSize = ParallelChunks.documentsPerChunk

    /// Chunks at most computed or waiting ahead of the caller, per worker.
    static let windowPerWorker = 4

    /// A chunk of records as read.
    struct Input: @unchecked Sendable {
        var records: [UnparsedRecord]
        /// Whether the chunk ends a batch of reading (``PrefetchedBatches``): the input paused, or ended, after it.
        var endsBatch: Bool
        /// Whether it is the last chunk of the input.
        var isLast: Bool
        /// The error that stopped reading after these records.
        var failure: (any Error)?
    }

    /// A chunk rated: ``ScoredRecords``, and where it stands in the input.
    ///
    /// `@unchecked Sendable`: the reading error, when there is one, is only passed on to the one consumer.
    struct Output: @unchecked Sendable {
        var scored: ScoredRecords
        var endsBatch: Bool
        var isLast: Bool
        var failure: (any Error)?
    }

    /// Starts reading `reader` and rating its records with `scorer` on `threads` workers; the caller takes the
    /// chunks in input order with ``OrderedPipeline/next()`` and absorbs their records into `reader`, and calls
    /// ``OrderedPipeline/stop()`` when done (then, after the last chunk, ``OrderedPipeline/waitForWorkers()`` before
    /// using `reader` again).
    static func start(
        reader: CorpusReader, scorer: ArticleScorer, plan: ScoredRecords.Plan, threads: ThreadBudget, batchSize: Int
    ) -> OrderedPipeline<Input, Output, Void> {
        let source = ChunkSource(batches: PrefetchedBatches(reader: reader, batchSize: batchSize))
        return OrderedPipeline(
            workers: threads.count, window: windowPerWorker * threads.count, source: source.next, state: {},
            work: { input, _ in
                Output(
                    scored: scorer.score(records: input.records, plan: plan), endsBatch: input.endsBatch,
                    isLast: input.isLast, failure: input.failure)
            },
            close: source.batches.stop)
    }

    /// Cuts the batches read ahead into chunks, in input order; a batch without records (the input ended or paused
    /// right after the batch before) gives one empty chunk, so that its end and its error still come through.
    private final class ChunkSource {
        let batches: PrefetchedBatches
        private var current: PrefetchedBatches.Batch?
        private var offset = 0

        init(batches: PrefetchedBatches) { self.batches = batches }

        func next() -> Input? {
            if current == nil {
                guard let batch = batches.next() else { return nil }
                current = batch
                offset = 0
            }
            let batch = current!
            let end = min(offset + chunkSize, batch.records.count)
            let endsBatch = end == batch.records.count
            let input = Input(
                records: Array(batch.records[offset..<end]), endsBatch: endsBatch, isLast: endsBatch && batch.isLast,
                failure: endsBatch ? batch.failure : nil)
            offset = end
            if endsBatch { current = nil }
            return input
        }
    }
}
