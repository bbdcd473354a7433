/// How a document's letters divide among languages: `lang` is the majority, `lang_shares` the whole picture, so
/// that a Chinese article with English paragraphs is seen as such.
///
/// The text is split into paragraphs (lines); each paragraph's language is decided by ``LanguageIdentifier`` and
/// weighted by its letters (``Script``: every letter counts one, a Han character as much as a Latin letter). A Latin
/// paragraph too short to show its language (a headline without function words: ``Language/other``) counts for the
/// document's own language when that is English or Vietnamese.
public struct LanguageShares: Sendable, Equatable {
    /// Letters per language.
    public private(set) var letters: [Language: Int] = [:]

    public init() {}

    /// The shares of `text`, whose majority language is `language`.
    public init(of text: String, language: Language) {
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var count = 0
            var latin = 0
            for scalar in paragraph.unicodeScalars {
                switch Script(scalar) {
                case .none: continue
                case .latin, .vietnameseLatin:
                    latin += 1
                    count += 1
                default: count += 1
                }
            }
            guard count > 0 else { continue }
            var identified = LanguageIdentifier.identify(String(paragraph))
            if identified == .other && latin * 2 > count && (language == .en || language == .vi) {
                identified = language
            }
            letters[identified, default: 0] += count
        }
    }

    /// Adds another document's letters (for a corpus-wide picture).
    public mutating func add(_ other: LanguageShares) {
        for (language, count) in other.letters { letters[language, default: 0] += count }
    }

    /// The share of each language with any letters, largest first (ties in ``Language`` order).
    public var shares: [(language: Language, share: Double)] {
        let total = letters.values.reduce(0, +)
        guard total > 0 else { return [] }
        return letters.map { ($0.key, Double($0.value) / Double(total)) }.sorted {
            $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0
        }
    }

    /// Whether less than 90% of the letters are in the largest language.
    public var isMixed: Bool { (shares.first?.share ?? 1) < 0.9 }

    /// `{"zh-Hant": 0.81, "en": 0.19}`, shares rounded to three decimals.
    public var json: JSON {
        .object(shares.map { ($0.language.rawValue, JSON.double(($0.share * 1000).rounded() / 1000)) })
    }
}
