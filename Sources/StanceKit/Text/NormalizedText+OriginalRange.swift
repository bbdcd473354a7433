extension NormalizedText {
    /// The UTF-8 offsets of the original text that a range of the normalised text came from.
    ///
    /// The lower bound is the origin of the range's first byte; the upper bound the origin of the byte just after
    /// the range (or the end of the original text), so trailing characters that normalisation dropped or merged
    /// (a run of spaces) may be included. Empty ranges map to empty ranges.
    ///
    /// - Precondition: `range` lies within `0...text.utf8.count`.
    public func originalUTF8Range(of range: Range<Int>) -> Range<Int> {
        let lower = originalOffset(at: range.lowerBound)
        let upper = originalOffset(at: range.upperBound)
        return lower..<max(lower, upper)
    }

    /// The characters of `original` that a range of the normalised text came from: for showing a lexicon hit found
    /// in the normalised text in the original script (keyword in context).
    ///
    /// Whitespace at the end of the original span is left out.
    ///
    /// - Parameters:
    ///   - range: UTF-8 byte offsets into ``text``.
    ///   - original: the text that was normalised into `self`.
    /// - Returns: a range of `original`, on Unicode scalar boundaries.
    public func originalRange(of range: Range<Int>, in original: String) -> Range<String.Index> {
        let utf8 = original.utf8
        var bytes = originalUTF8Range(of: range)
        let count = utf8.count
        bytes = min(bytes.lowerBound, count)..<min(bytes.upperBound, count)
        var upper = utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)
        let lower = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        let scalars = original.unicodeScalars
        while upper > lower {
            let before = scalars.index(before: upper)
            guard scalars[before].properties.isWhitespace else { break }
            upper = before
        }
        return lower..<upper
    }
}
