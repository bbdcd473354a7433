import ArgumentParser
import StanceKit
import Synchronization

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
            let normalization = try features.normalization()
            let lexicon = try features.loadLexicon(normalization: normalization)
            var documents: [Document]
            let texts: [NormalizedText]
            (documents, texts) = try input.readNormalizedDocuments(
                inputs, options: normalization, threads: features.threads, cleaner: try cleaning.cleaner())
            let extractor = FeatureExtractor(configuration: features.featureConfiguration, lexicon: lexicon)
            if export.count >= 2 {
                let out = export[1]
                let unlabeled = documents.first { $0.label == nil }
                if let unlabeled {
                    throw TrainingError.missingLabel(
                        location: unlabeled.location, id: unlabeled.id, field: input.labelField)
                }
                // Only the labels are needed from here on: the original texts' memory goes back for reuse.
                let labels = documents.map { $0.label! }
                documents = []
                // The rows are built a chunk at a time as they are written: the whole matrix is never held.
                let counted = try extractor.countTexts(texts, threads: features.threads)
                let nonZeros = Mutex(0)
                try SVMLightWriter().write(
                    rowCount: counted.texts.count, labels: labels, columnNames: counted.vocabulary.columnNames,
                    to: out, threads: features.threads
                ) { rows in
                    let chunk = counted.rows(rows)
                    nonZeros.withLock { $0 += chunk.nonZeroCount }
                    return chunk
                }
                writeStandardError(
                    "stance: wrote \(counted.texts.count) rows × \(counted.vocabulary.columnCount) features (\(nonZeros.withLock { $0 }) non-zeros) to \(out)\n"
                )
                return
            }
            let matcher = lexicon.map {
                LexiconMatcher($0, mixedLanguages: features.featureConfiguration.mixedLanguageLexicon)
            }
            let output = BufferedWriter.standardOutput()
            for (document, text) in zip(documents, texts) {
                let report = FeatureReport(
                    document: document, normalized: text, matcher: matcher, extractor: extractor, topCount: top)
                switch format {
                case .table: try output.write(report.table)
                case .json: try output.write(report.json.rendered() + "\n")
                }
            }
            try output.flush()
        }
    }
}
