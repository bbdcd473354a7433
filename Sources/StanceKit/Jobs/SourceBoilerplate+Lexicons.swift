extension SourceBoilerplate {
    /// The boilerplate rule whose lexicon check uses the lexicons at `lexiconPaths`, or every shipped lexicon
    /// (``Installation/shippedLexicons``) when `lexiconPaths` is empty, so that a recurring line with a lexicon hit
    /// is never cut silently when no lexicon is named.
    ///
    /// - Throws: ``SourceBoilerplateError/invalidSettings(_:)`` and the errors of reading the lexicons.
    public static func withLexicons(
        settings: SourceBoilerplateSettings = SourceBoilerplateSettings(), lexiconPaths: [String],
        installation: Installation = .current
    ) throws -> SourceBoilerplate {
        var paths = lexiconPaths
        if paths.isEmpty, let directory = installation.lexiconsDirectory {
            paths = installation.shippedLexicons.map { directory + "/" + $0 + ".tsv" }
        }
        return try SourceBoilerplate(settings: settings, containsLexiconHit: try CorpusJob.lexiconCheck(paths: paths))
    }
}
