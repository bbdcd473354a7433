/// One token of a normalised text: a UTF-8 byte range of ``NormalizedText/text``.
///
/// See ``Tokenizer`` for what counts as a token.
public struct Token: Sendable, Hashable {
    /// Whether a token is a word of a spaced script or one character of an unspaced one.
    public enum Kind: UInt8, Sendable, Hashable {
        /// A word of a script written with spaces (Latin, Vietnamese syllables, Cyrillic, ...), a number, a
        /// `#hashtag` or an `@mention`.
        case word
        /// One Han, kana or hangul character (``Script/isUnspaced``).
        case unspaced
    }

    /// The UTF-8 byte range in the normalised text.
    public var range: Range<Int>
    public var kind: Kind
    /// Whether sentence punctuation (`.` `!` `?` `;` `:`) or a line break stands between the previous token and
    /// this one. Word n-grams never cross such a break.
    public var followsBreak: Bool

    public init(range: Range<Int>, kind: Kind, followsBreak: Bool) {
        self.range = range
        self.kind = kind
        self.followsBreak = followsBreak
    }
}
