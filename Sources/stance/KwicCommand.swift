import ArgumentParser
import StanceKit

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

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, tsv, jsonl }

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
        var format: Format = .table
        @Option(help: "Draw this many hits at random.")
        var sample: Int?
        @Option(help: "Seed of --sample and of the sheet's order.")
        var seed: UInt64 = 1
        @Option(help: "Write the hits (or the sample) as a coding sheet into this directory.")
        var sheet: String?
        @Flag(help: "Keep Traditional Chinese as written instead of converting it to Simplified.")
        var keepScript = false
        @Option(help: "Threads (results are identical for any number).")
        var threads = 2
        @OptionGroup var input: CorpusInputOptions

        func validate() throws {
            if window < 0 { throw ValidationError("--window must be 0 or more") }
            if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
            if threads < 1 { throw ValidationError("--threads must be at least 1") }
        }

        func run() throws {
            let (patterns, files) = try KeywordArguments.split(arguments)
            guard !files.isEmpty else {
                throw ValidationError("give at least one corpus file (or - for standard input)")
            }
            let normalization = TextNormalizer.Options(convertTraditional: !keepScript)
            let normalizer = try TextNormalizer(options: normalization)
            var merged: Lexicon?
            for path in lexicon {
                let loaded = try StanceTrainer.loadLexicon(path: path, normalization: normalization)
                merged = merged.map { $0.merged(with: loaded) } ?? loaded
            }
            let terms = try KeywordInContext.lexicon(
                patterns: patterns + pattern, from: merged, concepts: concept.map(FieldSelection.split) ?? [],
                normalize: { normalizer.normalize($0).text })
            var reading = input
            var groups = by.map {
                FieldSelection(
                    FieldSelection.split($0), option: "--by", corpus: input.corpusOptions,
                    dates: DateParser(order: input.dateOrder))
            }
            reading.keptFields = groups?.keptFields ?? []
            let reader = try CorpusReader(paths: files, options: reading.corpusOptions)
            let (documents, texts) = try reading.readNormalizedDocuments(
                reader, options: normalization, threads: threads)
            try groups?.check(carried: reader.fieldNames)
            let result = try KeywordSearch(
                search: KeywordInContext(lexicon: terms, window: window), groups: groups, sample: sample, seed: seed,
                skipInvalid: input.skipInvalid
            ).run(documents: documents, texts: texts)
            for note in result.notes { writeStandardError("stance: note: \(note)\n") }
            if result.skippedDates > 0 {
                writeStandardError(
                    "stance: skipped \(result.skippedDates) record\(result.skippedDates == 1 ? "" : "s"): unreadable date\n"
                )
            }
            if let sheet {
                try CodingSheet.write(result.hits, to: sheet, seed: seed)
                writeStandardError(
                    "stance: wrote \(result.hits.count) units to \(sheet)/sheet.csv and \(sheet)/sample.jsonl\n")
            }
            let output = BufferedWriter.standardOutput()
            if let groups {
                try output.write(KeywordReport.groups(result.groupRows, fields: groups.names, format: format.rawValue))
            } else if sheet == nil {
                switch format {
                case .table: try output.write(KeywordReport.table(result.hits))
                case .tsv: try output.write(KeywordReport.tsv(result.hits))
                case .jsonl: try output.write(KeywordReport.jsonLines(result.hits))
                }
            }
            try output.flush()
        }
    }
}
