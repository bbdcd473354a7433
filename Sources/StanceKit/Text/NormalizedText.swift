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
    /// The original offsets, stored as runs (``OriginalOffsetMap``).
    var originMap: OriginalOffsetMap

    public init(text: String, quotedRanges: [Range<Int>], language: Language, originalOffsets: [Int32]) {
        self.init(
            text: text, quotedRanges: quotedRanges, language: language, originMap: OriginalOffsetMap(originalOffsets))
    }

    init(text: String, quotedRanges: [Range<Int>], language: Language, originMap: OriginalOffsetMap) {
        self.text = text
        self.quotedRanges = quotedRanges
        self.language = language
        self.originMap = originMap
    }

    /// For each UTF-8 offset of ``text`` and one past its end, the UTF-8 offset of the original text it came from.
    public var originalOffsets: [Int32] { originMap.expanded }

    /// The UTF-8 offset of the original text that offset `offset` of ``text`` (`0...text.utf8.count`) came from.
    public func originalOffset(at offset: Int) -> Int { Int(originMap[offset]) }

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

/// A never-decreasing map from the offsets `0..<count` to offsets of an original text, stored as runs in which the
/// original offset grows by one per offset: text copied unchanged, the bulk of most texts, takes one run, so the
/// map of a news article takes a few hundred bytes instead of four bytes per byte of text. A character that
/// normalisation replaced by one of another length starts a run of its own.
public struct OriginalOffsetMap: Sendable, Equatable {
    /// The offset where each run starts, increasing, the first 0.
    var starts: [Int32]
    /// The original offset at each run's start.
    var origins: [Int32]
    /// The number of offsets mapped.
    public private(set) var count: Int

    /// The empty map, to be built with ``append(_:)``.
    init() {
        count = 0
        starts = []
        origins = []
    }

    /// The map of `offsets`, which holds the original offset of each offset in order.
    init(_ offsets: [Int32]) {
        self.init()
        for offset in offsets { append(offset) }
    }

    /// Maps the next offset, `count`, to `origin`: it extends the last run when `origin` follows that run's last
    /// origin, and starts a run otherwise. A map built this way equals the one built from the whole array.
    @inline(__always)
    mutating func append(_ origin: Int32) {
        if let lastStart = starts.last,
            origin == origins[origins.count - 1] &+ (Int32(truncatingIfNeeded: count) &- lastStart)
        {
            count += 1
            return
        }
        starts.append(Int32(truncatingIfNeeded: count))
        origins.append(origin)
        count += 1
    }

    /// Maps the next `range.count` offsets to `range.lowerBound`, `range.lowerBound + 1`, …: one run at most.
    @inline(__always)
    mutating func append(contentsOf range: Range<Int32>) {
        guard !range.isEmpty else { return }
        append(range.lowerBound)
        count += range.count - 1
    }

    /// Forgets the offsets from `newCount` on.
    mutating func removeSuffix(from newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "cannot shorten a map of \(count) offsets to \(newCount)")
        while let lastStart = starts.last, Int(lastStart) >= newCount {
            starts.removeLast()
            origins.removeLast()
        }
        count = newCount
    }

    /// The original offset of `offset`, for `offset` in `0..<count`.
    public subscript(offset: Int) -> Int32 {
        precondition(offset >= 0 && offset < count, "offset \(offset) outside 0..<\(count)")
        // The last run starting at or before `offset`.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(starts[mid]) <= offset { low = mid } else { high = mid }
        }
        return origins[low] + Int32(truncatingIfNeeded: offset - Int(starts[low]))
    }

    /// Every original offset in order.
    public var expanded: [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        for run in starts.indices {
            let end = run + 1 < starts.count ? Int(starts[run + 1]) : count
            for offset in Int(starts[run])..<end { result.append(origins[run] + Int32(offset - Int(starts[run]))) }
        }
        return result
    }
}
