import ArgumentParser
import StanceKit

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

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, tsv }

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
        var format: Format = .table
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
            let normalization = try features.normalization()
            let lexicon = try features.loadLexicon(normalization: normalization)
            let dates = DateParser(order: input.dateOrder)
            var group = FieldSelection([groupBy], option: "--group-by", corpus: input.corpusOptions, dates: dates)
            var stable = stableBy.map {
                FieldSelection([$0], option: "--stable-by", corpus: input.corpusOptions, dates: dates)
            }
            var reading = input
            reading.keptFields = group.keptFields.union(stable?.keptFields ?? [])
            let reader = try CorpusReader(paths: files, options: reading.corpusOptions)
            let (documents, texts) = try reading.readNormalizedDocuments(
                reader, options: normalization, threads: features.threads)
            try group.check(carried: reader.fieldNames)
            try stable?.check(carried: reader.fieldNames)
            if minGroups > 0 {
                var outlets = FieldSelection(["source"], option: "--min-groups", corpus: input.corpusOptions)
                try outlets.check(carried: reader.fieldNames)
            }
            var configuration = features.featureConfiguration
            configuration.useLexicons = false
            var keyness = StanceKit.Keyness(
                priorSize: prior, minCount: minCount, minGroups: minGroups, top: top, stableOnly: !keepUnstable,
                threads: features.threads)
            keyness.lexiconTermsOnly = lexiconTermsOnly
            let result = try keyness.run(
                documents: documents, texts: texts, group: group, a: Set(FieldSelection.split(sideA)),
                b: Set(FieldSelection.split(sideB)), stableBy: stable,
                extractor: FeatureExtractor(configuration: configuration), lexicon: lexicon,
                skipInvalid: input.skipInvalid)
            for note in result.notes { writeStandardError("stance: note: \(note)\n") }
            writeStandardError("stance: side A \(result.documentsA) documents, side B \(result.documentsB)\n")
            let (a, b) = (
                FieldSelection.split(sideA).joined(separator: "+"), FieldSelection.split(sideB).joined(separator: "+")
            )
            let output = BufferedWriter.standardOutput()
            switch format {
            case .table: try output.write(KeynessReport.table(result, a: a, b: b, lexicon: lexicon != nil))
            case .tsv: try output.write(KeynessReport.tsv(result, a: a, b: b, lexicon: lexicon != nil))
            }
            try output.flush()
        }
    }
}
