/// The whole of `stance train` after the documents are read: train, then measure the model's rates by an internal
/// cross-validation, then bootstrap its weights when asked, recording warnings as it goes.
public struct TrainingRun: Sendable {
    public var trainer: StanceTrainer
    /// Folds of the internal cross-validation that measures the rates (0: none).
    public var rateFolds: Int
    /// Bootstrap replicates of the weights (0: none).
    public var bootstrapReplicates: Int
    /// The field whose groups stay together in the rate folds and move together in the bootstrap.
    public var groupBy: String?
    /// Whether the labels are outlets' labels spread to their articles.
    public var labelsFromSources: Bool

    public init(
        trainer: StanceTrainer, rateFolds: Int = 5, bootstrapReplicates: Int = 0, groupBy: String? = nil,
        labelsFromSources: Bool = false
    ) {
        self.trainer = trainer
        self.rateFolds = rateFolds
        self.bootstrapReplicates = bootstrapReplicates
        self.groupBy = groupBy
        self.labelsFromSources = labelsFromSources
    }

    /// The group field the bootstrap resamples: `groupBy`, else `source` when labels come from outlets.
    public var bootstrapGroupBy: String? { groupBy ?? (labelsFromSources ? "source" : nil) }

    /// Trains on `documents`.
    ///
    /// - Throws: the errors of ``StanceTrainer/train(_:normalized:progress:)`` and ``WeightBootstrapError``.
    public func run(_ documents: [Document], warnings: RunWarnings, progress: ((String) -> Void)? = nil) throws
        -> StanceModel
    {
        try trainer.validate(documents)
        let normalized = try StanceTrainer.normalize(
            documents, options: trainer.settings.normalization, threads: trainer.threads)
        var model = try trainer.train(documents, normalized: normalized, progress: progress)
        model.supplement.labelsFromSources = labelsFromSources
        for (index, sub) in model.subModels.enumerated() where !sub.classifier.converged {
            _ = index
            warnings.add(
                "the solver stopped at --max-iter \(trainer.settings.maxIterations)"
                    + "\(sub.target.map { " for target '\($0)'" } ?? "") before converging to --tol "
                    + "\(trainer.settings.tolerance)")
        }
        if rateFolds > 0 {
            progress?("measuring the model's rates by \(rateFolds)-fold cross-validation")
            let (rates, reason) = try ClassifierRates.estimate(
                documents: documents, normalized: normalized, trainer: trainer, folds: rateFolds,
                groupBy: groupBy, seed: trainer.settings.seed)
            if let rates {
                model.supplement.subModels[0].rates = rates
            } else if let reason {
                warnings.add(
                    "no true- and false-positive rates stored (score --by gives no adjusted shares): \(reason)")
            }
        }
        if bootstrapReplicates > 0 {
            progress?("bootstrapping the weights: \(bootstrapReplicates) refits")
            let bootstrap = WeightBootstrap(
                replicates: bootstrapReplicates, seed: trainer.settings.seed, groupBy: bootstrapGroupBy,
                threads: trainer.threads)
            try bootstrap.run(&model, documents: documents, normalized: normalized)
            for sub in model.supplement.subModels {
                if let intervals = sub.bootstrap, intervals.replicates < intervals.requested {
                    warnings.add(
                        "\(intervals.requested - intervals.replicates) of \(intervals.requested) bootstrap refits "
                            + "failed and were left out")
                }
            }
        }
        return model
    }
}
