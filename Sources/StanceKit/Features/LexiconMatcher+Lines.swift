extension LexiconMatcher {
    /// A check for the source-boilerplate rule (``SourceBoilerplate``): whether a line, normalised as documents are,
    /// holds a hit of this lexicon in any language. A short line's majority language says little ("CCTV：…中共…"
    /// reads as English), and a recurring line with a term must never be removed silently, so every language's
    /// terms are tried.
    public func lineCheck(normalizer: TextNormalizer) -> @Sendable (String) -> Bool {
        { line in
            var normalized = normalizer.normalize(line)
            for language in Language.allCases {
                normalized.language = language
                if !hits(in: normalized).isEmpty { return true }
            }
            return false
        }
    }
}
