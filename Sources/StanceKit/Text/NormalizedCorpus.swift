/// A corpus read into memory with every text normalised.
public struct NormalizedCorpus: Sendable {
    public var documents: [Document]
    /// The normalised text of each document.
    public var texts: [NormalizedText]
    /// The fields the records carry (``CorpusReader/fieldNames``), for checking the fields an option names.
    public var fieldNames: [String]

    /// Reads `paths` and normalises the texts on background threads while reading goes on
    /// (``BackgroundNormalizer``).
    ///
    /// - Parameters:
    ///   - cleaner: cleans each text before it is normalised (`--clean`), when given.
    ///   - boilerplate: with `--clean`, cuts lines recurring across a source after the per-document rules; the
    ///     corpus is then read whole before normalising.
    ///   - progress: called with a line when reading and normalising are done.
    ///   - warnings: receives the `--skip-invalid` summary.
    /// - Throws: the errors of ``CorpusReader`` and ``TextNormalizer``.
    public init(
        paths: [String], options: CorpusOptions, normalization: TextNormalizer.Options, threads: ThreadBudget,
        cleaner: DocumentCleaner? = nil, boilerplate: SourceBoilerplate? = nil, warnings: WarningSink,
        progress: ((String) -> Void)? = nil
    ) throws {
        let normalizer = BackgroundNormalizer(try TextNormalizer(options: normalization), threads: threads)
        let reader = try CorpusReader(paths: paths, options: options)
        var documents: [Document] = []
        if let boilerplate {
            // The corpus rule needs every text first: read, clean, then normalise.
            try reader.forEach { documents.append($0) }
            documents = CorpusCleaner(documentCleaner: cleaner, boilerplate: boilerplate).clean(
                documents, threads: threads)
            for document in documents { normalizer.add(document.text) }
        } else {
            try reader.forEach { read in
                let document = cleaner.map { read.cleaned(by: $0) } ?? read
                documents.append(document)
                normalizer.add(document.text)
            }
        }
        reader.reportSkipped(to: warnings)
        self.documents = documents
        texts = normalizer.finish()
        fieldNames = reader.fieldNames
        progress?("read and normalised \(documents.count) documents")
    }
}
