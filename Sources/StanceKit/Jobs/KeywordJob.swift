/// `stance kwic`: finds every occurrence of some terms in a corpus and writes them in context, counts them per group
/// (``groupBy``) or writes them as a coding sheet.
public struct KeywordJob: Sendable {
    /// How hits are written.
    public enum Format: String, CaseIterable, Sendable { case table, tsv, jsonl }

    /// Patterns to search for (normalised like the texts).
    public var patterns: [String]
    /// Corpus files (`-` for standard input).
    public var files: [String]
    public var corpus: CorpusOptions
    /// Lexicon files whose terms are searched too (merged).
    public var lexiconPaths: [String]
    /// With ``lexiconPaths``: only these concepts (all when empty).
    public var concepts: [String]
    public var normalization: TextNormalizer.Options
    /// Characters of context on either side.
    public var window: Int
    /// Fields to count hits by (`--by`), or `nil` for the hits themselves.
    public var groupBy: [String]?
    public var format: Format
    /// Hits drawn at random, or `nil` for all.
    public var sample: Int?
    public var seed: UInt64
    /// A directory to write the hits into as a coding sheet (``CodingSheet``).
    public var sheetDirectory: String?
    public var threads: ThreadBudget

    public init(
        patterns: [String], files: [String], corpus: CorpusOptions, lexiconPaths: [String] = [],
        concepts: [String] = [], normalization: TextNormalizer.Options = TextNormalizer.Options(), window: Int = 30,
        groupBy: [String]? = nil, format: Format = .table, sample: Int? = nil, seed: UInt64 = 1,
        sheetDirectory: String? = nil, threads: ThreadBudget = .single
    ) {
        self.patterns = patterns
        self.files = files
        self.corpus = corpus
        self.lexiconPaths = lexiconPaths
        self.concepts = concepts
        self.normalization = normalization
        self.window = window
        self.groupBy = groupBy
        self.format = format
        self.sample = sample
        self.seed = seed
        self.sheetDirectory = sheetDirectory
        self.threads = threads
    }

    /// Reads the corpus, searches it and writes the hits (or the group table) to `output`; notes (fields some
    /// records lack, records skipped for an unreadable date, the sheet written) go to `warnings`.
    ///
    /// - Throws: the errors of reading and of loading lexicons, ``FieldError`` (exit 64) for a `--by` field no record
    ///   carries, ``CorpusError`` for an unreadable date (skipped under `--skip-invalid`), ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink) throws {
        let normalizer = try TextNormalizer(options: normalization)
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: normalization)
        let terms = try KeywordInContext.lexicon(
            patterns: patterns, from: lexicon, concepts: concepts, normalize: { normalizer.normalize($0).text })
        var groups = groupBy.map {
            FieldSelection($0, option: "--by", corpus: corpus, dates: DateParser(order: corpus.dateOrder))
        }
        var reading = corpus
        reading.keptFields.formUnion(groups?.keptFields ?? [])
        let read = try NormalizedCorpus(
            paths: files, options: reading, normalization: normalization, threads: threads, warnings: warnings)
        try groups?.check(carried: read.fieldNames)
        let result = try KeywordSearch(
            search: KeywordInContext(lexicon: terms, window: window), groups: groups, sample: sample, seed: seed,
            skipInvalid: corpus.skipInvalid
        ).run(documents: read.documents, texts: read.texts)
        for note in result.notes { warnings.note(note) }
        if result.skippedDates > 0 {
            warnings.note(
                "skipped \(result.skippedDates) record\(result.skippedDates == 1 ? "" : "s"): unreadable date")
        }
        if let sheetDirectory {
            try KeywordSheet.write(result.hits, to: sheetDirectory, seed: seed)
            warnings.note(
                "wrote \(result.hits.count) units to \(sheetDirectory)/sheet.csv and \(sheetDirectory)/sample.jsonl")
        }
        if let groups {
            try output.write(KeywordReport.groups(result.groupRows, fields: groups.names, format: format.rawValue))
        } else if sheetDirectory == nil {
            switch format {
            case .table: try output.write(KeywordReport.table(result.hits))
            case .tsv: try output.write(KeywordReport.tsv(result.hits))
            case .jsonl: try output.write(KeywordReport.jsonLines(result.hits))
            }
        }
        try output.flush()
    }
}
