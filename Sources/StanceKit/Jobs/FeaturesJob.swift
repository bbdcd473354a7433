import Synchronization

/// `stance features`: per document, what the feature extractor sees (``FeatureReport``); or the feature matrix of
/// every document exported for other tools (``SVMLightWriter``).
public struct FeaturesJob: Sendable {
    /// How the per-document listing is written.
    public enum Format: String, CaseIterable, Sendable { case table, json }

    /// Corpus files (`-` for standard input).
    public var files: [String]
    public var corpus: CorpusOptions
    public var normalization: TextNormalizer.Options
    public var configuration: FeatureConfiguration
    /// Lexicon files, merged.
    public var lexiconPaths: [String]
    public var format: Format
    /// N-grams listed per document.
    public var top: Int
    /// Where the svmlight matrix goes (with `.names` and `.labels` beside it), or `nil` for the listing.
    public var svmlightPath: String?
    public var threads: ThreadBudget
    /// Cleans each text before it is normalised (`--clean`), or `nil`.
    public var cleaner: DocumentCleaner? = nil
    /// With `--clean`: the corpus rule (lines recurring across a source), run after the per-document rules, or `nil`.
    public var cleanBoilerplate: SourceBoilerplate? = nil

    public init(
        files: [String], corpus: CorpusOptions, normalization: TextNormalizer.Options,
        configuration: FeatureConfiguration, lexiconPaths: [String], format: Format = .table, top: Int = 10,
        svmlightPath: String? = nil, threads: ThreadBudget = .single
    ) {
        self.files = files
        self.corpus = corpus
        self.normalization = normalization
        self.configuration = configuration
        self.lexiconPaths = lexiconPaths
        self.format = format
        self.top = top
        self.svmlightPath = svmlightPath
        self.threads = threads
    }

    /// Reads and normalises the corpus, then writes the listing to `output`, or exports the matrix (with a note of
    /// its size).
    ///
    /// - Throws: the errors of reading; ``TrainingError/missingLabel(location:id:field:)`` for an export with an
    ///   unlabeled document; ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink, progress: ((String) -> Void)? = nil) throws {
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: normalization)
        // With more than one thread and no corpus rule, records are parsed, cleaned and normalised on every thread
        // while the next ones are read.
        var corpus =
            threads.isParallel && cleanBoilerplate == nil
            ? try NormalizedCorpus(
                readingAhead: files, options: self.corpus, normalization: normalization, threads: threads,
                cleaner: cleaner, warnings: warnings, progress: progress)
            : try NormalizedCorpus(
                paths: files, options: self.corpus, normalization: normalization, threads: threads, cleaner: cleaner,
                boilerplate: cleanBoilerplate,
                warnings: warnings,
                progress: progress)
        let extractor = FeatureExtractor(configuration: configuration, lexicon: lexicon)
        if let svmlightPath {
            if let unlabeled = corpus.documents.first(where: { $0.label == nil }) {
                throw TrainingError.missingLabel(
                    location: unlabeled.location, id: unlabeled.id, field: self.corpus.labelField)
            }
            // Only the labels are needed from here on: the original texts' memory goes back for reuse.
            let labels = corpus.documents.map { $0.label! }
            corpus.documents = []
            // The rows are built a chunk at a time as they are written: the whole matrix is never held.
            let counted = try extractor.countTexts(corpus.texts, threads: threads)
            let nonZeros = Mutex(0)
            // The matrix, its names and labels, and the run file (``ExportRun``) appear together, or none of them.
            let group = AtomicFileGroup()
            let written = try SVMLightWriter().write(
                rowCount: counted.texts.count, labels: labels, columnNames: counted.vocabulary.columnNames,
                to: svmlightPath, threads: threads, group: group
            ) { rows in
                let chunk = counted.rows(rows)
                nonZeros.withLock { $0 += chunk.nonZeroCount }
                return chunk
            }
            if let size = group.size(of: svmlightPath) {
                let shape =
                    "svmlight tfidf \(counted.texts.count) \(counted.vocabulary.columnCount) "
                    + "\(nonZeros.withLock { $0 })"
                let run = ExportRun(digesting: [Array(shape.utf8), written.names, written.labels])
                let sidecar = run.sidecar(
                    matrix: (svmlightPath, size),
                    companions: [(svmlightPath + ".names", written.names), (svmlightPath + ".labels", written.labels)])
                try group.write(sidecar, to: ExportRun.sidecarPath(svmlightPath))
            }
            try group.commit()
            warnings.note(
                "wrote \(counted.texts.count) rows × \(counted.vocabulary.columnCount) features (\(nonZeros.withLock { $0 }) non-zeros) to \(svmlightPath)"
            )
            return
        }
        let matcher = lexicon.map { LexiconMatcher($0, mixedLanguages: configuration.mixedLanguageLexicon) }
        for (document, text) in zip(corpus.documents, corpus.texts) {
            let report = FeatureReport(
                document: document, normalized: text, matcher: matcher, extractor: extractor, topCount: top)
            switch format {
            case .table: try output.write(report.table)
            case .json: try output.write(report.json.rendered() + "\n")
            }
        }
        try output.flush()
    }
}
