/// A check of a lexicon, alone or against a corpus: what `stance lexicon check` prints.
///
/// Per concept and language (Chinese, English, Vietnamese, other) it counts the lexicon's terms and, with a corpus,
/// their hits, found exactly as the feature extractor finds them (``LexiconMatcher``: normalised text,
/// leftmost-longest, one Simplified entry for both scripts). It lists
/// - terms never seen in the corpus (in documents of the term's languages);
/// - terms that occur mostly inside longer words. A hit of a term that begins or ends with a Han character is
///   *inside a longer word* when either
///   1. ICU's dictionary word segmentation (``WordSegmenter``) of the Han run around it, up to ``Options/window``
///      characters either side, puts no word boundary at the hit's start or at its end: the hit is part of a word
///      ICU knows (殖民 in 殖民地) or straddles two words (中非 in 华中|非常); or
///   2. the term has at most ``Options/boundTermLength`` Han characters and the Han character just before or after
///      it, not one of the function characters ``functionCharacters`` (的, 了, 和, 是, 在, …, which attach to any
///      word), forms with the term a *bound extension*: one that occurs at least
///      ``Options/minimumHits`` times in the corpus and makes up at least ``Options/boundShare`` of the term's
///      hits (印度 followed by 尼 in 印度尼西亚, 蒙古 after 内 in 内蒙古: ICU's dictionary splits both as 印度|尼西亚
///      and 内|蒙古, so the corpus has to say that they are names of their own).
///   A term is listed when at least ``Options/minimumHits`` of its hits were found and at least
///   ``Options/insideShare`` of them are inside longer words; the longer words (the ICU word, or the bound
///   extension) are shown with their counts. Terms of spaced scripts already match whole words only, so the test
///   applies to Han edges only;
/// - concepts with terms in one language only, and (with a corpus) concepts seen in one language only.
/// Decoy concepts (``TermTag/decoy``) are counted but left out of the one-language lists.
public struct LexiconCheck: Sendable {
    /// Thresholds of the lists.
    public struct Options: Sendable, Hashable {
        /// The fewest hits for a term to be judged as mostly inside longer words.
        public var minimumHits = 3
        /// The share of a term's hits inside longer words from which it is listed.
        public var insideShare = 0.5
        /// Han characters either side of a hit given to the word segmenter.
        public var window = 12
        /// The share of a term's hits an extension by one Han character must make up to count as bound.
        public var boundShare = 0.3
        /// The longest terms (in Han characters) the bound-extension rule applies to: longer terms are rarely parts
        /// of longer words, and their one-character extensions are mostly collocations (维护…, 构建…).
        public var boundTermLength = 2

        public init(minimumHits: Int = 3, insideShare: Double = 0.5, window: Int = 12, boundShare: Double = 0.3) {
            self.minimumHits = minimumHits
            self.insideShare = insideShare
            self.window = window
            self.boundShare = boundShare
        }
    }

    /// Single-character function words (particles, conjunctions, prepositions, copulas) that stand next to any
    /// word, so a term's extension by one of them never makes a longer word: 的, 地, 得, 了, 着, 过, 和, 与, 及,
    /// 或, 是, 在, 对, 向, 把, 被, 将, 为, 从, 也, 都, 就, 而, 又, 并, 等, 之, 其, 这, 那, 各, 每, 该, 此.
    public static let functionCharacters: Set<String> = Set(
        "的地得了着过和与及或是在对向把被将为从也都就而又并等之其这那各每该此".map(String.init))

    /// The language groups a check reports on, in report order.
    public static let languageGroups = ["zh", "en", "vi", "other"]

    /// One term (a concept and a normalised term) and what the corpus showed of it.
    public struct TermReport: Sendable, Hashable {
        public var concept: String
        public var term: String
        /// The language groups the term applies to (all four when its `lang` cell was empty).
        public var languages: [String]
        public var tag: TermTag?
        /// Hits per language group of the document.
        public var hits: [String: Int] = [:]
        public var quotedHits = 0
        /// Hits inside a longer word (see the type's discussion).
        public var insideHits = 0
        /// The longer words (ICU words covering such a hit) and how often each occurred.
        public var longerWords: [String: Int] = [:]

