import ArgumentParser
import StanceKit

extension Stance {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learn a classifier from a labeled set.",
            discussion: """
                Labels come from the label field, or from each article's outlet with --label-from-source. \
                The model file holds everything needed to score: normalisation, masking, lexicons, vocabulary, \
                weights. The same inputs, seed and settings give the same model bytes at any --threads.
                """
        )

        @Option(help: "A labeled corpus; may be repeated.")
        var data: [String]
        @Option(help: "Where to write the model.")
        var out: String
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption
        @OptionGroup var corpusCleaning: BoilerplateCleanOption
        @OptionGroup var features: FeatureOptions
        @OptionGroup var classifier: ClassifierOptions
        @Option(help: "Refit on this many resamples and store 95% percentile intervals of every weight (0: none).")
        var bootstrap = 0
        @Option(
            help:
                "Resample whole groups of this field (default: source when labels come from outlets); with --C auto, also keep its groups in one fold."
        )
        var groupBy: String?
        @Option(help: "A text file stored in the model as its model card, printed by stance inspect.")
        var card: String?
        @Option(help: "Store this evidence strength (0-1) as the model's default --min-evidence for stance score.")
        var minEvidence: Double?
        @Option(help: "Folds of the internal cross-validation that stores the model's rates per class (0: none).")
        var rateFolds = 5
        @Option(help: "With --C auto: folds of the cross-validation that chooses C.")
        var innerFolds = CrossValidationSettings.defaultInnerFolds
        @Option(help: "With --C auto: how the inner scores choose C (see stance eval --help).")
        var cRule = CSelectionRule.standard
        @Option(help: "With --C auto: rank C by the mean F1 of these labels (e.g. FAVOR,AGAINST) instead of macro-F1.")
        var f1Labels: String?

        func validate() throws {
            if data.isEmpty { throw ValidationError("give at least one --data file") }
            if innerFolds < 2 { throw ValidationError("--inner-folds must be at least 2") }
            if bootstrap < 0 || bootstrap == 1 { throw ValidationError("--bootstrap must be 0 or at least 2") }
            if rateFolds < 0 || rateFolds == 1 { throw ValidationError("--rate-folds must be 0 or at least 2") }
            if let minEvidence, !(0...1).contains(minEvidence) {
                throw ValidationError("--min-evidence must lie in 0...1")
            }
        }

        func run() throws {
            var job = TrainingJob(
                data: data, corpus: input.corpusOptions, outletLabelling: classifier.outletLabelling,
                settings: try classifier.settings(features: features), lexiconPaths: features.lexicon,
                threads: features.threads, out: out, rateFolds: rateFolds, bootstrapReplicates: bootstrap,
                groupBy: groupBy,
                chooseC: classifier.cIsAuto
                    ? CrossValidationSettings(
                        groupBy: groupBy, seed: classifier.seed, cGrid: CrossValidationSettings.defaultCGrid,
                        innerFolds: innerFolds, averagedLabels: f1Labels?.split(separator: ",").map(String.init),
                        cRule: cRule)
                    : nil)
            job.cleaner = try cleaning.cleaner()
            job.cleanBoilerplate = try corpusCleaning.rule(clean: cleaning.clean, lexicons: features.lexicon)
            job.cardPath = card
            job.minimumEvidence = minEvidence
            try job.run(warnings: standardErrorWarnings(), progress: progressReporter)
        }
    }
}
