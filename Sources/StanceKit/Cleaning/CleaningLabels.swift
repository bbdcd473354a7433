import Foundation

/// The user-extendable lists the per-document rules match whole lines against: continuation markers
/// (`labels/cleaning/continuation-markers.tsv`) and interface strings (`labels/cleaning/interface-strings.tsv`).
///
/// Both files are tab-separated, `string<TAB>lang<TAB>note`, with `#` comments and blank lines skipped and an
/// optional header whose first cell is `marker` or `string`. `lang` (`zh-Hans`, `zh-Hant`, `en`, `vi`, or empty) is
/// documentation: every entry is looked for in every document. Entries are stored folded (``fold(_:)``), so
/// `Read more`, `READ MORE:` and `read  more »` are one entry, and so are `你或有興趣的文章` and `你 或 有 興 趣 的 文 章`.
public struct CleaningLabels: Sendable, Hashable {
    public var markers: [String]
    public var interfaceStrings: [String]

    public init(markers: [String], interfaceStrings: [String]) {
        self.markers = markers
        self.interfaceStrings = interfaceStrings
    }

    /// The file names inside a labels directory.
    public static let markerFile = "continuation-markers.tsv"
    public static let interfaceFile = "interface-strings.tsv"

    /// Reads `continuation-markers.tsv` and `interface-strings.tsv` from `directory`.
    ///
    /// - Throws: ``CorpusError/fileNotFound(path:)`` (66) for a missing file, ``IOFailure`` (74) for an unreadable
    ///   one, ``TableFileError`` (65) naming `file:line` for a malformed line.
    public init(directory: String) throws {
        let base = URL(fileURLWithPath: directory)
        self.init(
            markers: try Self.readList(base.appendingPathComponent(Self.markerFile).path),
            interfaceStrings: try Self.readList(base.appendingPathComponent(Self.interfaceFile).path))
    }

    /// The folder of the cleaning lists: `explicit` (`--cleaning-labels`), else the shipped lists of `installation`,
    /// else `labels/cleaning` under the current directory.
    ///
    /// - Throws: ``UsageError`` (exit 64) when none holds the marker list.
    public static func directory(explicit: String?, installation: Installation = .current) throws -> String {
        if let explicit { return explicit }
        let candidates = [
            installation.cleaningLabelsDirectory, FileManager.default.currentDirectoryPath + "/labels/cleaning",
        ].compactMap { $0 }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + markerFile) }) {
            return found
        }
        throw UsageError(
            "no cleaning labels: pass --cleaning-labels DIR (a folder with \(markerFile) and \(interfaceFile), as "
                + "labels/cleaning of the project)")
    }

    /// The folded entries of one list file.
    public static func readList(_ path: String) throws -> [String] {
        try parseList(try InputFile.readText(path, what: "the cleaning list"), file: path)
    }

    /// The `lang` cells a list accepts (compared in lower case): the lexicon's language codes.
    static let languageCodes: Set<String> = ["", "*", "zh", "zh-hans", "zh-hant", "en", "vi", "other"]

    /// Parses the text of a list file.
    public static func parseList(_ text: String, file: String) throws(TableFileError) -> [String] {
        var entries: [String] = []
        var seen: Set<String> = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            let first = cells[0].trimmingCharacters(in: .whitespaces)
            if entries.isEmpty && seen.isEmpty && (first == "marker" || first == "string") { continue }
            guard cells.count <= 3 else {
                throw TableFileError(
                    location: SourceLocation(file: file, line: lineNumber),
                    problem: "expected 1 to 3 tab-separated columns (string, lang, note), found \(cells.count)")
            }
            if cells.count > 1 {
                let code = cells[1].trimmingCharacters(in: .whitespaces)
                if !Self.languageCodes.contains(code.lowercased()) {
                    throw TableFileError(
                        location: SourceLocation(file: file, line: lineNumber),
                        problem: "unknown language '\(code)' (expected zh, zh-Hans, zh-Hant, en, vi, other or empty)")
                }
            }
            let folded = fold(first)
            guard !folded.isEmpty else {
                throw TableFileError(
                    location: SourceLocation(file: file, line: lineNumber),
                    problem: "'\(first)' is empty once spaces and edge punctuation are removed")
            }
            if seen.insert(folded).inserted { entries.append(folded) }
        }
        return entries
    }

    /// The form lines and entries are compared in: NFKC, lower case, no white space, and no bullets, arrows or
    /// colons at either end.
    ///
    /// Lines made only of scalars whose NFKC form is known without Foundation (``quickFold(_:)``) skip its
    /// normalisation, which costs microseconds a call: the result is the same.
    public static func fold(_ text: some StringProtocol) -> String {
        if let folded = quickFold(text.unicodeScalars) { return folded }
        return slowFold(text)
    }

    /// ``fold(_:)`` through Foundation's NFKC for every text (the reference the quick path is tested against).
    static func slowFold(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in String(text).precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars
        where !scalar.properties.isWhitespace && scalar != "\u{200B}" && scalar != "\u{FEFF}" {
            scalars.append(scalar)
        }
        var result = Substring.UnicodeScalarView(scalars)
        while let first = result.first, edgeMarks.contains(first) { result.removeFirst() }
        while let last = result.last, edgeMarks.contains(last) { result.removeLast() }
        return String(result)
    }

    static let edgeMarks: Set<Unicode.Scalar> = [
        ":", "：", "»", "«", ">", "<", "›", "‹", "|", "-", "–", "—", "•", "·", "*", "►", "▶", "▸", "→", "…",
        "【", "】", "[", "]", "(", ")", "（", "）", "#", "+",
    ]
}