        public var totalHits: Int { hits.values.reduce(0, +) }
        public var insideShare: Double { totalHits == 0 ? 0 : Double(insideHits) / Double(totalHits) }
    }

    /// The terms and hits of one concept in one language group.
    public struct ConceptLanguage: Sendable, Hashable {
        public var concept: String
        public var language: String
        public var terms: Int
        public var hits: Int
        /// The documents of the language holding at least one hit of the concept.
        public var documents: Int
    }

    public var options: Options
    /// Whether a corpus was checked (without one only the lexicon's own counts are meaningful).
    public var hasCorpus: Bool
    /// Documents per language group.
    public var documentCounts: [String: Int]
    /// Every term, in lexicon order (a concept and term listed twice is one report).
    public var terms: [TermReport]
    /// Every concept and language group with a term or a hit, concepts in code point order.
    public var conceptLanguages: [ConceptLanguage]
    /// The decoy concepts of the lexicon.
    public var decoyConcepts: Set<String>

    /// Checks `lexicon`, against `texts` when given.
    ///
    /// - Parameters:
    ///   - lexicon: terms normalised as the texts are.
    ///   - texts: the corpus, normalised with the same settings; `nil` for a check of the lexicon alone.
    ///   - options: thresholds.
    ///   - threads: threads for matching; the result is the same for every value.
    /// - Complexity: O(total text length) for matching plus a word segmentation of a short window per Han hit.
    public init(
        lexicon: Lexicon, texts: [NormalizedText]?, options: Options = Options(), threads: ThreadBudget = .single
    ) {
        self.options = options
        hasCorpus = texts != nil
        decoyConcepts = lexicon.decoyConcepts
        var index: [String: Int] = [:]
        var terms: [TermReport] = []
        for entry in lexicon.entries {
            let key = entry.concept + "\u{1F}" + entry.term
            let groups = Self.groups(entry.languages)
            if let existing = index[key] {
                let merged = Set(terms[existing].languages).union(groups)
                terms[existing].languages = Self.languageGroups.filter(merged.contains)
            } else {
                index[key] = terms.count
                terms.append(TermReport(concept: entry.concept, term: entry.term, languages: groups, tag: entry.tag))
            }
        }
        var documentCounts: [String: Int] = [:]
        var conceptDocuments: [String: Int] = [:]
        var conceptHits: [String: Int] = [:]
        if let texts {
            let matcher = LexiconMatcher(lexicon)
            let window = options.window
            let perDocument = parallelMap(count: texts.count, threads: threads) { document in
                Self.inspect(texts[document], matcher: matcher, window: window)
            }
            // Extensions by one Han character, counted per term, for the bound-extension rule.
            var extensions: [String: Int] = [:]
            var termHits: [String: Int] = [:]
            for found in perDocument {
                for hit in found {
                    let key = hit.concept + "\u{1F}" + hit.term
                    termHits[key, default: 0] += 1
                    if let left = hit.left { extensions[key + "\u{1F}" + left + hit.term, default: 0] += 1 }
                    if let right = hit.right { extensions[key + "\u{1F}" + hit.term + right, default: 0] += 1 }
                }
            }
            func bound(_ key: String, _ extended: String) -> Bool {
                let count = extensions[key + "\u{1F}" + extended] ?? 0
                return count >= options.minimumHits
                    && Double(count) >= options.boundShare * Double(termHits[key] ?? 0)
            }
            for (document, found) in perDocument.enumerated() {
                let group = Self.group(texts[document].language)
                documentCounts[group, default: 0] += 1
                var concepts = Set<String>()
                for var hit in found {
                    let key = hit.concept + "\u{1F}" + hit.term
                    guard let position = index[key] else { continue }
                    terms[position].hits[group, default: 0] += 1
                    if hit.quoted { terms[position].quotedHits += 1 }
                    let short = hit.term.unicodeScalars.count <= options.boundTermLength
                    if short, hit.longerWord == nil, let left = hit.left, !Self.functionCharacters.contains(left),
                        bound(key, left + hit.term)
                    {
                        hit.longerWord = left + hit.term
                    }
                    if short, hit.longerWord == nil, let right = hit.right, !Self.functionCharacters.contains(right),
                        bound(key, hit.term + right)
                    {
                        hit.longerWord = hit.term + right
                    }
                    if let word = hit.longerWord {
                        terms[position].insideHits += 1
                        terms[position].longerWords[word, default: 0] += 1
                    }
                    conceptHits[hit.concept + "\u{1F}" + group, default: 0] += 1
                    concepts.insert(hit.concept)
                }
                for concept in concepts { conceptDocuments[concept + "\u{1F}" + group, default: 0] += 1 }
            }
        }
        self.terms = terms
        self.documentCounts = documentCounts
        var rows: [ConceptLanguage] = []
        for concept in lexicon.concepts {
            for group in Self.languageGroups {
                let key = concept + "\u{1F}" + group
                let count = terms.filter { $0.concept == concept && $0.languages.contains(group) }.count
                let hits = conceptHits[key] ?? 0
                guard count > 0 || hits > 0 else { continue }
                rows.append(
                    ConceptLanguage(
                        concept: concept, language: group, terms: count, hits: hits,
                        documents: conceptDocuments[key] ?? 0))
            }
        }
        conceptLanguages = rows
    }

