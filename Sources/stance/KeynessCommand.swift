import ArgumentParser
import StanceKit

extension KeynessJob.Format: ExpressibleByArgument {}

extension Stance {
    struct Keyness: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the n-grams that distinguish two groups of documents (weighted log-odds, z-scores).",
            discussion: """
                Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 22): \
                the prior is every document's n-gram counts scaled to --prior (alpha0), per kind and length of \
                n-gram. z > 0 favours side A. Side A is the documents whose --group-by field is one of --a (comma- \
                separated values), side B those in --b; other documents feed the prior only. --stable-by year keeps \
                terms whose z has the same sign in every year; --min-groups N keeps terms found in N outlets \
                (sources) on each side; --lexicon marks terms a lexicon already has.
                """
        )

        @Argument(help: "Corpus files (- for standard input).")
        var files: [String] = []
        @Option(help: "The field whose values split the sides (source, label, lang, year, ...).")
        var groupBy: String
        @Option(name: .customLong("a"), help: "Side A: values of the --group-by field, comma-separated.")
        var sideA: String
        @Option(name: .customLong("b"), help: "Side B: values of the --group-by field, comma-separated.")
        var sideB: String
        @Option(help: "Keep only terms whose z has the overall sign in every period of this field (year, month...).")
        var stableBy: String?
        @Flag(help: "With --stable-by: show every term with its per-period z and a stable column instead of filtering.")
        var keepUnstable = false
        @Flag(help: "With --lexicon: show every n-gram the lexicon has, whatever its counts, and nothing else.")
        var lexiconTermsOnly = false
        @Option(help: "Keep terms found in at least this many outlets (sources) on each side.")
        var minGroups = 0
        @Option(help: "Keep terms with at least this many occurrences on the two sides together.")
        var minCount = 10
        @Option(help: "Prior size alpha0 per kind and length of n-gram.")
        var prior = 1000.0
        @Option(help: "Terms per side.")
        var top = 50
        @Option(help: "Output: table or tsv.")
        var format: KeynessJob.Format = .table
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var features: FeatureOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one corpus file (or - for standard input)") }
            if !(prior > 0) { throw ValidationError("--prior must be positive") }
            if minGroups < 0 || minCount < 0 { throw ValidationError("--min-groups and --min-count must be 0 or more") }
            if top < 1 { throw ValidationError("--top must be at least 1") }
            if lexiconTermsOnly && features.lexicon.isEmpty {
                throw ValidationError("--lexicon-terms-only goes with --lexicon")
            }
        }

        func run() throws {
            var keyness = StanceKit.Keyness(
                priorSize: prior, minCount: minCount, minGroups: minGroups, top: top, stableOnly: !keepUnstable,
                threads: features.threads)
            keyness.lexiconTermsOnly = lexiconTermsOnly
            let job = KeynessJob(
                files: files, corpus: input.corpusOptions, groupBy: groupBy, sideA: FieldSelection.split(sideA),
                sideB: FieldSelection.split(sideB), stableBy: stableBy, normalization: try features.normalization(),
                features: try features.featureConfiguration, lexiconPaths: features.lexicon, keyness: keyness,
                format: format)
            try job.run(output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings())
        }
    }
}
