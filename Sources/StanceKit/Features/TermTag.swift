/// What kind of evidence a lexicon term is: the optional fifth column of a lexicon file.
///
/// - `framing`: a choice of words that carries a view (中共 vs 中国共产党, "so-called", 霸权).
/// - `regional`: a spelling or name that marks a region or a period rather than a view (川普 vs 特朗普, 武汉肺炎):
///   it separates outlets of different places and years for reasons other than framing, so cross-lingual and
///   out-of-time figures are reported with and without such terms.
/// - `decoy`: a longer string that contains a framing term but means something else (无所谓 holds 所谓, 内政部 holds
///   内政). A decoy term is still matched, so that leftmost-longest matching keeps the shorter framing term from
///   counting inside it, but its concept never becomes a feature column (``LexiconFeatureLayout``).
///
/// An empty cell means `framing`, except in the concept `not_framing`, whose empty cells mean `decoy` (so the
/// project's older four-column lexicon keeps its decoys out of new models). Lexicons stored in model files written
/// before the column existed carry no tag at all and keep their decoy concept as a feature, so those models score
/// exactly as before.
public enum TermTag: String, Sendable, Hashable, Codable, CaseIterable {
    case framing
    case regional
    case decoy

    /// The concept whose untagged terms are decoys.
    public static let decoyConcept = "not_framing"

    /// Parses a `tag` cell of a term of `concept`.
    ///
    /// - Throws: ``TermTagError`` for a value other than empty, `framing`, `regional` or `decoy`.
    init(cell: String, concept: String) throws(TermTagError) {
        let trimmed = cell.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty {
            self = concept == Self.decoyConcept ? .decoy : .framing
            return
        }
        guard let tag = TermTag(rawValue: trimmed) else {
            throw TermTagError(problem: "unknown tag '\(trimmed)' (expected framing, regional or decoy)")
        }
        self = tag
    }
}

/// A `tag` cell that names no ``TermTag``.
struct TermTagError: Error {
    var problem: String
}

extension Lexicon {
    /// The concepts all of whose terms are tagged `decoy`: matched, never feature columns.
    public var decoyConcepts: Set<String> {
        var allDecoy: [String: Bool] = [:]
        for entry in entries {
            allDecoy[entry.concept, default: true] = allDecoy[entry.concept, default: true] && entry.tag == .decoy
        }
        return Set(allDecoy.filter(\.value).keys)
    }

    /// This lexicon without the terms carrying `tag` (for example without `regional` terms, to measure what they
    /// add); contrasts naming a concept left without terms are dropped too.
    public func removingTerms(tagged tag: TermTag) -> Lexicon {
        let kept = entries.filter { $0.tag != tag }
        let concepts = Set(kept.map(\.concept))
        return Lexicon(
            entries: kept,
            contrasts: contrasts.filter { concepts.contains($0.first) && concepts.contains($0.second) })
    }
}
