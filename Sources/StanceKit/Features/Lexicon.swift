import Foundation

/// A list of framing terms grouped into concepts, with contrasts between pairs of concepts.
///
/// Read from a tab-separated file with the columns `concept`, `term`, `lang`, `note` and, optionally, `tag`
/// (``TermTag``; files with four columns are read as before):
/// ```
/// concept	term	lang	note
/// # the party, named two ways
/// #contrast ccp_naming prc_naming
/// ccp_naming	中共	zh	short form
/// ccp_naming	ccp	en
/// prc_naming	中华人民共和国	zh
/// ```
/// - The first line may be a header (its first cell is `concept`); empty lines and lines starting with `#` are
///   skipped, except `#contrast A B`, which asks for the feature `A/(A+B)` (A and B concept names).
/// - `term` is normalised with the same function as the texts (lower-casing, typography, Traditional to
///   Simplified), so one Simplified entry also matches Traditional text.
/// - `lang` (optional) limits a term to documents of a language: `zh-Hans`, `zh-Hant`, `en`, `vi`, `other`, or
///   `zh` for both Chinese variants; several may be given separated by commas; empty means every language.
/// - `note` (optional) is free text for people.
///
/// A lexicon is plain `Codable` data, so a model file can carry the lexicon it was trained with.
public struct Lexicon: Sendable, Hashable, Codable {
    /// One term of a concept.
    public struct Entry: Sendable, Hashable, Codable {
        public var concept: String
        /// The term, already normalised like the texts it is matched against.
        public var term: String
        /// The languages the term applies to; empty for every language.
        public var languages: [Language]
        public var note: String
        /// The term's kind (``TermTag``), from the optional fifth column; `nil` in lexicons read before the column
        /// existed (as stored in older model files), which behave as before.
        public var tag: TermTag?

        public init(
            concept: String, term: String, languages: [Language] = [], note: String = "", tag: TermTag? = nil
        ) {
            self.concept = concept
            self.term = term
            self.languages = languages
            self.note = note
            self.tag = tag
        }
    }

    /// A pair of concepts whose balance `first/(first+second)` is a feature.
    public struct Contrast: Sendable, Hashable, Codable {
        public var first: String
        public var second: String

        public init(first: String, second: String) {
            self.first = first
            self.second = second
        }

        /// `first/second`, as used in the column name `contrast:first/second`.
        public var name: String { "\(first)/\(second)" }
    }

    public var entries: [Entry]
    public var contrasts: [Contrast]

    public init(entries: [Entry], contrasts: [Contrast] = []) {
        self.entries = entries
        self.contrasts = contrasts
    }

    /// This lexicon followed by the entries of `other`, and the contrasts of both (each once): for several lexicon
    /// files used together.
    public func merged(with other: Lexicon) -> Lexicon {
        var contrasts = self.contrasts
        for contrast in other.contrasts where !contrasts.contains(contrast) { contrasts.append(contrast) }
        return Lexicon(entries: entries + other.entries, contrasts: contrasts)
    }

    /// The distinct concept names, in code point order.
    public var concepts: [String] {
        Array(Set(entries.map(\.concept))).sorted(by: utf8Precedes)
    }

    /// Reads a lexicon file.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - normalizer: the text normaliser, applied to each term.
    /// - Throws: ``IOFailure`` when the file cannot be read, ``TableFileError`` when a line is malformed.
    public init(contentsOfFile path: String, normalizer: (String) -> String) throws {
        let text = try InputFile.readText(path, what: "the lexicon")
        try self.init(parsing: text, file: path, normalizer: normalizer)
    }

