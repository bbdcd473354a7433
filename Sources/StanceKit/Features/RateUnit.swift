/// The length a lexicon rate (`lex:rate:C`) is taken per.
///
/// - `tokens` (the behaviour of every model trained before the setting existed): hits per 1,000 tokens
///   (``Tokenizer``), where a Han character is a token and so is a Vietnamese syllable; a Chinese text of a given
///   content has about 1.4 times the tokens of its English translation, so its rates come out lower.
/// - `wordEquivalents`: hits per 1,000 *English-word equivalents*: a text's length is
///   ```
///   words / s + han / h,   s = 1.39 for Vietnamese documents (syllables per English word), else 1;  h = 1.43
///   ```
///   (`han` = Han, kana and hangul characters, `words` = the other tokens). The two ratios were measured on
///   `Tests/Fixtures/parallel-news.jsonl`, five short news paragraphs the project wrote in English, Chinese and
///   Vietnamese with the same content: 206 English words, 295 Han characters (1.43 per word) and 286 Vietnamese
///   syllables (1.39 per word). The test that reads them checks that the three versions of each paragraph get
///   lengths within 15% of each other.
///
/// A model stores its unit in its settings (``FeatureConfiguration/rateUnit``); an absent key means `tokens`, so
/// models written before this setting score exactly as before.
public enum RateUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case tokens
    case wordEquivalents = "word-equivalents"

    /// Han (kana, hangul) characters per English word.
    public static let hanPerWord = 1.43
    /// Vietnamese syllables per English word.
    public static let vietnameseSyllablesPerWord = 1.39

    /// The length of a text of `language` with `tokens` under this unit.
    public func length(of tokens: UnsafeBufferPointer<Token>, language: Language) -> Double {
        switch self {
        case .tokens:
            return Double(tokens.count)
        case .wordEquivalents:
            var unspaced = 0
            for token in tokens where token.kind == .unspaced { unspaced += 1 }
            let words = Double(tokens.count - unspaced)
            let wordScale = language == .vi ? Self.vietnameseSyllablesPerWord : 1
            return words / wordScale + Double(unspaced) / Self.hanPerWord
        }
    }

    /// The length of `text` under this unit (tokenising it).
    public func length(of text: NormalizedText) -> Double {
        Tokenizer().tokens(in: text).withUnsafeBufferPointer { length(of: $0, language: text.language) }
    }
}
