/// `stance export`: writes a corpus as a document-feature matrix with its column names and document variables
/// (``MatrixExport``).
public struct ExportJob: Sendable {
    /// Corpus files (`-` for standard input).
    public var files: [String]
    public var corpus: CorpusOptions
    public var normalization: TextNormalizer.Options
    /// The columns; the vocabulary is fitted on all the documents.
    public var features: FeatureConfiguration
    /// Lexicon files (merged) for the lexicon columns.
    public var lexiconPaths: [String]
    /// Cell values, format and threads.
    public var export: MatrixExport
    /// Output prefix: `PREFIX.mtx`, `PREFIX.features.txt`, `PREFIX.docvars.csv` (or the svmlight files).
    public var prefix: String

    public init(
        files: [String], corpus: CorpusOptions, normalization: TextNormalizer.Options = TextNormalizer.Options(),
        features: FeatureConfiguration, lexiconPaths: [String] = [], export: MatrixExport, prefix: String
    ) {
        self.files = files
        self.corpus = corpus
        self.normalization = normalization
        self.features = features
        self.lexiconPaths = lexiconPaths
        self.export = export
        self.prefix = prefix
    }

    /// Reads every document (keeping every input field for the document variables), writes the files atomically
    /// and notes what it wrote on `warnings`.
    ///
    /// - Throws: the errors of reading and of loading lexicons, ``ExportError``, ``FeatureError``, ``IOFailure``.
    @discardableResult
    public func run(warnings: WarningSink) throws -> MatrixExport.Summary {
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: normalization)
        var reading = corpus
        reading.keepAllFields = true
        // With more than one thread, records are parsed and normalised on every thread while the next ones are read.
        let read =
            export.threads.isParallel
            ? try NormalizedCorpus(
                readingAhead: files, options: reading, normalization: normalization, threads: export.threads,
                warnings: warnings)
            : try NormalizedCorpus(
                paths: files, options: reading, normalization: normalization, threads: export.threads,
                warnings: warnings)
        let summary = try export.write(
            documents: read.documents, texts: read.texts,
            extractor: FeatureExtractor(configuration: features, lexicon: lexicon), idField: corpus.idField,
            labelField: corpus.labelField, prefix: prefix)
        warnings.note(
            "wrote \(summary.rows) documents × \(summary.columns) features (\(summary.nonZeros) non-zeros): "
                + summary.files.joined(separator: ", "))
        return summary
    }
}
