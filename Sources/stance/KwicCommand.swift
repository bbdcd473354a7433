import ArgumentParser
import StanceKit

extension KeywordJob.Format: ExpressibleByArgument {}

extension Stance {
    struct Kwic: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every occurrence of some terms in context, in the original script.",
            discussion: """
                Terms are matched as the lexicon matches them: after normalisation (one Simplified pattern finds \
                Traditional text), whole words in Latin script, longest first, own voice or quoted. Arguments that \
                name existing files are the corpus; the others are patterns. --lexicon adds a lexicon's terms \
                (--concept limits them). --by FIELDS counts hits per group instead. --sample N --seed S draws N \
                hits at random; --sheet DIR writes them as a coding sheet (DIR/sheet.csv, DIR/sample.jsonl) to \
                audit a lexicon's precision.
                """
        )

        @Argument(help: "Patterns, then corpus files (- for standard input).")
        var arguments: [String] = []
        @Option(help: "A pattern (repeatable), for patterns that are also file names.")
        var pattern: [String] = []
        @Option(help: "Search the terms of this lexicon TSV (concept, term, lang, note) too; may be repeated.")
        var lexicon: [String] = []
        @Option(help: "With --lexicon: only these concepts (comma-separated).")
        var concept: String?
        @Option(help: "Characters of context on either side.")
        var window = 30
        @Option(help: "Count hits per group of these fields (comma-separated: source, lang, month, year, ...).")
        var by: String?
        @Option(help: "Output: table, tsv or jsonl.")
        var format: KeywordJob.Format = .table
        @Option(help: "Draw this many hits at random.")
        var sample: Int?
        @Option(help: "Seed of --sample and of the sheet's order.")
        var seed: UInt64 = 1
        @Option(help: "Write the hits (or the sample) as a coding sheet into this directory.")
        var sheet: String?
        @Flag(help: "Keep Traditional Chinese as written instead of converting it to Simplified.")
        var keepScript = false
        @Option(help: "Threads (results are identical for any number).")
        var threads: ThreadBudget = 2
        @OptionGroup var input: CorpusInputOptions

        func validate() throws {
            if window < 0 { throw ValidationError("--window must be 0 or more") }
            if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        }

        func run() throws {
            let (patterns, files) = try KeywordArguments.split(arguments)
            guard !files.isEmpty else {
                throw ValidationError("give at least one corpus file (or - for standard input)")
            }
            let job = KeywordJob(
                patterns: patterns + pattern, files: files, corpus: input.corpusOptions, lexiconPaths: lexicon,
                concepts: concept.map(FieldSelection.split) ?? [],
                normalization: TextNormalizer.Options(convertTraditional: !keepScript), window: window,
                groupBy: by.map(FieldSelection.split), format: format, sample: sample, seed: seed,
                sheetDirectory: sheet, threads: threads)
            try job.run(output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings())
        }
    }
}
