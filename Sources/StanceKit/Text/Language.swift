/// The language of a document, decided before any script conversion.
public enum Language: String, Sendable, CaseIterable, Codable, Comparable {
    case zhHans = "zh-Hans"
    case zhHant = "zh-Hant"
    case en
    case vi
    case other

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }
}
