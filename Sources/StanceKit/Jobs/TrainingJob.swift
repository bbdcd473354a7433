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
    /// `--C auto`: the inner cross-validation that chooses `C` on all training documents (its `innerFolds`,
    /// `groupBy`, `seed`, `cGrid` and `averagedLabels`; ``CrossValidation/chooseC(for:normalized:)``); `nil` to
    /// train with `settings.C`.
    public var chooseC: CrossValidationSettings?

    public init(
        data: [String], corpus: CorpusOptions, outletLabelling: OutletLabelling?, settings: TrainingSettings,
        lexiconPaths: [String], threads: ThreadBudget, out: String, chooseC: CrossValidationSettings? = nil
    ) {
        self.data = data
        self.corpus = corpus
        self.outletLabelling = outletLabelling
        self.settings = settings
        self.lexiconPaths = lexiconPaths
        self.threads = threads
        self.out = out
        self.chooseC = chooseC
    }

    /// Reads the documents (with outlet labels when asked), chooses `C` when ``chooseC`` is set (a note names the
    /// chosen value and the score of each), trains, warns for every sub-model whose solver stopped
    /// at `--max-iter`, and writes the model file atomically.
    ///
    /// - Throws: the errors of reading, ``TrainingError``, ``EvaluationError`` (choosing `C`) and ``IOFailure``.
    public func run(warnings: WarningSink, progress: ((String) -> Void)? = nil) throws {
        var documents = try CorpusReader.collect(paths: data, options: corpus, warnings: warnings)
        progress?("read \(documents.count) documents")
        if let outletLabelling { documents = try outletLabelling.apply(to: documents, warnings: warnings) }
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
        var settings = settings
        var trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: threads)
        var normalized: [NormalizedText]?
        if let chooseC {
            let texts = try StanceTrainer.normalize(documents, options: settings.normalization, threads: threads)
            let choice = try CrossValidation(trainer: trainer, settings: chooseC).chooseC(
                for: documents, normalized: texts)
            warnings.note("--C auto chose C = \(choice.chosen) (\(choice.describedScores))")
            settings.C = choice.chosen
            trainer.settings = settings
            normalized = texts
        }
        let model = try trainer.train(documents, normalized: normalized, progress: progress)
        for sub in model.subModels where !sub.classifier.converged {
            warnings.warn(
                "the solver stopped at --max-iter \(settings.maxIterations)\(sub.target.map { " for target '\($0)'" } ?? "") before converging to --tol \(settings.tolerance)"
            )
        }
        try ModelFile.write(model, to: out)
        progress?("wrote \(out)")
    }
}
