/// `stance train`: reads a labeled set, trains a model and writes the model file.
public struct TrainingJob: Sendable {
    /// The labeled corpus files.
    public var data: [String]
    public var corpus: CorpusOptions
    /// `--label-from-source`, if given.
    public var outletLabelling: OutletLabelling?
    public var settings: TrainingSettings
    /// Lexicon files, merged (``StanceTrainer/loadLexicons(paths:normalization:)``).
    public var lexiconPaths: [String]
    public var threads: ThreadBudget
    /// Where the model goes.
    public var out: String
    /// Cleans each text before training (`--clean`), or `nil`; the model records its settings so that scoring
    /// cleans the same way.
    public var cleaner: DocumentCleaner? = nil

    public init(
        data: [String], corpus: CorpusOptions, outletLabelling: OutletLabelling?, settings: TrainingSettings,
        lexiconPaths: [String], threads: ThreadBudget, out: String
    ) {
        self.data = data
        self.corpus = corpus
        self.outletLabelling = outletLabelling
        self.settings = settings
        self.lexiconPaths = lexiconPaths
        self.threads = threads
        self.out = out
    }

    /// Reads the documents (with outlet labels when asked), trains, warns for every sub-model whose solver stopped
    /// at `--max-iter`, and writes the model file atomically.
    ///
    /// - Throws: the errors of reading, ``FieldError`` when no record has the label field, ``TrainingError`` and
    ///   ``IOFailure``.
    public func run(warnings: WarningSink, progress: ((String) -> Void)? = nil) throws {
        let checked =
            outletLabelling == nil ? [FieldSelection(["label"], option: "--label-field", corpus: corpus)] : []
        var documents = try CorpusReader.collect(paths: data, options: corpus, checking: checked, warnings: warnings)
        documents = cleanDocuments(documents, cleaner: cleaner, threads: threads)
        progress?("read \(documents.count) documents")
        if let outletLabelling { documents = try outletLabelling.apply(to: documents, warnings: warnings) }
        var settings = settings
        settings.cleaning = cleaner?.settings
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
        let trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: threads)
        let model = try trainer.train(documents, progress: progress)
        for sub in model.subModels where !sub.classifier.converged {
            warnings.warn(
                "the solver stopped at --max-iter \(settings.maxIterations)\(sub.target.map { " for target '\($0)'" } ?? "") before converging to --tol \(settings.tolerance)"
            )
        }
        try ModelFile.write(model, to: out)
        progress?("wrote \(out)")
    }
}
