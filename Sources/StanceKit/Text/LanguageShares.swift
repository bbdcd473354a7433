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

    init(letters: [Language: Int]) { self.letters = letters }

    /// The shares of `text`, whose majority language is `language`.
    ///
    /// Paragraphs are found on the UTF-8 bytes: a paragraph ends at a line feed that does not follow a carriage
    /// return (a `\r\n` pair is one `Character`, which splitting the `String` at `"\n"` did not split at, so
    /// neither does this). One pass of ``LanguageIdentifier``'s counting over a paragraph gives both its letters
    /// and its language; only a paragraph longer than the identifier's sample or with combining marks (which the
    /// identifier composes first) is counted a second time, scalar by scalar.
    ///
    /// - Complexity: O(*n*) for a text of *n* UTF-8 bytes.
    public init(of text: String, language: Language) {
        var text = text
        letters = text.withUTF8 { Self.letters(of: $0, language: language) }
    }

    /// Letters per language of the UTF-8 text `bytes` (``init(of:language:)``).
    static func letters(of bytes: UnsafeBufferPointer<UInt8>, language: Language) -> [Language: Int] {
        var letters: [Language: Int] = [:]
        var start = 0
        while start < bytes.count {
            // The next line feed not preceded by a carriage return, or the end.
            var end = start
            while end < bytes.count && (bytes[end] != 0x0A || (end > 0 && bytes[end - 1] == 0x0D)) { end += 1 }
            if end > start {
                let paragraph = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if let (identified, count) = paragraphLetters(paragraph, language: language) {
                    letters[identified, default: 0] += count
                }
            }
            start = end + 1
        }
        return letters
    }

    /// The language and letter count of one paragraph, or `nil` when it has no letters.
    private static func paragraphLetters(
        _ paragraph: UnsafeBufferPointer<UInt8>, language: Language
    ) -> (Language, Int)? {
        var count = 0
        var latin = 0
        var identified: Language
        if let counted = LanguageIdentifier.identifyCountingLetters(utf8: paragraph) {
            // The identifier counted every letter: its counts are the paragraph's.
            latin = counted.latin
            count = counted.letters
            guard count > 0 else { return nil }
            identified = counted.language
        } else {
            var index = 0
            while index < paragraph.count {
                let (value, length) = UTF8Decoding.scalar(in: paragraph, at: index)
                index += length
                switch Script(Unicode.Scalar(value)!) {
                case .none: continue
                case .latin, .vietnameseLatin:
                    latin += 1
                    count += 1
                default: count += 1
                }
            }
            guard count > 0 else { return nil }
            identified = LanguageIdentifier.identify(utf8: paragraph, skipping: [])
        }
        if identified == .other && latin * 2 > count && (language == .en || language == .vi) {
            identified = language
        }
        return (identified, count)
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
