import ArgumentParser
import StanceKit

extension Stance {
    struct Corpus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise a corpus before any modelling.",
            discussion: """
                Counts documents per label, source, target, script and language (zh-Hans, zh-Hant, en, vi, other); text length quantiles; exact \
                duplicate texts (after white-space folding) with their ids; records skipped and why.
                Reads JSON Lines (.jsonl, .jsonl.gz), CSV with a header (.csv), .txt files, directories of .txt \
                files, and - for standard input.
                """
        )

        @Argument(help: "Corpus files or directories (- for standard input).")
        var files: [String]

        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption

        @Option(help: "Output format: table or json.")
        var format: SummaryFormat = .table

        func run() throws {
            let reader = try CorpusReader(paths: files, options: input.corpusOptions)
            var summary = CorpusSummary()
            let cleaner = try cleaning.cleaner()
            try reader.forEach { document in
                let document = cleaner.map { document.cleaned(by: $0) } ?? document
                summary.add(document, language: LanguageIdentifier.identify(document.text))
            }
            summary.skipped = reader.skipped
            reportSkipped(reader)
            let output = BufferedWriter.standardOutput()
            switch format {
            case .table: try output.write(summary.table())
            case .json: try output.write(summary.json.rendered(pretty: true) + "\n")
            }
            try output.flush()
        }
    }
}
