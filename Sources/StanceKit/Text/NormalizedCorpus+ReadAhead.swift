extension NormalizedCorpus {
    /// Records per batch of ``init(readingAhead:options:normalization:threads:cleaner:warnings:progress:)``: each
    /// batch ends with its workers waiting for the slowest, so batches are large enough that these waits are rare,
    /// and small enough that the last one, worked on after reading ends, is short.
    static let readAheadBatchSize = 2048

    /// Reads `paths` as ``init(paths:options:normalization:threads:cleaner:boilerplate:warnings:progress:)`` does
    /// without the corpus rule, with the same documents, texts, field names, skip counts and errors, but with only
    /// the reading itself on one thread.
    ///
    /// A read-ahead thread inflates the input and cuts its records (``PrefetchedBatches``); each batch of records
    /// is then parsed, cleaned (`cleaner`) and normalised on every thread (``UnparsedRecord/parsed()``, the work
    /// ``CorpusReader/next()`` and the normaliser do one record at a time), and absorbed by the reader in input
    /// order (``CorpusReader/absorb(_:)``), so that a bad record stops the run with the same error after the same
    /// documents. Before, the one reading thread also parsed every JSON line and built every document, and the
    /// normaliser threads waited on it for the first quarter of an export.
    ///
    /// - Throws: the errors of ``CorpusReader`` and ``TextNormalizer``.
    init(
        readingAhead paths: [String], options: CorpusOptions, normalization: TextNormalizer.Options,
        threads: ThreadBudget, cleaner: DocumentCleaner? = nil, warnings: WarningSink,
        progress: ((String) -> Void)? = nil
    ) throws {
        let normalizer = try TextNormalizer(options: normalization)
        let reader = try CorpusReader(paths: paths, options: options)
        var documents: [Document] = []
        var texts: [NormalizedText] = []
        let batches = PrefetchedBatches(reader: reader, batchSize: Self.readAheadBatchSize)
        defer { batches.stop() }
        while let batch = batches.next() {
            let records = batch.records
            let worked = parallelMap(count: records.count, threads: threads) { index in
                Self.work(records[index], cleaner: cleaner, normalizer: normalizer)
            }
            for (record, text) in worked {
                guard let document = try reader.absorb(record) else { continue }
                documents.append(document)
                texts.append(text!)
            }
            if let failure = batch.failure { throw failure }
            if batch.isLast { try reader.checkNotEmpty() }
        }
        reader.reportSkipped(to: warnings)
        self.documents = documents
        self.texts = texts
        fieldNames = reader.fieldNames
        progress?("read and normalised \(documents.count) documents")
    }

    /// One record parsed, its document cleaned, and the document's text normalised (`nil` for a record that holds
    /// no document).
    private static func work(_ record: UnparsedRecord, cleaner: DocumentCleaner?, normalizer: TextNormalizer) -> (
        ParsedRecord, NormalizedText?
    ) {
        var parsed = record.parsed()
        guard case .document(let read)? = parsed.outcome else { return (parsed, nil) }
        let document = cleaner.map { read.cleaned(by: $0) } ?? read
        parsed.outcome = .document(document)
        return (parsed, normalizer.normalize(document.text))
    }
}
