import Foundation

/// What features ``FeatureExtractor`` builds and how it weights them.
///
/// Three n-gram kinds share one block of columns (see ``FittedVocabulary``):
/// - `wordNGrams`: n consecutive word tokens of a spaced script (``Tokenizer``), joined by one space, column name
///   `w:cold war`. A sequence of words is broken by an unspaced (Han, kana, hangul) character and by sentence
///   punctuation `.` `!` `?` `;` `:` or a line break (``Token/followsBreak``), so no bigram spans two sentences or
///   jumps over Chinese text; commas, quotes and brackets do not break it.
/// - `charNGrams`: n consecutive Han (kana, hangul) characters within one run of such characters with nothing in
///   between, column name `c:中共`.
/// - `charWB`: character n-grams inside each word token padded with one space on either side, as scikit-learn's
///   `analyzer="char_wb"` does with whitespace-separated words, column name `wb: cen`; a padded word shorter than n
///   characters yields itself once (and no longer n-grams).
///
/// Document-frequency limits count *documents* of the training set: a term is kept when
/// `minDF ≤ df ≤ maxDF · n` (n training documents). `maxFeatures` then keeps the n-gram columns with the highest
/// total count over the training set (scikit-learn's rule), ties broken by the column name's bytes.
public struct FeatureConfiguration: Sendable, Hashable, Codable {
    /// Word n-gram lengths, or `nil` for none. Default `1...2`.
    public var wordNGrams: ClosedRange<Int>?
    /// Han character n-gram lengths, or `nil` for none. Default `1...3`.
    public var charNGrams: ClosedRange<Int>?
    /// Padded in-word character n-gram lengths, or `nil` for none (the default); `2...5` is a usual choice.
    public var charWB: ClosedRange<Int>?
    /// The least number of training documents a term must occur in. Default 1.
    public var minDF: Int
    /// The largest fraction of training documents a term may occur in. Default 1.0 (no limit).
    public var maxDF: Double
    /// The most n-gram columns to keep, or `nil` for no limit.
    public var maxFeatures: Int?
    /// Whether term frequency is damped to `1 + ln tf`. Default `true`.
    public var sublinearTF: Bool
    /// Whether the lexicon block (when a lexicon is given) is added. Default `true`.
    public var useLexicons: Bool
    /// Which kinds of lexicon feature the lexicon block holds. Default: all.
    public var lexiconFeatures: LexiconFeatureKinds
    /// What lexicon rates are taken per (``RateUnit``); `nil`, as in files written before the setting existed,
    /// means ``RateUnit/tokens``. Stored only when set.
    public var rateUnit: RateUnit?
    /// What rates are divided by to be comparable across languages (``RateReference``), or `nil` (and absent from
    /// the file) for rates per 1,000 units / 10. Needs ``RateUnit/wordEquivalents``; a model with it is written as
    /// format version 5.
    public var rateReference: RateReference?
    /// Whether lexicon terms are matched in every script of a mixed-language document (``LexiconMatcher``). Default
    /// `true`; `false` in models of format version 1, which matched by the document's majority language only.
    public var mixedLanguageLexicon: Bool
    /// Whether quoted lexicon hits are split by ``QuoteFamily`` (`lex:C@quote:reported`, `…:distancing`,
    /// `…:term`, with `so-called X` counted as distancing) instead of one `lex:C@quoted`. `false` (and absent from
    /// the file) in models written before the setting existed; a model with it on is written as format version 3.
    public var quoteFamilies: Bool

    public init(
        wordNGrams: ClosedRange<Int>? = 1...2, charNGrams: ClosedRange<Int>? = 1...3, charWB: ClosedRange<Int>? = nil,
        minDF: Int = 1, maxDF: Double = 1.0, maxFeatures: Int? = nil, sublinearTF: Bool = true,
        useLexicons: Bool = true, lexiconFeatures: LexiconFeatureKinds = .all, rateUnit: RateUnit? = nil,
        mixedLanguageLexicon: Bool = true, quoteFamilies: Bool = false, rateReference: RateReference? = nil
    ) {
        self.rateReference = rateReference
        self.quoteFamilies = quoteFamilies
        self.lexiconFeatures = lexiconFeatures
        self.rateUnit = rateUnit
        self.mixedLanguageLexicon = mixedLanguageLexicon
        self.wordNGrams = wordNGrams
        self.charNGrams = charNGrams
        self.charWB = charWB
        self.minDF = minDF
        self.maxDF = maxDF
        self.maxFeatures = maxFeatures
        self.sublinearTF = sublinearTF
        self.useLexicons = useLexicons
    }

