/// A corpus read into memory with every text normalised.
public struct NormalizedCorpus: Sendable {
    public var documents: [Document]
    /// The normalised text of each document.
    public var texts: [NormalizedText]

    /// Reads `paths` and normalises the texts on background threads while reading goes on
    /// (``BackgroundNormalizer``).
    ///
    /// - Parameters:
    ///   - progress: called with a line when reading and normalising are done.
    ///   - warnings: receives the `--skip-invalid` summary.
    /// - Throws: the errors of ``CorpusReader`` and ``TextNormalizer``.
    public init(
        paths: [String], options: CorpusOptions, normalization: TextNormalizer.Options, threads: ThreadBudget,
        warnings: WarningSink, progress: ((String) -> Void)? = nil
    ) throws {
        let normalizer = BackgroundNormalizer(try TextNormalizer(options: normalization), threads: threads)
        documents = try CorpusReader.collect(paths: paths, options: options, warnings: warnings) {
            normalizer.add($0.text)
        }
        texts = normalizer.finish()
        progress?("read and normalised \(documents.count) documents")
    }
}
