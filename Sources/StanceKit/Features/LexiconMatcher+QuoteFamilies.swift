/// Lexicon hits per concept split by voice: the writer's own, and each ``QuoteFamily``.
struct QuoteFamilyCounts: Sendable, Equatable {
    /// Own-voice hits per concept index, without those distanced by a cue (`so-called X`).
    var own: [Int]
    /// Hits per family (in ``QuoteFamily/allCases`` order) and concept index.
    var families: [[Int]]

    /// All hits of concept `concept`, whatever the voice.
    func total(_ concept: Int) -> Int { own[concept] + families.reduce(0) { $0 + $1[concept] } }
}

extension LexiconMatcher {
    /// Hit counts per concept index (``concepts``) in the own voice and per quotation family
    /// (``QuoteFamilyClassifier``): a hit inside a quotation takes the quotation's family; a hit in the own voice
    /// that follows a distancing cue in the same phrase counts as `distancing`.
    func familyCounts(in text: NormalizedText, classifier: QuoteFamilyClassifier) -> QuoteFamilyCounts {
        let automaton = automata(for: text.language)
        var counts = QuoteFamilyCounts(
            own: [Int](repeating: 0, count: concepts.count),
            families: QuoteFamily.allCases.map { _ in [Int](repeating: 0, count: concepts.count) })
        let found = matches(in: text)
        guard !found.isEmpty else { return counts }
        let bytes = Array(text.text.utf8)
        // The family of each quoted range, decided once and only for ranges that hold a hit.
        var rangeFamilies = [QuoteFamily?](repeating: nil, count: text.quotedRanges.count)
        for match in found {
            let family: QuoteFamily?
            if let range = text.quotedRangeIndex(utf8Offset: match.start) {
                if rangeFamilies[range] == nil {
                    rangeFamilies[range] = classifier.family(of: text.quotedRanges[range], in: bytes)
                }
                family = rangeFamilies[range]
            } else {
                family = classifier.isDistanced(at: match.start, in: bytes) ? .distancing : nil
            }
            for concept in automaton.patternConcepts[Int(match.pattern)] {
                if let family {
                    counts.families[QuoteFamily.allCases.firstIndex(of: family)!][Int(concept)] += 1
                } else {
                    counts.own[Int(concept)] += 1
                }
            }
        }
        return counts
    }
}

extension NormalizedText {
    /// The index in ``quotedRanges`` of the range holding UTF-8 offset `offset`, or `nil`.
    func quotedRangeIndex(utf8Offset offset: Int) -> Int? {
        var low = 0
        var high = quotedRanges.count
        while low < high {
            let mid = (low + high) / 2
            if quotedRanges[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low < quotedRanges.count && quotedRanges[low].contains(offset) ? low : nil
    }
}
