/// What `stance features` shows of one document: its language, its lexicon hits in context (in the original
/// script, own voice or quoted) and its most frequent n-grams.
public struct FeatureReport: Sendable {
    /// One lexicon hit with about `contextLength` characters of the original text on either side.
    public struct Hit: Sendable, Equatable {
        public var concept: String
        public var term: String
        /// The matched span as written in the original text.
        public var match: String
        public var before: String
        public var after: String
        public var quoted: Bool
    }

    public var document: Document
    public var language: Language
    /// How the document's letters divide among languages.
    public var languageShares: LanguageShares
    public var hits: [Hit]
    public var topNGrams: [(name: String, count: Int)]

    /// Builds the report of `document`.
    public init(
        document: Document, normalized: NormalizedText, matcher: LexiconMatcher?, extractor: FeatureExtractor,
        topCount: Int = 10, contextLength: Int = 20
    ) {
        self.document = document
        language = normalized.language
        languageShares = LanguageShares(of: document.text, language: normalized.language)
        let original = document.text
        let utf8 = Array(original.utf8)
        hits = (matcher?.hits(in: normalized) ?? []).map { hit in
            let range = hit.originalRange(in: normalized)
            let lower = min(range.lowerBound, utf8.count)
            let upper = min(max(range.upperBound, lower), utf8.count)
            let before = String(decoding: utf8[..<lower], as: UTF8.self).unicodeScalars.suffix(contextLength)
            let after = String(decoding: utf8[upper...], as: UTF8.self).unicodeScalars.prefix(contextLength)
            func flat<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
                var view = String.UnicodeScalarView()
                for scalar in scalars { view.append(scalar.isWhitespaceFast ? " " : scalar) }
                return String(view)
            }
            return Hit(
                concept: hit.concept, term: hit.term, match: String(decoding: utf8[lower..<upper], as: UTF8.self),
                before: flat(before), after: flat(after), quoted: hit.isQuoted)
        }
        topNGrams = extractor.nGramCounts(in: normalized).sorted {
            $0.value != $1.value ? $0.value > $1.value : utf8Precedes($0.key, $1.key)
        }.prefix(topCount).map { ($0.key, $0.value) }
    }

    public var json: JSON {
        .object([
            ("id", .string(document.id)),
            ("source", .optional(document.source)),
            ("label", .optional(document.label)),
            ("lang", .string(language.rawValue)),
            ("lang_shares", languageShares.json),
            (
                "lexicon_hits",
                .array(
                    hits.map {
                        .object([
                            ("concept", .string($0.concept)), ("term", .string($0.term)), ("match", .string($0.match)),
                            ("quoted", .bool($0.quoted)), ("before", .string($0.before)), ("after", .string($0.after)),
                        ])
                    })
            ),
            ("top_ngrams", .object(topNGrams.map { ($0.name, JSON.int($0.count)) })),
        ])
    }

    public var table: String {
        var lines = ["\(document.id)  lang \(language.rawValue)\(document.source.map { "  source \($0)" } ?? "")"]
        if hits.isEmpty { lines.append("  no lexicon hits") }
        for hit in hits {
            lines.append("  \(hit.concept)\(hit.quoted ? " (quoted)" : ""): …\(hit.before)[\(hit.match)]\(hit.after)…")
        }
        lines.append("  top n-grams: " + topNGrams.map { "\($0.name) ×\($0.count)" }.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
