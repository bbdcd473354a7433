/// `stance clean`: reads every input, cleans each document's text, and writes the cleaned records, the removal log
/// and the summary by reason and source.
///
/// Documents are cleaned in batches of 512 on `threads` threads and written in input order, so the output does not
/// depend on the thread count. With the corpus rules (``boilerplate``, ``dedupe``) the corpus is read whole first. Output files are written atomically: a failed run leaves no half file.
public struct CleaningJob: Sendable {
    public var cleaner: DocumentCleaner
    public var options: CorpusOptions
    public var threads: ThreadBudget
    /// The corpus rule, lines recurring across a source (run on the texts the per-document rules leave), or `nil`.
    /// With it (or with ``dedupe``) the whole corpus is read into memory before anything is written.
    public var boilerplate: SourceBoilerplate? = nil
    /// Keep one document per near-duplicate cluster of the cleaned texts (`--dedupe near`), or `nil`.
    public var dedupe: NearDuplicateSettings? = nil

    public init(cleaner: DocumentCleaner, options: CorpusOptions, threads: ThreadBudget = .single) {
        self.cleaner = cleaner
        self.options = options
        self.options.keepsRecords = true
        // CSV records have no raw line to write back: their fields are kept one by one.
        self.options.keepAllFields = true
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
            if boilerplate != nil || dedupe != nil {
                try processWhole(reader: reader, report: &report, output, logOutput)
                return
            }
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

    /// The corpus rules: every document read, cleaned by both kinds of rules, near-duplicates of the cleaned texts
    /// dropped (a dropped document's whole text is logged as `near_duplicate`), then written in input order.
    private func processWhole(
        reader: CorpusReader, report: inout CleaningReport, _ output: BufferedWriter?, _ logOutput: BufferedWriter?
    ) throws {
        var documents: [Document] = []
        while let document = try reader.next() { documents.append(document) }
        let cleaner = CorpusCleaner(documentCleaner: cleaner, boilerplate: boilerplate)
        var cleaned = cleaner.clean(
            texts: documents.map(\.text), sources: documents.map(\.source), threads: threads)
        var representative = [Int?](repeating: nil, count: documents.count)
        if let dedupe {
            let clustering = try NearDuplicateDetector(settings: dedupe).clusters(
                of: cleaned.map(\.text.text), threads: threads)
            for cluster in clustering.clusters {
                for link in cluster.links { representative[link.member] = cluster.representative }
            }
        }
        for index in documents.indices {
            let document = documents[index]
            if let kept = representative[index] {
                let length = document.text.unicodeScalars.count
                cleaned[index].text = CleanedText(
                    text: "", removals: [Removal(reason: .nearDuplicate, start: 0, end: length)])
                report.add(document, cleaned: cleaned[index].text, flagged: [])
                for line in CleanedRecord.logLines(
                    for: document, cleaned: cleaned[index].text, duplicateOf: documents[kept].id)
                {
                    try logOutput?.write(line + "\n")
                }
                continue
            }
            report.add(document, cleaned: cleaned[index].text, flagged: cleaned[index].flagged)
            try output?.write(CleanedRecord.line(for: document, cleaned: cleaned[index].text, fields: options) + "\n")
            for line in CleanedRecord.logLines(for: document, cleaned: cleaned[index].text) {
                try logOutput?.write(line + "\n")
            }
        }
        try output?.flush()
    }
}