    /// Parses the text of a lexicon file.
    ///
    /// - Parameters:
    ///   - text: the whole file.
    ///   - file: the file name, for error messages.
    ///   - normalizer: the text normaliser, applied to each term.
    /// - Throws: ``TableFileError`` naming `file:line` and the problem: a wrong number of columns, an empty term or
    ///   concept, an unknown language, a malformed `#contrast` line or one naming a concept without terms.
    public init(parsing text: String, file: String, normalizer: (String) -> String) throws(TableFileError) {
        var entries: [Entry] = []
        var contrasts: [(Contrast, Int)] = []
        var lineNumber = 0
        var sawContent = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            func fail(_ problem: String) -> TableFileError {
                TableFileError(location: SourceLocation(file: file, line: lineNumber), problem: problem)
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if line.hasPrefix("#") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard words.first == "#contrast" else { continue }
                guard words.count == 3 else {
                    throw fail("expected '#contrast A B' with two concept names, found \(words.count - 1) names")
                }
                contrasts.append((Contrast(first: String(words[1]), second: String(words[2])), lineNumber))
                continue
            }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            if !sawContent {
                sawContent = true
                if cells.first?.trimmingCharacters(in: .whitespaces).lowercased() == "concept" { continue }
            }
            guard (2...5).contains(cells.count) else {
                throw fail(
                    "expected 2 to 5 tab-separated columns (concept, term, lang, note, tag), found \(cells.count)")
            }
            let concept = cells[0].trimmingCharacters(in: .whitespaces)
            if let problem = Self.conceptProblem(concept) { throw fail(problem) }
            let written = cells[1].trimmingCharacters(in: .whitespaces)
            guard !written.isEmpty else { throw fail("empty term for concept '\(concept)'") }
            let term = normalizer(written).trimmingCharacters(in: .whitespaces)
            guard !term.isEmpty else { throw fail("term '\(written)' is empty after normalisation") }
            var languages: [Language] = []
            if cells.count > 2 {
                for code in cells[2].split(separator: ",") {
                    let code = code.trimmingCharacters(in: .whitespaces)
                    guard let parsed = Self.languages(code) else {
                        throw fail("unknown language '\(code)' (expected zh, zh-Hans, zh-Hant, en, vi or other)")
                    }
                    languages.append(contentsOf: parsed)
                }
            }
            languages = Array(Set(languages)).sorted()
            let note = cells.count > 3 ? String(cells[3]) : ""
            let tag: TermTag
            do throws(TermTagError) {
                tag = try TermTag(cell: cells.count > 4 ? String(cells[4]) : "", concept: concept)
            } catch {
                throw fail(error.problem)
            }
            entries.append(Entry(concept: concept, term: term, languages: languages, note: note, tag: tag))
        }
        let known = Set(entries.map(\.concept))
        for (contrast, line) in contrasts {
            for name in [contrast.first, contrast.second] where !known.contains(name) {
                throw TableFileError(
                    location: SourceLocation(file: file, line: line),
                    problem: "unknown concept '\(name)' in #contrast (no term of the lexicon has it)")
            }
            if contrast.first == contrast.second {
                throw TableFileError(
                    location: SourceLocation(file: file, line: line),
                    problem: "#contrast needs two different concepts, got '\(contrast.first)' twice")
            }
        }
        self.init(entries: entries, contrasts: contrasts.map(\.0))
    }

    /// Why a concept name cannot be used, or `nil`: names appear in column names such as `lex:name@quoted`,
    /// `lex:rate:name` and `contrast:a/b`, so they must be non-empty and free of `@`, `/`, `:` and whitespace.
    static func conceptProblem(_ name: String) -> String? {
        if name.isEmpty { return "empty concept name" }
        if name.contains(where: { $0 == "@" || $0 == "/" || $0 == ":" || $0.isWhitespace }) {
            return "concept name '\(name)' must not contain '@', '/', ':' or spaces"
        }
        return nil
    }

    /// The languages a `lang` cell names, or `nil` when it is unknown.
    static func languages(_ code: String) -> [Language]? {
        let lowered = code.lowercased()
        switch lowered {
        case "", "*": return []
        case "zh": return [.zhHans, .zhHant]
        default: return Language.allCases.first { $0.rawValue.lowercased() == lowered }.map { [$0] }
        }
    }
}
