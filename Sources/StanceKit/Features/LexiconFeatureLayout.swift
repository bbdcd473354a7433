import RealModule

/// Where the lexicon features go and how they are computed.
struct LexiconFeatureLayout: Sendable {
    /// The lexicon column names in column order.
    var names: [String] = []
    var firstColumn = 0
    /// Per concept index: the column of `lex:C`, `lex:C@quoted` and `lex:rate:C`.
    var own: [Int32] = []
    var quoted: [Int32] = []
    var rate: [Int32] = []
    /// Per ``QuoteFamily`` (in `allCases` order) and concept index: the column of `lex:C@quote:F`, when the layout
    /// splits quotations by family (empty otherwise).
    var families: [[Int32]] = []
    /// Per contrast (in column order): its column and concept indices.
    var contrasts: [(column: Int32, first: Int, second: Int)] = []
    /// Per ``Language`` (in `allCases` order) and concept index: what a rate per 1,000 length units is divided by
    /// (the ``RateReference`` rate of that language); empty without a reference, when rates are per 1,000 / 10.
    var rateDivisors: [[Double]] = []

    init(
        matcher: LexiconMatcher?, firstColumn: Int, kinds: LexiconFeatureKinds = .all, quoteFamilies: Bool = false,
        rateReference: RateReference? = nil
    ) {
        guard let matcher else { return }
        if let rateReference {
            rateDivisors = Language.allCases.map { rateReference.rates(for: $0, concepts: matcher.concepts) }
        }
        self.firstColumn = firstColumn
        let concepts = matcher.concepts
        var unsorted: [String] = []
        // Decoy concepts are matched (to block the framing terms inside them) but never become columns.
        let decoys = matcher.lexicon.decoyConcepts
        for concept in concepts where !decoys.contains(concept) {
            if kinds.counts { unsorted.append("lex:\(concept)") }
            if kinds.quoted && !quoteFamilies { unsorted.append("lex:\(concept)@quoted") }
            if kinds.quoted && quoteFamilies {
                for family in QuoteFamily.allCases { unsorted.append("lex:\(concept)@quote:\(family.rawValue)") }
            }
            if kinds.rates { unsorted.append("lex:rate:\(concept)") }
        }
        var contrastNames = Set<String>()
        var contrastPairs: [(String, Int, Int)] = []
        for contrast in matcher.lexicon.contrasts where kinds.contrasts {
            let name = "contrast:\(contrast.name)"
            guard let first = concepts.firstIndex(of: contrast.first),
                let second = concepts.firstIndex(of: contrast.second), contrastNames.insert(name).inserted
            else { continue }
            unsorted.append(name)
            contrastPairs.append((name, first, second))
        }
        names = unsorted.sorted(by: utf8Precedes)
        var position: [String: Int32] = [:]
        for (index, name) in names.enumerated() { position[name] = Int32(firstColumn + index) }
        // -1 marks a kind left out of the block.
        own = concepts.map { position["lex:\($0)"] ?? -1 }
        quoted = concepts.map { position["lex:\($0)@quoted"] ?? -1 }
        rate = concepts.map { position["lex:rate:\($0)"] ?? -1 }
        if quoteFamilies {
            families = QuoteFamily.allCases.map { family in
                concepts.map { position["lex:\($0)@quote:\(family.rawValue)"] ?? -1 }
            }
        }
        contrasts = contrastPairs.map { (position[$0.0]!, $0.1, $0.2) }.sorted { $0.column < $1.column }
    }

    /// The divisors of the rates of a document of `language`, or `nil` without a reference.
    func divisors(for language: Language) -> [Double]? {
        rateDivisors.isEmpty ? nil : rateDivisors[Language.allCases.firstIndex(of: language)!]
    }

    /// `lex:rate:C` of `hits` in a document of `length` units: per 1,000 units / 10, or per 1,000 units divided by
    /// the reference rate (``RateReference``; a reference rate of 0, a concept the reference never saw in the language
    /// scope's empty case, leaves the rate per 1,000).
    @inline(__always)
    private static func rate(_ hits: Int, length: Double, divisor: Double?) -> Double {
        guard let divisor else { return 1000 * Double(hits) / length / 10 }
        return divisor > 0 ? 1000 * Double(hits) / length / divisor : 1000 * Double(hits) / length
    }

    /// The non-zero lexicon features of one document of `length` tokens (or word-equivalents, ``RateUnit``) in
    /// `language`, sorted by column.
    func values(_ counts: (own: [Int], quoted: [Int]), length: Double, language: Language) -> [(Int32, Double)] {
        var entries: [(Int32, Double)] = []
        let divisors = divisors(for: language)
        for concept in counts.own.indices {
            let own = counts.own[concept]
            let quoted = counts.quoted[concept]
            if own > 0 && self.own[concept] >= 0 {
                entries.append((self.own[concept], Double.log(onePlus: Double(own))))
            }
            if quoted > 0 && self.quoted[concept] >= 0 {
                entries.append((self.quoted[concept], Double.log(onePlus: Double(quoted))))
            }
            if own + quoted > 0 && length > 0 && rate[concept] >= 0 {
                entries.append((rate[concept], Self.rate(own + quoted, length: length, divisor: divisors?[concept])))
            }
        }
        for contrast in contrasts {
            let first = Double(counts.own[contrast.first] + counts.quoted[contrast.first])
            let second = Double(counts.own[contrast.second] + counts.quoted[contrast.second])
            guard first + second > 0 else { continue }
            let value = first / (first + second) - 0.5
            if value != 0 { entries.append((contrast.column, value)) }
        }
        entries.sort { $0.0 < $1.0 }
        return entries
    }
}

extension LexiconFeatureLayout {
    /// The non-zero lexicon features of one document of `length` tokens (or word-equivalents) whose hits are split
    /// by quotation family, sorted by column: `lex:C` = ln(1 + own), `lex:C@quote:F` = ln(1 + hits in family F);
    /// rates and contrasts count every hit, as in ``values(_:length:language:)``.
    func values(_ counts: QuoteFamilyCounts, length: Double, language: Language) -> [(Int32, Double)] {
        var entries: [(Int32, Double)] = []
        let divisors = divisors(for: language)
        for concept in counts.own.indices {
            let own = counts.own[concept]
            if own > 0 && self.own[concept] >= 0 {
                entries.append((self.own[concept], Double.log(onePlus: Double(own))))
            }
            for family in families.indices {
                let hits = counts.families[family][concept]
                if hits > 0 && families[family][concept] >= 0 {
                    entries.append((families[family][concept], Double.log(onePlus: Double(hits))))
                }
            }
            let total = counts.total(concept)
            if total > 0 && length > 0 && rate[concept] >= 0 {
                entries.append((rate[concept], Self.rate(total, length: length, divisor: divisors?[concept])))
            }
        }
        for contrast in contrasts {
            let first = Double(counts.total(contrast.first))
            let second = Double(counts.total(contrast.second))
            guard first + second > 0 else { continue }
            let value = first / (first + second) - 0.5
            if value != 0 { entries.append((contrast.column, value)) }
        }
        entries.sort { $0.0 < $1.0 }
        return entries
    }
}
