import Foundation

/// How often a lexicon's concepts are named in typical news of each language: the reference that makes lexicon
/// rates (`lex:rate:C`) comparable across languages.
///
/// A rate per word-equivalent (``RateUnit/wordEquivalents``) has the same unit in every language, but a lexicon does
/// not have the same term density in every language: on the development data the Chinese list matched about twice as
/// many terms per word-equivalent as the English list (13.1 against 6.8 hits per 1,000), so a Chinese text's rates
/// read as "much" on an English-trained scale. With a reference, each rate is divided by the reference rate of the
/// text's language, so that 1.0 means "as often as typical news in this language":
/// ```
/// language scope:  lex:rate:C = (hits of C per 1,000 word-equivalents) / R(L),    R(L) = 1000 · H(L) / N(L)
/// concept scope:   lex:rate:C = (hits of C per 1,000 word-equivalents) / R(C, L), R(C, L) = 1000 · (H(C, L) + ½) / N(L)
/// ```
/// where `N(L)` is the word-equivalent length of all reference texts of language `L`, `H(L)` their hits of every
/// concept (decoys aside) and `H(C, L)` their hits of concept `C` (the ½ keeps a concept the reference never saw from
/// dividing by zero). Simplified and Traditional Chinese are one language here (``key(for:)``): the reference must
/// not tell two outlets apart by their script. A text of a language the reference has no entry for, or whose
/// reference texts have no lexicon hit at all (a handful of `other` texts), is divided by the pooled reference of
/// every language.
///
/// References are measured on unlabelled news of each language (`stance lexicon check --reference-out FILE`), written
/// as a tab-separated file (``tsv``) and stored in the model's feature settings, which makes the model format version
/// 5 (an older `stance` would read the model without its references and score differently).
public struct RateReference: Codable, Sendable, Hashable {
    /// What a rate is divided by.
    public enum Scope: String, Codable, Sendable, Hashable, CaseIterable {
        /// One density per language: all lexicon hits per word-equivalent.
        case language
        /// One rate per concept and language.
        case concept
    }

    /// The hits and length of the reference texts of one language.
    public struct Sample: Codable, Sendable, Hashable {
        /// ``RateReference/key(for:)`` of the language: `en`, `zh`, `vi` or `other`.
        public var language: String
        public var documents: Int
        /// Word-equivalents (``RateUnit/wordEquivalents``) of all the texts.
        public var length: Double
        /// Hits per concept, in ``RateReference/concepts`` order.
        public var hits: [Int]

        public init(language: String, documents: Int, length: Double, hits: [Int]) {
            self.language = language
            self.documents = documents
            self.length = length
            self.hits = hits
        }
    }

    /// The version of the file format ``tsv`` writes and ``init(tsv:file:)`` reads.
    public static let fileVersion = 1
    /// The hits added to every concept of the concept scope.
    public static let smoothingHits = 0.5

    public var scope: Scope
    /// The concepts (decoys left out) in code point order.
    public var concepts: [String]
    /// One sample per language, in code point order of ``Sample/language``.
    public var samples: [Sample]

    public init(scope: Scope, concepts: [String], samples: [Sample]) {
        self.scope = scope
        self.concepts = concepts
        self.samples = samples.sorted { utf8Precedes($0.language, $1.language) }
    }

    /// The language a reference keys `language` under: both Chinese scripts are `zh`.
    public static func key(for language: Language) -> String {
        switch language {
        case .zhHans, .zhHant: return "zh"
        case .en: return "en"
        case .vi: return "vi"
        case .other: return "other"
        }
    }

    /// The reference rates per 1,000 word-equivalents of a text of `language`, one per concept of `concepts`
    /// (a concept the reference does not list counts as never seen).
    public func rates(for language: Language, concepts wanted: [String]) -> [Double] {
        let key = Self.key(for: language)
        let chosen = samples.filter { $0.language == key && $0.hits.contains { $0 > 0 } }
        let pool = chosen.isEmpty ? samples : chosen
        let length = pool.reduce(0) { $0 + $1.length }
        var hits = [Int](repeating: 0, count: concepts.count)
        for sample in pool { for index in hits.indices { hits[index] += sample.hits[index] } }
        guard length > 0 else { return wanted.map { _ in 0 } }
        switch scope {
        case .language:
            let density = 1000 * Double(hits.reduce(0, +)) / length
            return wanted.map { _ in density }
        case .concept:
            let position = Dictionary(uniqueKeysWithValues: concepts.enumerated().map { ($1, $0) })
            return wanted.map { concept in
                1000 * (Double(position[concept].map { hits[$0] } ?? 0) + Self.smoothingHits) / length
            }
        }
    }

    /// Checks that the reference can divide rates: at least one sample, each with a positive length and one hit
    /// count per concept, and at least one lexicon hit in all.
    public func validate() throws(FeatureError) {
        if samples.isEmpty { throw .invalidConfiguration("the rate reference has no language") }
        for sample in samples {
            if sample.hits.count != concepts.count {
                throw .invalidConfiguration(
                    "the rate reference's '\(sample.language)' row has \(sample.hits.count) concepts, not \(concepts.count)"
                )
            }
            if !(sample.length > 0 && sample.length.isFinite) || sample.documents < 1 {
                throw .invalidConfiguration("the rate reference's '\(sample.language)' texts have no length")
            }
        }
        if !samples.contains(where: { $0.hits.contains { $0 > 0 } }) {
            throw .invalidConfiguration("the rate reference's texts have no lexicon hit to take a density from")
        }
    }
}

extension RateReference {
    /// The reference as `stance inspect` shows it: the scope, then per language the documents, the word-equivalents
    /// and the density of all hits per 1,000 word-equivalents (and, for the concept scope, each concept's rate).
    public var json: JSON {
        .object(
            [("scope", .string(scope.rawValue))]
                + samples.map { sample in
                    let hits = sample.hits.reduce(0, +)
                    var fields: [(String, JSON)] = [
                        ("documents", .int(sample.documents)), ("word_equivalents", .double(sample.length)),
                        ("hits", .int(hits)), ("per_1000", .double(1000 * Double(hits) / sample.length)),
                    ]
                    if scope == .concept {
                        fields.append(
                            (
                                "concepts",
                                .object(
                                    zip(concepts, sample.hits).map {
                                        ($0, .double(1000 * (Double($1) + Self.smoothingHits) / sample.length))
                                    })
                            ))
                    }
                    return (sample.language, JSON.object(fields))
                })
    }
}
