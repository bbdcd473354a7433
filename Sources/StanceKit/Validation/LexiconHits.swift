/// Finds a lexicon's hits in raw documents, for `stance sample --show-hits`: the text is normalised with the
/// default settings (as `stance features` does) and matched with ``LexiconMatcher``.
public struct LexiconHits: Sendable {
    private let normalizer: TextNormalizer
    private let matcher: LexiconMatcher

    /// Loads the lexicon at `lexiconPath`.
    ///
    /// - Throws: the lexicon's read or parse errors.
    public init(lexiconPath: String) throws {
        let options = TextNormalizer.Options()
        normalizer = try TextNormalizer(options: options)
        matcher = LexiconMatcher(try StanceTrainer.loadLexicon(path: lexiconPath, normalization: options))
    }

    /// The hits in `document`'s text, in text order.
    public func hits(_ document: Document) -> [LexiconHit] {
        matcher.hits(in: normalizer.normalize(document.text))
    }
}
