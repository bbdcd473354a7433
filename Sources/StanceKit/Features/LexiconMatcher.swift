/// Finds the terms of a ``Lexicon`` in normalised texts.
///
/// Matching runs in one pass over the UTF-8 bytes with an Aho–Corasick automaton (Aho & Corasick, "Efficient string
/// matching: an aid to bibliographic search", CACM 18(6), 1975): a trie of the terms with failure links reports every
/// term ending at each byte. Of the occurrences found, the kept ones are chosen leftmost-longest and
/// non-overlapping: the occurrence that starts first wins, the longest among those starting there, and the scan
/// goes on after its end. So in `中国共产党的` with terms `中国` and `中国共产党` only the party is counted.
///
/// - Terms whose first (last) character is a letter or digit of a spaced script match only at a word boundary on
///   that side: the neighbouring character must not be a letter, digit or combining mark of a spaced script, so
///   `ccp` is not found in `accprint`, but is found in `ccp's`, `pro-ccp` and `ccp中共`. Han terms match anywhere.
/// - A term limited to some languages is looked for only in documents of those languages (one automaton per
///   ``Language``), so leftmost-longest is decided among the terms that apply.
/// - With `mixedLanguages` (the default of models from format version 2 on), a document's majority language no
///   longer hides the terms of its other scripts: a term with a Han character applies in every document (it can
///   only match inside Han text) unless its `lang` names no Chinese variant and not the document's language; a
///   term without one applies when its `lang` is empty, names the document's language, or names the language of
///   the document's Latin text, which is Vietnamese for a Vietnamese document and English otherwise. So `CCP病毒`
///   counts `ccp` inside a Chinese article, and an English paragraph's `the CCP` counts in a Chinese article, while
///   the `lang` of a Latin term still separates English from Vietnamese.
/// - A term listed under several concepts gives one hit per concept.
public struct LexiconMatcher: Sendable {
    public let lexicon: Lexicon
    /// The concept names in code point order; concept indices refer to this array.
    let concepts: [String]
    private let automata: [AhoCorasickAutomaton]

    /// Whether terms of a document's other scripts count (see above).
    public let mixedLanguages: Bool

    public init(_ lexicon: Lexicon, mixedLanguages: Bool = false) {
        self.lexicon = lexicon
        self.mixedLanguages = mixedLanguages
        let concepts = lexicon.concepts
        self.concepts = concepts
        var index: [String: Int32] = [:]
        for (position, concept) in concepts.enumerated() { index[concept] = Int32(position) }
        automata = Language.allCases.map { language in
            AhoCorasickAutomaton(
                entries: lexicon.entries.filter {
                    mixedLanguages
                        ? Self.appliesInMixedText($0, documentLanguage: language)
                        : $0.languages.isEmpty || $0.languages.contains(language)
                },
                conceptIndex: index)
        }
    }

    /// Whether `entry` is looked for in a document of `language` when documents may mix scripts.
    static func appliesInMixedText(_ entry: Lexicon.Entry, documentLanguage language: Language) -> Bool {
        let languages = entry.languages
        if languages.isEmpty || languages.contains(language) { return true }
        let hasHan = entry.term.unicodeScalars.contains { Script($0) == .han }
        if hasHan { return languages.contains(.zhHans) || languages.contains(.zhHant) }
        return languages.contains(language == .vi ? .vi : .en)
    }

    /// Every kept hit in `text`, in text order (hits of one term under several concepts in concept order).
    public func hits(in text: NormalizedText) -> [LexiconHit] {
        let automaton = automata[Self.languageIndex(text.language)]
        var result: [LexiconHit] = []
        for match in matches(in: text) {
            let quoted = text.isQuoted(utf8Offset: match.start)
            for concept in automaton.patternConcepts[Int(match.pattern)] {
                result.append(
                    LexiconHit(
                        concept: concepts[Int(concept)], term: automaton.patternTerms[Int(match.pattern)],
                        range: match.start..<match.end, isQuoted: quoted))
            }
        }
        return result
    }

    /// Hit counts per concept index (``concepts``), in the own voice and inside quotations.
    func counts(in text: NormalizedText) -> (own: [Int], quoted: [Int]) {
        let automaton = automata[Self.languageIndex(text.language)]
        var own = [Int](repeating: 0, count: concepts.count)
        var quoted = [Int](repeating: 0, count: concepts.count)
        for match in matches(in: text) {
            let isQuoted = text.isQuoted(utf8Offset: match.start)
            for concept in automaton.patternConcepts[Int(match.pattern)] {
                if isQuoted { quoted[Int(concept)] += 1 } else { own[Int(concept)] += 1 }
            }
        }
        return (own, quoted)
    }

    struct Match {
        var start: Int
        var end: Int
        var pattern: Int32
    }

    /// The kept (leftmost-longest, non-overlapping) matches in `text`.
    func matches(in text: NormalizedText) -> [Match] {
        let automaton = automata[Self.languageIndex(text.language)]
        guard automaton.patternTerms.count > 0 else { return [] }
        var string = text.text
        var found: [Match] = []
        string.withUTF8 { bytes in
            var state: Int32 = 0
            for position in 0..<bytes.count {
                state = automaton.next(state, bytes[position])
                var node = automaton.output[Int(state)] >= 0 ? state : automaton.outputLink[Int(state)]
                while node >= 0 {
                    let pattern = automaton.output[Int(node)]
                    let end = position + 1
                    let start = end - automaton.patternLengths[Int(pattern)]
                    if automaton.fitsBoundaries(Int(pattern), bytes, start, end) {
                        found.append(Match(start: start, end: end, pattern: pattern))
                    }
                    node = automaton.outputLink[Int(node)]
                }
            }
        }
        // Leftmost-longest selection among the occurrences.
        found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var kept: [Match] = []
        var freeFrom = 0
        for match in found where match.start >= freeFrom {
            kept.append(match)
            freeFrom = match.end
        }
        return kept
    }

    /// The automaton of a document in `language`.
    func automata(for language: Language) -> AhoCorasickAutomaton { automata[Self.languageIndex(language)] }

    static func languageIndex(_ language: Language) -> Int {
        switch language {
        case .zhHans: return 0
        case .zhHant: return 1
        case .en: return 2
        case .vi: return 3
        case .other: return 4
        }
    }
}
