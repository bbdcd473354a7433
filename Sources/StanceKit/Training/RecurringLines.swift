/// The source-boilerplate rule (``SourceBoilerplate``) for a corpus that is read without keeping its texts
/// (``CountedDocuments``).
///
/// The rule cuts a line only when enough of its source's documents hold it, so it needs every document of a source
/// before it can cut anything. Instead of holding the texts, the corpus is read twice: a first pass cleans each text
/// by the per-document rules, takes its candidate lines (``edgeLines(of:settings:)``) and keeps, per source, only
/// how many documents hold each line, by the line's fingerprint; the lines that recur are then known. The counting
/// pass cleans each text again and cuts the candidate lines whose fingerprints recur in its source. The texts are
/// those of ``CorpusCleaner/clean(_:threads:)``: the same candidate lines, the same counts and the same cut (two
/// different lines sharing a 128-bit fingerprint is the only way to differ). A second read needs files: standard
/// input and FIFOs are held as before (``canReadTwice(_:)``).
struct RecurringLines: Sendable {
    let rule: SourceBoilerplate
    /// Per source, the fingerprints of its recurring candidate lines.
    let recurring: [String: Set<TextFingerprint>]
    /// Whether each recurring line (its key) holds a lexicon hit, filled as lines are first cut.
    private var verdicts: [String: Bool] = [:]

    /// Whether all of `paths` can be read a second time: files and directories, not `-` (standard input), FIFOs
    /// or devices. A path that cannot be examined counts as readable twice: reading it reports the error.
    static func canReadTwice(_ paths: [String]) -> Bool {
        paths.allSatisfy { path in
            path != "-" && (try? InputFile.examine(path, what: "the input", allowDirectory: true)) != .stream
        }
    }

    /// The first pass over the corpus `paths`: each text cleaned by `cleaner`, its candidate lines counted per
    /// source, a batch of about `batchBytes` of text at a time, so that no text is kept.
    ///
    /// - Throws: the errors of ``CorpusReader``.
    init(
        rule: SourceBoilerplate, paths: [String], options: CorpusOptions, cleaner: DocumentCleaner?,
        threads: ThreadBudget, batchBytes: Int
    ) throws {
        self.rule = rule
        let reader = try CorpusReader(paths: paths, options: options)
        let settings = rule.settings
        var documentsPerSource: [String: Int] = [:]
        var holders: [String: [TextFingerprint: Int32]] = [:]
        var batch: [Document] = []
        var pendingBytes = 0

        func countBatch() {
            let documents = batch
            batch = []
            pendingBytes = 0
            let lines = parallelMap(count: documents.count, threads: threads) { index -> [TextFingerprint] in
                guard documents[index].source != nil else { return [] }
                let text = cleaner?.clean(documents[index].text).text ?? documents[index].text
                return edgeLines(of: text, settings: settings).map { TextFingerprint($0.key) }
            }
            for (document, lines) in zip(documents, lines) {
                guard let source = document.source else { continue }
                documentsPerSource[source, default: 0] += 1
                var seen: Set<TextFingerprint> = []
                for line in lines where seen.insert(line).inserted {
                    holders[source, default: [:]][line, default: 0] += 1
                }
            }
        }

        try reader.forEach { document in
            pendingBytes += document.text.utf8.count
            batch.append(document)
            if pendingBytes >= batchBytes { countBatch() }
        }
        if !batch.isEmpty { countBatch() }
        var recurring: [String: Set<TextFingerprint>] = [:]
        for (source, counts) in holders {
            let documents = Double(documentsPerSource[source]!)
            for (line, count) in counts
            where count >= settings.minimumDocuments && Double(count) >= settings.minimumShare * documents {
                recurring[source, default: []].insert(line)
            }
        }
        self.recurring = recurring
    }

    /// `documents`, already cleaned by the per-document rules, with the recurring lines of their sources cut as
    /// ``SourceBoilerplate/spans(texts:sources:threads:)`` and ``SourceBoilerplate/apply(_:to:)`` cut them.
    mutating func cut(_ documents: [Document], threads: ThreadBudget) -> [Document] {
        let (settings, recurring) = (rule.settings, recurring)
        let found = parallelMap(count: documents.count, threads: threads) { index -> [EdgeLine] in
            guard let source = documents[index].source, let lines = recurring[source] else { return [] }
            return edgeLines(of: documents[index].text, settings: settings).filter {
                lines.contains(TextFingerprint($0.key))
            }
        }
        for lines in found {
            for line in lines where verdicts[line.key] == nil {
                verdicts[line.key] = rule.containsLexiconHit?(line.key) ?? false
            }
        }
        let verdicts = verdicts
        return parallelMap(count: documents.count, threads: threads) { index in
            guard !found[index].isEmpty else { return documents[index] }
            let spans = found[index].map { line in
                let lexicon = verdicts[line.key]!
                return BoilerplateSpan(
                    start: line.start, end: line.end,
                    reason: lexicon ? BoilerplateSpan.boilerplateLexicon : BoilerplateSpan.boilerplate,
                    removed: !lexicon || settings.removeLexiconLines)
            }
            var document = documents[index]
            document.text = SourceBoilerplate.apply(spans, to: document.text)
            return document
        }
    }
}