    private enum CodingKeys: String, CodingKey {
        case wordNGrams, charNGrams, charWB, minDF, maxDF, maxFeatures, sublinearTF, useLexicons, lexiconFeatures
        case rateUnit
        case mixedLanguageLexicon
        case quoteFamilies
        case rateReference
    }

    /// Decodes a configuration. An absent `minDF`, `maxDF`, `sublinearTF` or `useLexicons` (as in a file written
    /// before the setting existed) takes its default; an absent n-gram range or `maxFeatures` is `nil`, which is how
    /// `nil` is encoded. An absent `mixedLanguageLexicon` (a model written before it existed) is `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FeatureConfiguration()
        self.init(
            wordNGrams: try container.decodeIfPresent(ClosedRange<Int>.self, forKey: .wordNGrams),
            charNGrams: try container.decodeIfPresent(ClosedRange<Int>.self, forKey: .charNGrams),
            charWB: try container.decodeIfPresent(ClosedRange<Int>.self, forKey: .charWB),
            minDF: try container.decodeIfPresent(Int.self, forKey: .minDF) ?? defaults.minDF,
            maxDF: try container.decodeIfPresent(Double.self, forKey: .maxDF) ?? defaults.maxDF,
            maxFeatures: try container.decodeIfPresent(Int.self, forKey: .maxFeatures),
            sublinearTF: try container.decodeIfPresent(Bool.self, forKey: .sublinearTF) ?? defaults.sublinearTF,
            useLexicons: try container.decodeIfPresent(Bool.self, forKey: .useLexicons) ?? defaults.useLexicons,
            lexiconFeatures: try container.decodeIfPresent(LexiconFeatureKinds.self, forKey: .lexiconFeatures) ?? .all,
            rateUnit: try container.decodeIfPresent(RateUnit.self, forKey: .rateUnit),
            mixedLanguageLexicon: try container.decodeIfPresent(Bool.self, forKey: .mixedLanguageLexicon) ?? false,
            quoteFamilies: try container.decodeIfPresent(Bool.self, forKey: .quoteFamilies) ?? false,
            rateReference: try container.decodeIfPresent(RateReference.self, forKey: .rateReference))
    }

    /// Encodes every setting; `quoteFamilies` only when on, so that other models' settings keep their bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(wordNGrams, forKey: .wordNGrams)
        try container.encodeIfPresent(charNGrams, forKey: .charNGrams)
        try container.encodeIfPresent(charWB, forKey: .charWB)
        try container.encode(minDF, forKey: .minDF)
        try container.encode(maxDF, forKey: .maxDF)
        try container.encodeIfPresent(maxFeatures, forKey: .maxFeatures)
        try container.encode(sublinearTF, forKey: .sublinearTF)
        try container.encode(useLexicons, forKey: .useLexicons)
        try container.encode(lexiconFeatures, forKey: .lexiconFeatures)
        try container.encodeIfPresent(rateUnit, forKey: .rateUnit)
        try container.encode(mixedLanguageLexicon, forKey: .mixedLanguageLexicon)
        if quoteFamilies { try container.encode(true, forKey: .quoteFamilies) }
        try container.encodeIfPresent(rateReference, forKey: .rateReference)
    }

    /// Checks that every setting is in range.
    ///
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` naming the first bad setting.
    public func validate() throws(FeatureError) {
        for (name, range) in [("word n-gram", wordNGrams), ("char n-gram", charNGrams), ("char-wb n-gram", charWB)] {
            if let range, range.lowerBound < 1 || range.upperBound > 32 {
                throw .invalidConfiguration("\(name) lengths must lie in 1...32, got \(range)")
            }
        }
        if minDF < 1 { throw .invalidConfiguration("min-df must be at least 1, got \(minDF)") }
        if !(maxDF > 0 && maxDF <= 1) { throw .invalidConfiguration("max-df must lie in (0, 1], got \(maxDF)") }
        if useLexicons && lexiconFeatures.isEmpty {
            throw .invalidConfiguration("the lexicon block needs at least one kind of lexicon feature")
        }
        if let maxFeatures, maxFeatures < 0 {
            throw .invalidConfiguration("max-features must not be negative, got \(maxFeatures)")
        }
        if let rateReference {
            if (rateUnit ?? .tokens) != .wordEquivalents {
                throw .invalidConfiguration(
                    "a rate reference is measured per word-equivalent: it needs --rate-unit word-equivalents")
            }
            try rateReference.validate()
        }
    }
}

extension FeatureConfiguration {
    /// Checks that the rate reference, if any, was measured with `lexicon`: the same concepts, decoys left out (as
    /// `stance lexicon check --reference-out` writes them). A reference of another lexicon would divide every rate by
    /// another lexicon's density without a word.
    ///
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` naming the concepts that differ.
    public func validateReference(for lexicon: Lexicon?) throws(FeatureError) {
        guard let rateReference, useLexicons, let lexicon else { return }
        let decoys = lexicon.decoyConcepts
        let expected = Set(lexicon.concepts.filter { !decoys.contains($0) })
        let measured = Set(rateReference.concepts)
        guard expected != measured else { return }
        let missing = expected.subtracting(measured).sorted(by: utf8Precedes)
        let extra = measured.subtracting(expected).sorted(by: utf8Precedes)
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks the lexicon's " + missing.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("has " + extra.joined(separator: ", ") + ", which the lexicon has not") }
        throw .invalidConfiguration(
            "the rate reference was measured with another lexicon: it " + parts.joined(separator: " and ")
                + "; measure it with this lexicon (stance lexicon check LEXICON --corpus FILE --reference-out REF)")
    }
}

