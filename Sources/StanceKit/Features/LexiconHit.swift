/// One occurrence of a lexicon term in a normalised text, for counting and keyword-in-context display.
public struct LexiconHit: Sendable, Hashable {
    public var concept: String
    /// The (normalised) term that matched.
    public var term: String
    /// The UTF-8 byte range in ``NormalizedText/text``; ``NormalizedText/originalOffsets`` maps it to the original.
    public var range: Range<Int>
    /// Whether the hit lies inside a quotation (someone else's voice) rather than the outlet's own voice.
    public var isQuoted: Bool

    public init(concept: String, term: String, range: Range<Int>, isQuoted: Bool) {
        self.concept = concept
        self.term = term
        self.range = range
        self.isQuoted = isQuoted
    }

    /// The hit's UTF-8 byte range in the original text that `text` was normalised from (through
    /// ``NormalizedText/originalOffsets``), for showing the hit in its original script.
    ///
    /// - Precondition: `text` is the text the hit was found in.
    public func originalRange(in text: NormalizedText) -> Range<Int> {
        text.originalOffset(at: range.lowerBound)..<text.originalOffset(at: range.upperBound)
    }
}
