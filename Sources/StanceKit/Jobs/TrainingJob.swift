import Foundation

/// `stance train`: reads a labeled set, trains a model, measures its rates by an internal cross-validation,
/// bootstraps its weights when asked, and writes the model file.
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
    /// Folds of the internal cross-validation that measures the rates stored in the model (0: none).
    public var rateFolds: Int
    /// Bootstrap replicates of the weights (0: none).
    public var bootstrapReplicates: Int
    /// The field whose groups stay together in the rate folds and move together in the bootstrap.
    public var groupBy: String?
    /// `--C auto`: the inner cross-validation that chooses `C` on all training documents (its `innerFolds`,
    /// `groupBy`, `seed`, `cGrid` and `averagedLabels`; ``CrossValidation/chooseC(for:normalized:)``); `nil` to
    /// train with `settings.C`.
    public var chooseC: CrossValidationSettings?
    /// Cleans each text before training (`--clean`), or `nil`; the model records its settings so that scoring
    /// cleans the same way.
    public var cleaner: DocumentCleaner? = nil
    /// A text file whose contents are the model card, stored in the model (``ModelSupplement/card``), or `nil`.
    public var cardPath: String? = nil
    /// The model's default `--min-evidence` (``ModelSupplement/minimumEvidence``), or `nil`.
    public var minimumEvidence: Double? = nil

    public init(
        data: [String], corpus: CorpusOptions, outletLabelling: OutletLabelling?, settings: TrainingSettings,
        lexiconPaths: [String], threads: ThreadBudget, out: String, rateFolds: Int = 5, bootstrapReplicates: Int = 0,
        groupBy: String? = nil, chooseC: CrossValidationSettings? = nil
    ) {
        self.data = data
        self.corpus = corpus
        self.outletLabelling = outletLabelling
        self.settings = settings
        self.lexiconPaths = lexiconPaths
        self.threads = threads
        self.out = out
        self.rateFolds = rateFolds
        self.bootstrapReplicates = bootstrapReplicates
        self.groupBy = groupBy
        self.chooseC = chooseC
    }

    /// The group field the bootstrap resamples: ``groupBy``, else `source` when labels come from outlets.
    public var bootstrapGroupBy: String? { groupBy ?? (outletLabelling != nil ? "source" : nil) }

    /// Reads the documents (with outlet labels when asked), trains (``model(from:warnings:progress:)``) and writes
    /// the model file atomically.
    ///
    /// - Throws: the errors of reading, ``FieldError`` when no record has the label field, ``TrainingError``,
    ///   ``EvaluationError`` (choosing `C`), ``WeightBootstrapError`` and ``IOFailure``.
    public func run(warnings: WarningSink, progress: ((String) -> Void)? = nil) throws {
        let checked =
            outletLabelling == nil ? [FieldSelection(["label"], option: "--label-field", corpus: corpus)] : []
        var documents = try CorpusReader.collect(paths: data, options: corpus, checking: checked, warnings: warnings)
        documents = cleanDocuments(documents, cleaner: cleaner, threads: threads)
        progress?("read \(documents.count) documents")
        if let outletLabelling { documents = try outletLabelling.apply(to: documents, warnings: warnings) }
        var model = try model(from: documents, warnings: warnings, progress: progress)
        if let cardPath { model.supplement.card = try Self.readCard(path: cardPath) }
        try ModelFile.write(model, to: out)
        progress?("wrote \(out)")
    }

    /// Trains on `documents`, warning for every sub-model whose solver stopped at `--max-iter`; then measures the
    /// model's rates by a ``rateFolds``-fold cross-validation and bootstraps its weights when asked, storing both in
    /// the model's supplement.
    ///
    /// - Throws: the errors of ``StanceTrainer/train(_:normalized:progress:)`` and ``WeightBootstrapError``.
    public func model(from documents: [Document], warnings: WarningSink, progress: ((String) -> Void)? = nil) throws
        -> StanceModel
    {
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
        var settings = settings
        settings.cleaning = cleaner?.settings
        var trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: threads)
        try trainer.validate(documents)
        let normalized = try StanceTrainer.normalize(documents, options: settings.normalization, threads: threads)
        if let chooseC {
            let choice = try CrossValidation(trainer: trainer, settings: chooseC).chooseC(
                for: documents, normalized: normalized)
            warnings.note("--C auto chose C = \(choice.chosen) (\(choice.describedScores))")
            settings.C = choice.chosen
            trainer.settings = settings
        }
        var model = try trainer.train(documents, normalized: normalized, progress: progress)
        model.supplement.labelsFromSources = outletLabelling != nil
        model.supplement.minimumEvidence = minimumEvidence
        for sub in model.subModels where !sub.classifier.converged {
            warnings.warn(
                "the solver stopped at --max-iter \(settings.maxIterations)\(sub.target.map { " for target '\($0)'" } ?? "") before converging to --tol \(settings.tolerance)"
            )
        }
        if rateFolds > 0 {
            progress?("measuring the model's rates by \(rateFolds)-fold cross-validation")
            let (rates, reason) = try ClassifierRates.estimate(
                documents: documents, normalized: normalized, trainer: trainer, folds: rateFolds, groupBy: groupBy,
                seed: settings.seed)
            if let rates {
                model.supplement.subModels[0].rates = rates
            } else if let reason {
                warnings.warn(
                    "no true- and false-positive rates stored (score --by gives no adjusted shares): \(reason)")
            }
        }
        if bootstrapReplicates > 0 {
            progress?("bootstrapping the weights: \(bootstrapReplicates) refits")
            let bootstrap = WeightBootstrap(
                replicates: bootstrapReplicates, seed: settings.seed, groupBy: bootstrapGroupBy, threads: threads)
            try bootstrap.run(&model, documents: documents, normalized: normalized)
            for sub in model.supplement.subModels {
                if let intervals = sub.bootstrap, intervals.replicates < intervals.requested {
                    warnings.warn(
                        "\(intervals.requested - intervals.replicates) of \(intervals.requested) bootstrap refits "
                            + "failed and were left out")
                }
            }
        }
        return model
    }
}

extension TrainingJob {
    /// The text of the model card file at `path` (UTF-8, any line ends), trailing white space trimmed.
    ///
    /// - Throws: ``CorpusError/fileNotFound(path:)`` (exit 66), ``IOFailure`` (74) when it cannot be read,
    ///   ``IOFailure`` with exit 65 when it is not UTF-8 text.
    static func readCard(path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw CorpusError.fileNotFound(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IOFailure(path: path, reason: "the model card cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IOFailure(path: path, reason: "the model card is not UTF-8 text", exitStatus: .dataError)
        }
        var card = text.replacingOccurrences(of: "\r\n", with: "\n")
        while let last = card.unicodeScalars.last, last.properties.isWhitespace { card.unicodeScalars.removeLast() }
        return card
    }
}
