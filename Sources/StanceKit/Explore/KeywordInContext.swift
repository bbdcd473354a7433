/// Keyword in context: every occurrence of some terms in a corpus, found as the lexicon finds them and shown in the
/// original script with a window of text on either side.
///
/// The terms (patterns given on the command line, or a lexicon's entries, optionally of some concepts) become a
/// one-off ``Lexicon`` matched by ``LexiconMatcher`` on the normalised text: one Simplified pattern finds Traditional
/// text, Latin-script terms match whole words, matches are leftmost-longest and do not overlap, and each hit knows
/// whether it stands inside a quotation. Each hit is then mapped back to the original text through the normalised
/// text's offset map (``NormalizedText/originalRange(of:in:)``), so that what is shown is what the outlet wrote.
public struct KeywordInContext: Sendable {
    /// One occurrence.
    public struct Hit: Sendable, Equatable {
        /// The position of the document in the corpus (0-based).
        public var document: Int
        public var documentID: String
        public var concept: String
        /// The (normalised) term that matched.
        public var term: String
        /// The matched span as written in the original text.
        public var match: String
        /// Up to ``KeywordInContext/window`` characters before and after the match, white space folded to spaces.
        public var before: String
        public var after: String
        public var quoted: Bool
        /// The match's UTF-8 byte offsets in the original text.
        public var start: Int
        public var end: Int

        /// The line shown to people and coders: `before[[match]]after`.
        public var line: String { "\(before)[[\(match)]]\(after)" }
    }

    /// The concept given to patterns from the command line.
    public static let patternConcept = "pattern"

    public let matcher: LexiconMatcher
    /// Characters of context on either side.
    public let window: Int

    /// A search for `lexicon`'s terms.
    public init(lexicon: Lexicon, window: Int = 30) {
        matcher = LexiconMatcher(lexicon)
        self.window = window
    }

    /// The one-off lexicon of some patterns (concept ``patternConcept``) and, from `lexicon`, the entries of
    /// `concepts` (all of them when `concepts` is empty).
    ///
    /// - Parameters:
    ///   - normalize: the text normaliser, applied to each pattern as to lexicon terms.
    /// - Throws: ``KeywordError`` for a pattern empty after normalisation, an unknown concept or no term at all.
    public static func lexicon(
        patterns: [String], from lexicon: Lexicon?, concepts: [String], normalize: (String) -> String
    ) throws(KeywordError) -> Lexicon {
        var entries: [Lexicon.Entry] = []
        for pattern in patterns {
            let term = normalize(pattern).trimmingCharacters(in: .whitespaces)
            guard !term.isEmpty else { throw .emptyPattern(pattern) }
            entries.append(Lexicon.Entry(concept: patternConcept, term: term))
        }
        if let lexicon {
            let known = Set(lexicon.entries.map(\.concept))
            for concept in concepts where !known.contains(concept) {
                throw .unknownConcept(concept, known: lexicon.concepts)
            }
            entries += lexicon.entries.filter { concepts.isEmpty || concepts.contains($0.concept) }
        }
        guard !entries.isEmpty else { throw .noTerms }
        return Lexicon(entries: entries)
    }

    /// The hits in one document, in text order.
    ///
    /// - Parameters:
    ///   - index: the document's position in the corpus.
    ///   - original: the document's text as read.
    ///   - normalized: its normalised text.
    public func hits(index: Int, id: String, original: String, normalized: NormalizedText) -> [Hit] {
        let found = matcher.hits(in: normalized)
        guard !found.isEmpty else { return [] }
        let utf8 = original.utf8
        return found.map { hit in
            let range = normalized.originalRange(of: hit.range, in: original)
            let before = original[..<range.lowerBound].suffix(window)
            let after = original[range.upperBound...].prefix(window)
            return Hit(
                document: index, documentID: id, concept: hit.concept, term: hit.term,
                match: Self.flat(original[range]), before: Self.flat(before), after: Self.flat(after),
                quoted: hit.isQuoted, start: utf8.distance(from: utf8.startIndex, to: range.lowerBound),
                end: utf8.distance(from: utf8.startIndex, to: range.upperBound))
        }
    }

    /// `text` with every white-space character (line breaks, tabs) as one space.
    static func flat(_ text: Substring) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { view.append(scalar.properties.isWhitespace ? " " : scalar) }
        return String(view)
    }

    /// `count` of `hits` drawn at random without replacement, in the order of `hits`: each hit gets a key from
    /// `seed`, its document id and its offset, and the `count` smallest keys win, so the draw is the same whatever
    /// the order in which hits were found and a hit keeps its key when the corpus grows.
    public static func sample(_ hits: [Hit], count: Int, seed: UInt64) -> [Hit] {
        guard count < hits.count else { return hits }
        let keys = hits.map { hit in
            var random = StableRandom(seed: seed, stream: duplicateKey(of: "\(hit.documentID)\u{1F}\(hit.start)"))
            return random.next()
        }
        let chosen = Set(hits.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.prefix(count))
        return hits.indices.filter { chosen.contains($0) }.map { hits[$0] }
    }
}

/// Terms that cannot be searched: exit status 64.
public enum KeywordError: StanceFailure, Equatable {
    case emptyPattern(String)
    case unknownConcept(String, known: [String])
    case noTerms

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .emptyPattern(let pattern): "pattern '\(pattern)' is empty after normalisation"
        case .unknownConcept(let concept, let known):
            "the lexicon has no concept '\(concept)' (it has: \(known.joined(separator: ", ")))"
        case .noTerms: "no term to search for: give patterns or --lexicon"
        }
    }
}