    /// Terms with no hit in the corpus (empty without a corpus).
    public var neverSeen: [TermReport] {
        hasCorpus ? terms.filter { $0.totalHits == 0 } : []
    }

    /// Terms with at least ``Options/minimumHits`` hits of which at least ``Options/insideShare`` lie inside longer
    /// words.
    public var mostlyInsideLongerWords: [TermReport] {
        terms.filter { $0.totalHits >= options.minimumHits && $0.insideShare >= options.insideShare }
    }

    /// Concepts (decoys aside) whose terms cover one language group only (a term without `lang` covers all).
    public var singleLanguageConcepts: [(concept: String, language: String)] {
        var groups: [String: Set<String>] = [:]
        for term in terms where !decoyConcepts.contains(term.concept) {
            groups[term.concept, default: []].formUnion(term.languages)
        }
        return codePointSorted(groups.keys).compactMap { concept in
            let set = groups[concept]!
            return set.count == 1 ? (concept, set.first!) : nil
        }
    }

    /// Concepts (decoys aside) with hits in exactly one language group of the corpus, although the corpus holds
    /// documents of other groups (empty without a corpus).
    public var singleLanguageInCorpus: [(concept: String, language: String)] {
        guard hasCorpus, documentCounts.count > 1 else { return [] }
        var seen: [String: Set<String>] = [:]
        for row in conceptLanguages where row.hits > 0 && !decoyConcepts.contains(row.concept) {
            seen[row.concept, default: []].insert(row.language)
        }
        return codePointSorted(seen.keys).compactMap { concept in
            let set = seen[concept]!
            return set.count == 1 ? (concept, set.first!) : nil
        }
    }

    // MARK: - Matching

    struct FoundHit: Sendable {
        var concept: String
        var term: String
        var quoted: Bool
        /// The ICU word(s) covering the hit when it is inside a longer word, else `nil`.
        var longerWord: String?
        /// The Han characters just before and after the hit, when the term's edge there is Han too.
        var left: String?
        var right: String?
    }

    /// The hits of one text, each tested for lying inside a longer word.
    static func inspect(_ text: NormalizedText, matcher: LexiconMatcher, window: Int) -> [FoundHit] {
        let hits = matcher.hits(in: text)
        guard !hits.isEmpty else { return [] }
        let bytes = Array(text.text.utf8)
        let segmenter = WordSegmenter()
        return bytes.withUnsafeBufferPointer { buffer in
            hits.map { hit in
                let (left, right) = neighbours(of: hit.range, in: buffer)
                return FoundHit(
                    concept: hit.concept, term: hit.term, quoted: hit.isQuoted,
                    longerWord: longerWord(around: hit.range, in: buffer, window: window, segmenter: segmenter),
                    left: left, right: right)
            }
        }
    }

