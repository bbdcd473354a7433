/// `stance clean`: reads every input, cleans each document's text, and writes the cleaned records, the removal log
/// and the summary by reason and source.
///
/// Documents are cleaned in batches of 512 on `threads` threads and written in input order, so the output does not
/// depend on the thread count. Output files are written atomically: a failed run leaves no half file.
public struct CleaningJob: Sendable {
    public var cleaner: DocumentCleaner
    public var options: CorpusOptions
    public var threads: ThreadBudget

    public init(cleaner: DocumentCleaner, options: CorpusOptions, threads: ThreadBudget = .single) {
        self.cleaner = cleaner
        self.options = options
        self.options.keepsRecords = true
        self.threads = threads
    }

    /// Cleans the documents of `paths`.
    ///
    /// - Parameters:
    ///   - out: where the cleaned JSON Lines go: a file, `nil` for standard output; ignored with `dryRun`.
    ///   - log: a file for one JSON line per removal, or `nil`.
    ///   - dryRun: count only; write no cleaned records.
    /// - Returns: the removals by reason and source, and the reader's skipped records.
    /// - Throws: whatever reading the corpus or writing the files throws (``CorpusError``, ``IOFailure``).
    public func run(
        paths: [String], out: String?, log: String?, dryRun: Bool
    ) throws -> (report: CleaningReport, skipped: [String]) {
        let reader = try CorpusReader(paths: paths, options: options)
        var report = CleaningReport()
        func process(_ output: BufferedWriter?, _ logOutput: BufferedWriter?) throws {
            var pending: [Document] = []
            func flush() throws {
                guard !pending.isEmpty else { return }
                let batch = pending
                let cleaner = self.cleaner
                let cleaned = parallelMap(count: batch.count, threads: threads) { cleaner.clean(batch[$0].text) }
                for (document, result) in zip(batch, cleaned) {
                    report.add(document, cleaned: result)
                    try output?.write(CleanedRecord.line(for: document, cleaned: result, fields: options) + "\n")
                    for line in CleanedRecord.logLines(for: document, cleaned: result) {
                        try logOutput?.write(line + "\n")
                    }
                }
                pending.removeAll(keepingCapacity: true)
                try output?.flush()
            }
            while let document = try reader.next() {
                pending.append(document)
                if pending.count >= 512 || !reader.hasBufferedInput { try flush() }
            }
            try flush()
        }
        func withOutput(_ body: (BufferedWriter?) throws -> Void) throws {
            if dryRun {
                try body(nil)
            } else if let out {
                try AtomicFile.write(to: out) { try body($0) }
            } else {
                let standardOutput = BufferedWriter.standardOutput()
                try body(standardOutput)
                try standardOutput.flush()
            }
        }
        try withOutput { output in
            if let log {
                try AtomicFile.write(to: log) { try process(output, $0) }
            } else {
                try process(output, nil)
            }
        }
        return (report, reader.skipSummary)
    }
}
