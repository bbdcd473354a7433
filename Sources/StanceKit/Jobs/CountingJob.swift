/// What `train` and `eval` share when they keep no texts: the labeled files, how they are read and cleaned, and
/// the settings that count them. Both jobs read their corpus through
/// ``readCounted(lexicon:checking:warnings:progress:)``, so that a new reading option reaches both at once.
protocol CountingJob {
    /// The labeled corpus files.
    var data: [String] { get }
    var corpus: CorpusOptions { get }
    /// `--label-from-source`, if given.
    var outletLabelling: OutletLabelling? { get }
    var settings: TrainingSettings { get }
    var threads: ThreadBudget { get }
    /// The per-document cleaning rules (`--clean`), or `nil`.
    var cleaner: DocumentCleaner? { get }
    /// The corpus rule (lines recurring across a source) run after the per-document rules, or `nil`.
    var cleanBoilerplate: SourceBoilerplate? { get }
}

extension CountingJob {
    /// Reads, cleans, labels and counts the corpus by `CountedDocuments.read`, with this job's options and a
    /// feature extractor made from its settings and `lexicon`.
    ///
    /// - Throws: the errors of `CountedDocuments.read`.
    func readCounted(
        lexicon: Lexicon?, checking selections: [FieldSelection], warnings: WarningSink,
        progress: ((String) -> Void)?
    ) throws -> CountedDocuments {
        let counted = try CountedDocuments.read(
            paths: data, options: corpus, checking: selections, cleaner: cleaner, boilerplate: cleanBoilerplate,
            outletLabelling: outletLabelling, normalization: settings.normalization,
            extractor: FeatureExtractor(configuration: settings.features, lexicon: lexicon), threads: threads,
            warnings: warnings, progress: progress)
        progress?("read \(counted.documents.count) documents")
        return counted
    }
}

extension TrainingJob: CountingJob {}
extension EvaluationJob: CountingJob {}
