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
        Int(text.originalOffsets[range.lowerBound])..<Int(text.originalOffsets[range.upperBound])
    }
}

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
/// - A term listed under several concepts gives one hit per concept.
public struct LexiconMatcher: Sendable {
    public let lexicon: Lexicon
    /// The concept names in code point order; concept indices refer to this array.
    let concepts: [String]
    private let automata: [Automaton]

    public init(_ lexicon: Lexicon) {
        self.lexicon = lexicon
        let concepts = lexicon.concepts
        self.concepts = concepts
        var index: [String: Int32] = [:]
        for (position, concept) in concepts.enumerated() { index[concept] = Int32(position) }
        automata = Language.allCases.map { language in
            Automaton(
                entries: lexicon.entries.filter { $0.languages.isEmpty || $0.languages.contains(language) },
                conceptIndex: index)
        }
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

/// An Aho–Corasick automaton over UTF-8 bytes.
private struct Automaton: Sendable {
    /// Node `i`'s edges: `edgeBytes[edgeStart[i]..<edgeStart[i + 1]]` (sorted) to `edgeTargets[...]`.
    var edgeStart: [Int] = []
    var edgeBytes: [UInt8] = []
    var edgeTargets: [Int32] = []
    /// The root's transitions for every byte (0 = back to the root).
    var rootNext = [Int32](repeating: 0, count: 256)
    var fail: [Int32] = []
    /// The pattern that ends at a node, or -1.
    var output: [Int32] = []
    /// The nearest proper suffix node (along failure links) at which a pattern ends, or -1.
    var outputLink: [Int32] = []
    var patternTerms: [String] = []
    var patternLengths: [Int] = []
    var patternConcepts: [[Int32]] = []
    var needsLeftBoundary: [Bool] = []
    var needsRightBoundary: [Bool] = []

    init(entries: [Lexicon.Entry], conceptIndex: [String: Int32]) {
        // Patterns: distinct terms in entry order, each with its sorted distinct concepts.
        var patternOf: [String: Int] = [:]
        for entry in entries {
            guard let concept = conceptIndex[entry.concept] else { continue }
            if let pattern = patternOf[entry.term] {
                if !patternConcepts[pattern].contains(concept) { patternConcepts[pattern].append(concept) }
            } else {
                patternOf[entry.term] = patternTerms.count
                patternTerms.append(entry.term)
                patternConcepts.append([concept])
            }
        }
        for index in patternConcepts.indices { patternConcepts[index].sort() }
        // The trie.
        var children: [[UInt8: Int32]] = [[:]]
        var nodeOutput: [Int32] = [-1]
        for (pattern, term) in patternTerms.enumerated() {
            var node = 0
            let bytes = Array(term.utf8)
            for byte in bytes {
                if let child = children[node][byte] {
                    node = Int(child)
                } else {
                    let child = Int32(children.count)
                    children[node][byte] = child
                    children.append([:])
                    nodeOutput.append(-1)
                    node = Int(child)
                }
            }
            nodeOutput[node] = Int32(pattern)
            patternLengths.append(bytes.count)
            let scalars = Array(term.unicodeScalars)
            needsLeftBoundary.append(scalars.first.map { CharacterClass($0.value).continuesWord } ?? false)
            needsRightBoundary.append(scalars.last.map { CharacterClass($0.value).continuesWord } ?? false)
        }
        for node in children.indices {
            edgeStart.append(edgeBytes.count)
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(child)
            }
        }
        edgeStart.append(edgeBytes.count)
        for (byte, child) in children[0] { rootNext[Int(byte)] = child }
        output = nodeOutput
        // Failure and output links, breadth first.
        fail = [Int32](repeating: 0, count: children.count)
        outputLink = [Int32](repeating: -1, count: children.count)
        var queue: [Int32] = children[0].sorted(by: { $0.key < $1.key }).map(\.value)
        var head = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                var candidate = fail[node]
                var target: Int32 = 0
                while true {
                    if let next = edge(candidate, byte) {
                        target = next
                        break
                    }
                    if candidate == 0 { break }
                    candidate = fail[Int(candidate)]
                }
                fail[Int(child)] = target
                outputLink[Int(child)] = output[Int(target)] >= 0 ? target : outputLink[Int(target)]
                queue.append(child)
            }
        }
    }

    /// The child of `node` along `byte`, if any.
    @inline(__always)
    func edge(_ node: Int32, _ byte: UInt8) -> Int32? {
        if node == 0 {
            let next = rootNext[Int(byte)]
            return next == 0 ? nil : next
        }
        var low = edgeStart[Int(node)]
        var high = edgeStart[Int(node) + 1]
        while low < high {
            let mid = (low + high) / 2
            if edgeBytes[mid] < byte { low = mid + 1 } else { high = mid }
        }
        return low < edgeStart[Int(node) + 1] && edgeBytes[low] == byte ? edgeTargets[low] : nil
    }

    /// The state after reading `byte` in `state`.
    @inline(__always)
    func next(_ state: Int32, _ byte: UInt8) -> Int32 {
        var state = state
        while true {
            if let target = edge(state, byte) { return target }
            if state == 0 { return 0 }
            state = fail[Int(state)]
        }
    }

    /// Whether an occurrence of `pattern` at `start..<end` stands at the word boundaries it needs.
    func fitsBoundaries(_ pattern: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        if needsLeftBoundary[pattern] && start > 0 {
            let previous = UTF8Scalars.decode(bytes, at: UTF8Scalars.previousStart(bytes, before: start)).value
            if CharacterClass(previous).continuesWord { return false }
        }
        if needsRightBoundary[pattern] && end < bytes.count {
            if CharacterClass(UTF8Scalars.decode(bytes, at: end).value).continuesWord { return false }
        }
        return true
    }
}
