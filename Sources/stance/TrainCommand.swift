import ArgumentParser
import Foundation
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
        @OptionGroup var features: FeatureOptions
        @OptionGroup var classifier: ClassifierOptions
        @Option(help: "With --C auto: folds of the cross-validation that chooses C.")
        var innerFolds = 3
        @Option(help: "With --C auto: keep all documents with the same value of this field (e.g. source) in one fold.")
        var groupBy: String?
        @Option(help: "With --C auto: rank C by the mean F1 of these labels (e.g. FAVOR,AGAINST) instead of macro-F1.")
        var f1Labels: String?

        func validate() throws {
            if data.isEmpty { throw ValidationError("give at least one --data file") }
            if innerFolds < 2 { throw ValidationError("--inner-folds must be at least 2") }
        }

        func run() throws {
            let progress = progressReporter
            var documents = try input.readDocuments(data)
            documents = try classifier.applyOutletLabels(documents)
            var settings = try classifier.settings(features: features)
            let lexicon = try features.loadLexicon(normalization: settings.normalization)
            var trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: features.threads)
            var normalized: [NormalizedText]?
            if classifier.cIsAuto {
                let texts = try StanceTrainer.normalize(
                    documents, options: settings.normalization, threads: features.threads)
                let choice = try CrossValidation(
                    trainer: trainer,
                    settings: CrossValidationSettings(
                        groupBy: groupBy, seed: classifier.seed, cGrid: CrossValidationSettings.defaultCGrid,
                        innerFolds: innerFolds, averagedLabels: f1Labels?.split(separator: ",").map(String.init))
                ).chooseC(for: documents, normalized: texts)
                writeStandardError("stance: --C auto chose C = \(choice.chosen) (\(choice.describedScores))\n")
                settings.C = choice.chosen
                trainer.settings = settings
                normalized = texts
            }
            let model = try trainer.train(documents, normalized: normalized, progress: progress)
            for sub in model.subModels where !sub.classifier.converged {
                writeStandardError(
                    "stance: warning: the solver stopped at --max-iter \(settings.maxIterations)\(sub.target.map { " for target '\($0)'" } ?? "") before converging to --tol \(settings.tolerance)\n"
                )
            }
            try ModelFile.write(model, to: out)
            progress?("wrote \(out)")
        }
    }
}
