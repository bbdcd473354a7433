extension LexiconMatcher {
    /// A check for the source-boilerplate rule (``SourceBoilerplate``): whether a line, normalised as documents are,
    /// holds a hit of this lexicon.
    public func lineCheck(normalizer: TextNormalizer) -> @Sendable (String) -> Bool {
        { line in !hits(in: normalizer.normalize(line)).isEmpty }
    }
}
