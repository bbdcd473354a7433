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
    /// With `--clean`: the corpus rule (lines recurring across a source), run after the per-document rules, or `nil`.
    public var cleanBoilerplate: SourceBoilerplate? = nil
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
        if !holdsTexts {
            // Texts are dropped once counted (``CountedDocuments``): memory follows the counts, not the corpus.
            let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
            let counted = try readCounted(lexicon: lexicon, checking: checked, warnings: warnings, progress: progress)
            var model = try model(from: counted, lexicon: lexicon, warnings: warnings, progress: progress)
            if let cardPath { model.supplement.card = try Self.readCard(path: cardPath) }
            try ModelFile.write(model, to: out)
            progress?("wrote \(out)")
            return
        }
        var documents = try CorpusReader.collect(paths: data, options: corpus, checking: checked, warnings: warnings)
        documents = CorpusCleaner(documentCleaner: cleaner, boilerplate: cleanBoilerplate).clean(
            documents, threads: threads)
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
            warnings.note(
                "--C auto chose C = \(choice.chosen) by \(chooseC.cRule.rawValue) (\(choice.describedScores))")
            settings.C = choice.chosen
            trainer.settings = settings
        }
        var model = try trainer.train(documents, normalized: normalized, progress: progress)
        try finish(
            &model, trainer: trainer, warnings: warnings, progress: progress,
            rates: {
                try ClassifierRates.estimate(
                    documents: documents, normalized: normalized, trainer: trainer, folds: rateFolds,
                    groupBy: groupBy, seed: trainer.settings.seed)
            },
            bootstrap: { model, bootstrap in
                try bootstrap.run(&model, documents: documents, normalized: normalized)
            })
        return model
    }

    /// Whether training needs the texts once they are counted: dropping outlet features refits the vocabulary on
    /// them, and the boilerplate rule of `--clean` needs every document of a source before it can cut a line, which
    /// a second read of the files gives (``RecurringLines``) but not standard input or a FIFO. Otherwise
    /// ``run(warnings:progress:)`` reads the corpus without keeping its texts.
    public var holdsTexts: Bool {
        settings.dropOutletFeatures != nil || (cleanBoilerplate != nil && !RecurringLines.canReadTwice(data))
    }

    /// ``model(from:warnings:progress:)`` for documents read without their texts, with the lexicon they were
    /// counted with: the same model.
    ///
    /// - Throws: the errors of ``StanceTrainer/train(_:normalized:progress:)`` and ``WeightBootstrapError``.
    public func model(
        from counted: CountedDocuments, lexicon: Lexicon?, warnings: WarningSink, progress: ((String) -> Void)? = nil
    ) throws -> StanceModel {
        precondition(!holdsTexts)
        var settings = settings
        settings.cleaning = cleaner?.settings
        var trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: threads)
        let documents = counted.documents
        try trainer.validate(documents)
        if let chooseC {
            let choice = try CrossValidation(trainer: trainer, settings: chooseC).chooseC(for: counted)
            warnings.note(
                "--C auto chose C = \(choice.chosen) by \(chooseC.cRule.rawValue) (\(choice.describedScores))")
            settings.C = choice.chosen
            trainer.settings = settings
        }
        var (model, fits) = try trainer.train(
            documents, normalized: nil, corpus: (counted.corpus, Array(documents.indices)),
            inputHash: counted.inputHash, progress: progress)
        // The fits are kept only for the bootstrap's rows.
        if bootstrapReplicates == 0 { fits = [] }
        try finish(
            &model, trainer: trainer, warnings: warnings, progress: progress,
            rates: {
                try ClassifierRates.estimate(
                    counted: counted, trainer: trainer, folds: rateFolds, groupBy: groupBy,
                    seed: trainer.settings.seed)
            },
            bootstrap: { model, bootstrap in
                try bootstrap.run(&model, documents: documents, languages: counted.languages) { sub, indices in
                    counted.corpus.matrix(indices, under: fits[sub], threads: threads)
                }
            })
        return model
    }

    /// Warns for every sub-model whose solver stopped at `--max-iter`, then stores the rates `rates` measures and
    /// the bootstrap intervals `bootstrap` adds, when asked for.
    private func finish(
        _ model: inout StanceModel, trainer: StanceTrainer, warnings: WarningSink, progress: ((String) -> Void)?,
        rates measure: () throws -> [ClassifierRates.Estimate],
        bootstrap refit: (inout StanceModel, WeightBootstrap) throws -> Void
    ) throws {
        let settings = trainer.settings
        model.supplement.labelsFromSources = outletLabelling != nil
        model.supplement.minimumEvidence = minimumEvidence
        for sub in model.subModels where !sub.classifier.converged {
            warnings.warn(
                "the solver stopped at --max-iter \(settings.maxIterations)\(sub.target.map { " for target '\($0)'" } ?? "") before converging to --tol \(settings.tolerance)"
            )
        }
        if rateFolds > 0 {
            progress?("measuring the model's rates by \(rateFolds)-fold cross-validation")
            for estimate in try measure() {
                guard let index = model.subModels.firstIndex(where: { $0.target == estimate.target }) else { continue }
                if let rates = estimate.rates {
                    model.supplement.subModels[index].rates = rates
                } else if let reason = estimate.reason {
                    warnings.warn(
                        "no true- and false-positive rates stored\(estimate.target.map { " for target '\($0)'" } ?? "") "
                            + "(score --by gives no adjusted shares): \(reason)")
                }
            }
        }
        if bootstrapReplicates > 0 {
            progress?("bootstrapping the weights: \(bootstrapReplicates) refits")
            let bootstrap = WeightBootstrap(
                replicates: bootstrapReplicates, seed: settings.seed, groupBy: bootstrapGroupBy, threads: threads)
            try refit(&model, bootstrap)
            for sub in model.supplement.subModels {
                if let intervals = sub.bootstrap, intervals.replicates < intervals.requested {
                    warnings.warn(
                        "\(intervals.requested - intervals.replicates) of \(intervals.requested) bootstrap refits "
                            + "failed and were left out")
                }
            }
        }
    }
}

extension TrainingJob {
    /// The text of the model card file at `path` (UTF-8, any line ends), trailing white space trimmed.
    ///
    /// - Throws: the errors of ``InputFile/readText(_:what:)``: 66 when it does not exist, 74 when it cannot be read,
    ///   65 when it is not UTF-8 text.
    static func readCard(path: String) throws -> String {
        let text = try InputFile.readText(path, what: "the model card")
        var card = text.replacingOccurrences(of: "\r\n", with: "\n")
        while let last = card.unicodeScalars.last, last.properties.isWhitespace { card.unicodeScalars.removeLast() }
        return card
    }
}
