/// `stance lexicon check`: reads a lexicon (and a corpus, when given), checks it (``LexiconCheck``) and writes the
/// table or the JSON.
public struct LexiconCheckJob: Sendable {
    /// How the check is written.
    public enum Format: String, CaseIterable, Sendable { case table, json }

    /// The lexicon file (or the name of a shipped lexicon).
    public var lexiconPath: String
    /// Corpus files to check the lexicon against; empty for a check of the lexicon alone.
    public var files: [String]
    public var corpus: CorpusOptions
    /// How the lexicon's terms and the corpus texts are normalised.
    public var normalization: TextNormalizer.Options
    public var options: LexiconCheck.Options
    public var format: Format
    public var threads: ThreadBudget
    /// Where to write the corpus's ``RateReference`` (the file ``RateReference/tsv`` writes), or `nil`.
    public var referencePath: String?

    public init(
        lexiconPath: String, files: [String], corpus: CorpusOptions, normalization: TextNormalizer.Options,
        options: LexiconCheck.Options = LexiconCheck.Options(), format: Format = .table,
        threads: ThreadBudget = .single, referencePath: String? = nil
    ) {
        self.referencePath = referencePath
        self.lexiconPath = lexiconPath
        self.files = files
        self.corpus = corpus
        self.normalization = normalization
        self.options = options
        self.format = format
        self.threads = threads
    }

    /// Loads the lexicon, reads and normalises the corpus when there is one, and writes the check to `output`.
    ///
    /// - Throws: the errors of loading the lexicon (a missing file has exit status 66) and of reading the corpus;
    ///   ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink, progress: ((String) -> Void)? = nil) throws {
        guard
            let lexicon = try StanceTrainer.loadLexicons(paths: [lexiconPath], normalization: normalization)
        else { return }
        var texts: [NormalizedText]?
        if !files.isEmpty {
            texts = try NormalizedCorpus(
                paths: files, options: corpus, normalization: normalization, threads: threads, warnings: warnings,
                progress: progress
            ).texts
        }
        if let referencePath, let texts {
            let reference = RateReference(lexicon: lexicon, texts: texts, threads: threads)
            try AtomicFile.write(reference.tsv, to: referencePath)
        }
        let check = LexiconCheck(lexicon: lexicon, texts: texts, options: options, threads: threads)
        switch format {
        case .table: try output.write(check.table())
        case .json: try output.write(check.json.rendered(pretty: true) + "\n")
        }
        try output.flush()
    }
}
