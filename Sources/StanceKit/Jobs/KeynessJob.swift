/// `stance keyness`: the n-grams that distinguish two groups of documents (``Keyness``), written as a table.
public struct KeynessJob: Sendable {
    /// How the terms are written.
    public enum Format: String, CaseIterable, Sendable { case table, tsv }

    /// Corpus files (`-` for standard input).
    public var files: [String]
    public var corpus: CorpusOptions
    /// The field whose values split the sides (`--group-by`).
    public var groupBy: String
    /// The values of ``groupBy`` on side A and on side B.
    public var sideA: [String]
    public var sideB: [String]
    /// A field of periods in which a term's z must keep its sign (`--stable-by`).
    public var stableBy: String?
    public var normalization: TextNormalizer.Options
    /// The n-grams counted (lexicon features are not).
    public var features: FeatureConfiguration
    /// Lexicon files (merged) whose terms are marked.
    public var lexiconPaths: [String]
    /// The settings of the statistic; ``Keyness/minGroups`` above 0 needs the source field.
    public var keyness: Keyness
    public var format: Format

    public init(
        files: [String], corpus: CorpusOptions, groupBy: String, sideA: [String], sideB: [String],
        stableBy: String? = nil, normalization: TextNormalizer.Options = TextNormalizer.Options(),
        features: FeatureConfiguration, lexiconPaths: [String] = [], keyness: Keyness, format: Format = .table
    ) {
        self.files = files
        self.corpus = corpus
        self.groupBy = groupBy
        self.sideA = sideA
        self.sideB = sideB
        self.stableBy = stableBy
        self.normalization = normalization
        self.features = features
        self.lexiconPaths = lexiconPaths
        self.keyness = keyness
        self.format = format
    }

    /// Reads the corpus, computes the keyness of every n-gram and writes the top terms of each side to `output`;
    /// notes and the size of each side go to `warnings`.
    ///
    /// - Throws: the errors of reading and of loading lexicons, ``FieldError`` (exit 64) for a field no record
    ///   carries, ``KeynessError``, ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink) throws {
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: normalization)
        let dates = DateParser(order: corpus.dateOrder)
        var group = FieldSelection([groupBy], option: "--group-by", corpus: corpus, dates: dates)
        var stable = stableBy.map { FieldSelection([$0], option: "--stable-by", corpus: corpus, dates: dates) }
        var reading = corpus
        reading.keptFields.formUnion(group.keptFields.union(stable?.keptFields ?? []))
        let read = try NormalizedCorpus(
            paths: files, options: reading, normalization: normalization, threads: keyness.threads,
            warnings: warnings)
        try group.check(carried: read.fieldNames)
        try stable?.check(carried: read.fieldNames)
        if keyness.minGroups > 0 {
            var outlets = FieldSelection(["source"], option: "--min-groups", corpus: corpus)
            try outlets.check(carried: read.fieldNames)
        }
        var configuration = features
        configuration.useLexicons = false
        let result = try keyness.run(
            documents: read.documents, texts: read.texts, group: group, a: Set(sideA), b: Set(sideB),
            stableBy: stable, extractor: FeatureExtractor(configuration: configuration), lexicon: lexicon,
            skipInvalid: corpus.skipInvalid)
        for note in result.notes { warnings.note(note) }
        warnings.note("side A \(result.documentsA) documents, side B \(result.documentsB)")
        let (a, b) = (sideA.joined(separator: "+"), sideB.joined(separator: "+"))
        switch format {
        case .table: try output.write(KeynessReport.table(result, a: a, b: b, lexicon: lexicon != nil))
        case .tsv: try output.write(KeynessReport.tsv(result, a: a, b: b, lexicon: lexicon != nil))
        }
        try output.flush()
    }
}
