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
            var job = TrainingJob(
                data: data, corpus: input.corpusOptions, outletLabelling: classifier.outletLabelling,
                settings: try classifier.settings(features: features), lexiconPaths: features.lexicon,
                threads: features.threads, out: out)
            job.cleaner = try cleaning.cleaner()
            try job.run(warnings: standardErrorWarnings(), progress: progressReporter)
        }
    }
}
