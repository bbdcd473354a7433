/// `stance sample`: reads a corpus, scores it when a model is given (for `--stratify predicted` and
/// `--show-model`), draws a stratified ``CodingSample`` and writes `sample.jsonl` and one sheet per coder.
public struct SamplingJob: Sendable {
    /// Corpus files.
    public var files: [String]
    public var corpus: CorpusOptions
    public var settings: CodingSampleSettings
    /// A trained model whose predictions can stratify the sample and appear on the sheets, or `nil`.
    public var modelPath: String?
    /// A lexicon whose hits can appear on the sheets (``LexiconHits``), or `nil`.
    public var lexiconPath: String?
    public var threads: ThreadBudget
    /// The directory `sample.jsonl` and `coder-N.csv` are written into (created if missing).
    public var outputDirectory: String
    /// Cleans each text before it is sampled, scored and put on a sheet (`--clean`), or `nil` for the raw text.
    public var cleaner: DocumentCleaner? = nil

    public init(
        files: [String], corpus: CorpusOptions, settings: CodingSampleSettings, modelPath: String? = nil,
        lexiconPath: String? = nil, threads: ThreadBudget = .single, outputDirectory: String
    ) {
        self.files = files
        self.corpus = corpus
        self.settings = settings
        self.modelPath = modelPath
        self.lexiconPath = lexiconPath
        self.threads = threads
        self.outputDirectory = outputDirectory
    }

    /// Draws the sample, writes its files and hands the summary (strata and units per sheet) to `output`.
    ///
    /// - Throws: the errors of reading the corpus, the model and the lexicon; ``CodingError`` when the sample
    ///   cannot be drawn; ``IOFailure`` when a file cannot be written.
    public func run(warnings: WarningSink, output: (String) throws -> Void) throws {
        let documents = cleanDocuments(
            try CorpusReader.collect(paths: files, options: corpus, warnings: warnings), cleaner: cleaner,
            threads: threads)
        let predictions = try modelPath.map { path in
            let model = try ModelFile.read(path: path)
            return (try ArticleScorer(model: model, threads: threads).score(documents), model.labels)
        }
        let hits = try lexiconPath.map { try LexiconHits(lexiconPath: $0) }
        let sample = try CodingSample(
            documents: documents, settings: settings, predictions: predictions, hits: hits.map { $0.hits })
        try sample.write(to: outputDirectory)
        try output(sample.summary() + "written to \(outputDirectory)/\n")
    }
}
