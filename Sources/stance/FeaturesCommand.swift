import ArgumentParser
import StanceKit

extension Stance {
    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the feature extractor sees, or export the feature matrix.",
            discussion: """
                Per document: its language, each lexicon hit in context (about 20 characters either side, in the \
                original script, own voice or quoted) and its most frequent n-grams. With --export svmlight OUT, \
                fits the vocabulary on every document and writes the matrix (1-based feature indices; label index = \
                position in the labels sorted by code point), OUT.names and OUT.labels, so that scikit-learn and \
                LIBLINEAR can be run on exactly the same features.
                """
        )

        enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case svmlight }

        @Argument(help: "Corpus files (- for standard input).")
        var files: [String] = []
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption
        @OptionGroup var corpusCleaning: BoilerplateCleanOption
        @OptionGroup var features: FeatureOptions
        @Option(help: "Output format of the per-document report: table or json.")
        var format: SummaryFormat = .table
        @Option(help: "N-grams shown per document.")
        var top = 10
        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp("Export the feature matrix: svmlight OUT.", valueName: "format> <out"))
        var export: [String] = []

        func validate() throws {
            if !export.isEmpty && (export.count < 2 || ExportFormat(rawValue: export[0]) == nil) {
                throw ValidationError("--export takes a format and a file: --export svmlight OUT")
            }
            if inputs.isEmpty { throw ValidationError("give at least one corpus file (or - for standard input)") }
        }

        /// The corpus files: the positional arguments, and any that follow `--export svmlight OUT` (the option
        /// reads up to the next option, so `--export svmlight OUT FILE` leaves FILE among its values).
        var inputs: [String] {
            files + export.dropFirst(2)
        }

        func run() throws {
            var job = FeaturesJob(
                files: inputs, corpus: input.corpusOptions, normalization: try features.normalization(),
                configuration: try features.featureConfiguration, lexiconPaths: features.lexicon,
                format: format == .json ? .json : .table, top: top, svmlightPath: export.count >= 2 ? export[1] : nil,
                threads: features.threads)
            job.cleaner = try cleaning.cleaner()
            job.cleanBoilerplate = try corpusCleaning.rule(clean: cleaning.clean, lexicons: features.lexicon)
            try job.run(
                output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings(), progress: progressReporter)
        }
    }
}
