import Foundation

/// `stance corpus`: the summary of a corpus before any modelling, with near-duplicate clusters and source
/// boilerplate when asked.
public struct CorpusJob: Sendable {
    /// How the summary is printed.
    public enum Format: String, Sendable, CaseIterable {
        case table, json
    }

    public var paths: [String]
    public var corpus: CorpusOptions
    public var format: Format
    /// Near-duplicate detection, or `nil` to leave it out.
    public var nearDuplicates: NearDuplicateSettings?
    /// The source-boilerplate rule, or `nil` to leave it out.
    public var boilerplate: SourceBoilerplateSettings?
    /// Lexicons whose hits mark a recurring line `boilerplate_lexicon` (kept unless the settings say otherwise).
    public var boilerplateLexiconPaths: [String]
    /// Writes one JSON line per boilerplate span to this file.
    public var boilerplateLog: String?
    /// Prints the boilerplate table (the counts go to JSON either way).
    public var listBoilerplate: Bool
    public var threads: ThreadBudget
    /// Cleans each text before it is summarised (`--clean`), or `nil`.
    public var cleaner: DocumentCleaner? = nil
    /// With `--clean`: the boilerplate rule cuts recurring lines (on the texts the per-document rules leave) before
    /// the summary, or `nil`. The corpus is then read whole before it is summarised.
    public var cleanBoilerplate: SourceBoilerplate? = nil

    public init(
        paths: [String], corpus: CorpusOptions, format: Format = .table,
        nearDuplicates: NearDuplicateSettings? = nil, boilerplate: SourceBoilerplateSettings? = nil,
        boilerplateLexiconPaths: [String] = [], boilerplateLog: String? = nil, listBoilerplate: Bool = false,
        threads: ThreadBudget = .machine
    ) {
        self.paths = paths
        self.corpus = corpus
        self.format = format
        self.nearDuplicates = nearDuplicates
        self.boilerplate = boilerplate
        self.boilerplateLexiconPaths = boilerplateLexiconPaths
        self.boilerplateLog = boilerplateLog
        self.listBoilerplate = listBoilerplate
        self.threads = threads
    }

    /// Reads the corpus as a stream (texts are kept only when near-duplicates or boilerplate need them) and returns
    /// the output text.
    ///
    /// - Parameters:
    ///   - warnings: receives the `--skip-invalid` summary.
    ///   - progress: receives the near-duplicate timing line, when given.
    /// - Throws: the errors of ``CorpusReader``, the lexicon readers and ``AtomicFile``.
    public func run(warnings: WarningSink, progress: ((String) -> Void)? = nil) throws -> String {
        let reader = try CorpusReader(paths: paths, options: corpus)
        var summary = CorpusSummary()
        var ids: [String] = []
        var texts: [String] = []
        var sources: [String?] = []
        let keepTexts = nearDuplicates != nil || boilerplate != nil
        func add(_ document: Document) {
            summary.add(document, language: LanguageIdentifier.identify(document.text))
            if keepTexts {
                ids.append(document.id)
                texts.append(document.text)
                sources.append(document.source)
            }
        }
        if let cleanBoilerplate {
            var documents: [Document] = []
            try reader.forEach { documents.append($0) }
            let corpusCleaner = CorpusCleaner(documentCleaner: cleaner, boilerplate: cleanBoilerplate)
            for document in corpusCleaner.clean(documents, threads: threads) { add(document) }
        } else {
            try reader.forEach { read in add(cleaner.map { read.cleaned(by: $0) } ?? read) }
        }
        summary.skipped = reader.skipped
        reader.reportSkipped(to: warnings)

        let clustering = try nearDuplicates?.clusters(of: texts, threads: threads, progress: progress)
        var boilerplateTable = ""
        var boilerplateCounts: JSON?
        if let boilerplate {
            let rule = try SourceBoilerplate(
                settings: boilerplate, containsLexiconHit: try Self.lexiconCheck(paths: boilerplateLexiconPaths))
            let spans = rule.spans(texts: texts, sources: sources, threads: threads)
            boilerplateTable = SourceBoilerplate.table(
                spans: spans, texts: texts, sources: sources, settings: boilerplate)
            boilerplateCounts = SourceBoilerplate.counts(spans: spans)
            if let boilerplateLog {
                let log = SourceBoilerplate.logLines(spans: spans, texts: texts, ids: ids)
                try AtomicFile.write(log.map { $0.rendered() + "\n" }.joined(), to: boilerplateLog)
            }
        }
        switch format {
        case .table:
            var output = summary.table()
            if let clustering, let nearDuplicates {
                output += "\n" + clustering.table(ids: ids, settings: nearDuplicates)
            }
            if listBoilerplate { output += "\n" + boilerplateTable }
            return output
        case .json:
            var json = summary.json
            if case .object(var members) = json {
                if let clustering, let nearDuplicates {
                    members.append(("near_duplicates", clustering.json(ids: ids, settings: nearDuplicates)))
                }
                if let boilerplateCounts { members.append(("boilerplate", boilerplateCounts)) }
                json = .object(members)
            }
            return json.rendered(pretty: true) + "\n"
        }
    }

    /// Whether a line holds a hit of the lexicons at `paths` (in any language), or `nil` without lexicons.
    static func lexiconCheck(paths: [String]) throws -> (@Sendable (String) -> Bool)? {
        let options = TextNormalizer.Options()
        guard let lexicon = try StanceTrainer.loadLexicons(paths: paths, normalization: options) else { return nil }
        return LexiconMatcher(lexicon).lineCheck(normalizer: try TextNormalizer(options: options))
    }
}
