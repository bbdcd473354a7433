extension CorpusSummary {
    /// The summary of the documents of `paths`, read as a stream (one document in memory at a time).
    ///
    /// - Parameter warnings: receives the `--skip-invalid` summary.
    /// - Throws: the errors of ``CorpusReader``.
    public init(paths: [String], options: CorpusOptions, warnings: WarningSink) throws {
        self.init()
        let reader = try CorpusReader(paths: paths, options: options)
        try reader.forEach { add($0, language: LanguageIdentifier.identify($0.text)) }
        skipped = reader.skipped
        reader.reportSkipped(to: warnings)
    }
}