/// The kinds of feature the lexicon block can hold for each concept C and contrast A/B (see ``FittedVocabulary``).
///
/// Counts (`lex:C`, `lex:C@quoted`) and rates (`lex:rate:C`) grow with how much a text is about the subject at all;
/// contrasts (`contrast:A/B`) only say which of two ways of naming it a text chooses, whatever its length or topic
/// density. A model meant to carry across outlets whose articles differ in length and focus is safer on contrasts.
public struct LexiconFeatureKinds: Sendable, Hashable, Codable {
    /// `lex:C`: log(1 + own-voice hits).
    public var counts: Bool
    /// `lex:C@quoted`: log(1 + quoted hits).
    public var quoted: Bool
    /// `lex:rate:C`: hits per 1,000 tokens / 10.
    public var rates: Bool
    /// `contrast:A/B`: A / (A + B) − ½.
    public var contrasts: Bool

    public init(counts: Bool, quoted: Bool, rates: Bool, contrasts: Bool) {
        self.counts = counts
        self.quoted = quoted
        self.rates = rates
        self.contrasts = contrasts
    }

    public static let all = LexiconFeatureKinds(counts: true, quoted: true, rates: true, contrasts: true)

    public var isEmpty: Bool { !(counts || quoted || rates || contrasts) }

    /// Parses a comma-separated list of `counts`, `quoted`, `rates`, `contrasts` or `all`.
    public init?(list: String) {
        self.init(counts: false, quoted: false, rates: false, contrasts: false)
        for item in list.split(separator: ",") {
            switch item.trimmingCharacters(in: .whitespaces) {
            case "all": self = .all
            case "counts": counts = true
            case "quoted": quoted = true
            case "rates": rates = true
            case "contrasts": contrasts = true
            default: return nil
            }
        }
        if isEmpty { return nil }
    }

    /// The list form, e.g. `counts,quoted,rates,contrasts`.
    public var list: String {
        [("counts", counts), ("quoted", quoted), ("rates", rates), ("contrasts", contrasts)].filter(\.1).map(\.0)
            .joined(separator: ",")
    }
}
