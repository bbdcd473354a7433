extension CorpusReader {
    /// Every document of `paths`, in order, each also handed to `each` as it is read; the `--skip-invalid` summary
    /// goes to `warnings` as notes.
    ///
    /// - Throws: the errors of ``CorpusReader``.
    public static func collect(
        paths: [String], options: CorpusOptions, warnings: WarningSink, each: (Document) -> Void = { _ in }
    ) throws -> [Document] {
        let reader = try CorpusReader(paths: paths, options: options)
        var documents: [Document] = []
        try reader.forEach { document in
            documents.append(document)
            each(document)
        }
        reader.reportSkipped(to: warnings)
        return documents
    }

    /// Reports the `--skip-invalid` summary, one note per reason.
    public func reportSkipped(to warnings: WarningSink) {
        for line in skipSummary { warnings.note(line) }
    }
}
