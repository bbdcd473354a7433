import ArgumentParser
import StanceKit

extension FeatureWeight: ExpressibleByArgument {}
extension MatrixExport.Format: ExpressibleByArgument {}

extension Stance {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a corpus as a document-feature matrix for R, quanteda, SciPy or pandas.",
            discussion: """
                Writes PREFIX.mtx (Matrix Market, coordinate real general, 1-based; one row per document in input \
                order), PREFIX.features.txt (the name of column j on line j) and PREFIX.docvars.csv (each \
                document's id and every input field but the text). Labels are optional. With --format svmlight, \
                PREFIX.svmlight, .names and .labels as stance features --export writes them (every document needs \
                a label). Every feature option applies; the vocabulary is fitted on all the documents.
                """
        )

        @Argument(help: "Corpus files (- for standard input).")
        var files: [String] = []
        @Option(help: "Output prefix: PREFIX.mtx, PREFIX.features.txt, PREFIX.docvars.csv.")
        var out: String
        @Option(help: "N-gram cell values: count, binary or tfidf (the model's rows).")
        var weight: FeatureWeight = .count
        @Option(help: "Matrix format: mtx (Matrix Market) or svmlight.")
        var format: MatrixExport.Format = .mtx
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var features: FeatureOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one corpus file (or - for standard input)") }
        }

        func run() throws {
            let job = ExportJob(
                files: files, corpus: input.corpusOptions, normalization: try features.normalization(),
                features: try features.featureConfiguration, lexiconPaths: features.lexicon,
                export: MatrixExport(weight: weight, format: format, threads: features.threads), prefix: out)
            try job.run(warnings: standardErrorWarnings())
        }
    }
}
