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

extension CorpusReader {
    /// Every document of `paths`, like ``collect(paths:options:warnings:each:)``, keeping the input fields
    /// `selections` name and checking that some record carries each; a field some records lack gets a note.
    ///
    /// A selection whose option names a field (`--label-field`) is only checked: a record without a label stops
    /// training with its own message.
    ///
    /// - Throws: the errors of ``CorpusReader``; ``FieldError`` (exit 64) for a field no record carries.
    public static func collect(
        paths: [String], options: CorpusOptions, checking selections: [FieldSelection], warnings: WarningSink
    ) throws -> [Document] {
        var reading = options
        for selection in selections { reading.keptFields.formUnion(selection.keptFields) }
        let reader = try CorpusReader(paths: paths, options: reading)
        var documents: [Document] = []
        try reader.forEach { documents.append($0) }
        reader.reportSkipped(to: warnings)
        for var selection in selections {
            try selection.check(carried: reader.fieldNames)
            guard !selection.option.hasSuffix("-field") else { continue }
            let values = try documents.map { try selection.values(of: $0, language: nil) }
            for note in selection.missingNotes(values) { warnings.note(note) }
        }
        return documents
    }
}
