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
        @OptionGroup var cleaning: CleanOption
        @OptionGroup var features: FeatureOptions
        @OptionGroup var classifier: ClassifierOptions

        func validate() throws {
            if data.isEmpty { throw ValidationError("give at least one --data file") }
            if classifier.cIsAuto {
                throw ValidationError(
                    "--C auto is only for stance eval (it chooses C by inner cross-validation); give train a number")
            }
        }

        func run() throws {
            let progress = progressReporter
            let cleaner = try cleaning.cleaner()
            var documents = try input.readDocuments(data, cleaner: cleaner)
            documents = try classifier.applyOutletLabels(documents)
            var settings = try classifier.settings(features: features)
            settings.cleaning = cleaner?.settings
            let lexicon = try features.loadLexicon(normalization: settings.normalization)
            let trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: features.threads)
            let model = try trainer.train(documents, progress: progress)
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
