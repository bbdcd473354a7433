/// A text after normalisation, ready for tokenisation and lexicon matching.
///
/// `text` is the normalised text; `quotedRanges` are the UTF-8 byte ranges of `text` that stood inside quotation
/// marks in the original (the marks themselves excluded), sorted and non-overlapping; `language` was decided on the
/// original text, before any Traditional-to-Simplified conversion. `originalOffsets` maps each UTF-8 offset of
/// `text` (and one past its end) to a UTF-8 offset in the original text, never decreasing, so that a span found in
/// the normalised text can be shown in the original script.
public struct NormalizedText: Sendable, Equatable {
    public var text: String
    public var quotedRanges: [Range<Int>]
    public var language: Language
    public var originalOffsets: [Int32]

    public init(text: String, quotedRanges: [Range<Int>], language: Language, originalOffsets: [Int32]) {
        self.text = text
        self.quotedRanges = quotedRanges
        self.language = language
        self.originalOffsets = originalOffsets
    }

    /// Whether the UTF-8 offset `offset` of `text` lies inside a quoted range.
    public func isQuoted(utf8Offset offset: Int) -> Bool {
        var low = 0
        var high = quotedRanges.count
        while low < high {
            let mid = (low + high) / 2
            if quotedRanges[mid].upperBound <= offset {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < quotedRanges.count && quotedRanges[low].contains(offset)
    }
}