    /// The word(s) ICU puts around `range` when the range does not start and end at word boundaries; `nil` when
    /// it does, or when neither edge of the range is a Han (unspaced) character.
    static func longerWord(
        around range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, window: Int, segmenter: WordSegmenter
    ) -> String? {
        func isUnspaced(_ offset: Int) -> Bool {
            CharacterClass(UTF8Scalars.decode(bytes, at: offset).value) == .unspaced
        }
        guard !range.isEmpty else { return nil }
        let lastStart = UTF8Scalars.previousStart(bytes, before: range.upperBound)
        guard isUnspaced(range.lowerBound) || isUnspaced(lastStart) else { return nil }
        var start = range.lowerBound
        for _ in 0..<window {
            guard start > 0 else { break }
            let previous = UTF8Scalars.previousStart(bytes, before: start)
            guard isUnspaced(previous) else { break }
            start = previous
        }
        var end = range.upperBound
        for _ in 0..<window {
            guard end < bytes.count, isUnspaced(end) else { break }
            end += UTF8Scalars.decode(bytes, at: end).length
        }
        guard start < range.lowerBound || end > range.upperBound else { return nil }
        let span = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let cuts = segmenter.boundaries(span) else { return nil }
        let hitStart = range.lowerBound - start
        let hitEnd = range.upperBound - start
        if cuts.contains(hitStart) && cuts.contains(hitEnd) { return nil }
        let wordStart = cuts.last { $0 <= hitStart } ?? 0
        let wordEnd = cuts.first { $0 >= hitEnd } ?? (end - start)
        return String(
            decoding: UnsafeBufferPointer(rebasing: bytes[(start + wordStart)..<(start + wordEnd)]), as: UTF8.self)
    }

    /// The Han character before `range` when the range starts with one, and the one after it when it ends with one.
    static func neighbours(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> (String?, String?) {
        func unspaced(_ offset: Int) -> (value: UInt32, length: Int)? {
            let decoded = UTF8Scalars.decode(bytes, at: offset)
            return CharacterClass(decoded.value) == .unspaced ? decoded : nil
        }
        func string(_ value: UInt32) -> String { Unicode.Scalar(value).map { String(Character($0)) } ?? "" }
        guard !range.isEmpty else { return (nil, nil) }
        var left: String?
        if range.lowerBound > 0, unspaced(range.lowerBound) != nil,
            let before = unspaced(UTF8Scalars.previousStart(bytes, before: range.lowerBound))
        {
            left = string(before.value)
        }
        var right: String?
        if range.upperBound < bytes.count, unspaced(UTF8Scalars.previousStart(bytes, before: range.upperBound)) != nil,
            let after = unspaced(range.upperBound)
        {
            right = string(after.value)
        }
        return (left, right)
    }

    /// The language group of a document language.
    static func group(_ language: Language) -> String {
        switch language {
        case .zhHans, .zhHant: return "zh"
        case .en: return "en"
        case .vi: return "vi"
        case .other: return "other"
        }
    }

    /// The language groups of a term's languages (all groups for none).
    static func groups(_ languages: [Language]) -> [String] {
        guard !languages.isEmpty else { return languageGroups }
        let set = Set(languages.map(group))
        return languageGroups.filter(set.contains)
    }
}

extension LexiconCheck {
    /// The words ICU's Chinese word segmentation finds in `text` (for tests and the documentation of the rule);
    /// `nil` when ICU's data is missing.
    public static func icuWords(_ text: String) -> [String]? {
        guard let cuts = WordSegmenter().boundaries(text) else { return nil }
        let bytes = Array(text.utf8)
        return zip(cuts, cuts.dropFirst()).map { String(decoding: bytes[$0.0..<$0.1], as: UTF8.self) }
    }
}
