/// A span of a document's text found by a corpus-level cleaning rule.
///
/// Offsets count Unicode scalars of the input text, 0-based and half-open. A span covers one line and its line
/// terminator (`\n` or `\r\n`) when it has one, so that cutting every removed span out of the text leaves the other
/// lines as they were.
public struct BoilerplateSpan: Equatable, Hashable, Sendable {
    public var start: Int
    public var end: Int
    /// `boilerplate`, or `boilerplate_lexicon` for a recurring line that holds a lexicon hit.
    public var reason: String
    /// Whether the span is cut from the text: `boilerplate_lexicon` spans are reported but kept unless asked.
    public var removed: Bool

    public init(start: Int, end: Int, reason: String, removed: Bool) {
        self.start = start
        self.end = end
        self.reason = reason
        self.removed = removed
    }

    /// The reason of a recurring line without a lexicon hit.
    public static let boilerplate = "boilerplate"
    /// The reason of a recurring line holding a lexicon hit (formulaic official phrasing is signal, not clutter).
    public static let boilerplateLexicon = "boilerplate_lexicon"
}

/// The settings of the source-boilerplate rule.
public struct SourceBoilerplateSettings: Hashable, Sendable {
    /// A line recurs when it is found in at least this many documents of its source...
    public var minimumDocuments = 3
    /// ... and in at least this share of the source's documents.
    public var minimumShare = 0.2
    /// Only lines among the first and the last `edgeLines` non-blank lines of a document are considered.
    public var edgeLines = 8
    /// Only lines of at most this many Unicode scalars (white space trimmed) are considered.
    public var maximumLineLength = 100
    /// Also cut recurring lines that hold a lexicon hit (they are reported as `boilerplate_lexicon` either way).
    public var removeLexiconLines = false

    public init() {}

    /// - Throws: ``SourceBoilerplateError/invalidSettings(_:)``.
    public func validate() throws {
        if minimumDocuments < 2 {
            throw SourceBoilerplateError.invalidSettings("a line must recur in at least 2 documents")
        }
        if !(minimumShare >= 0 && minimumShare <= 1) {
            throw SourceBoilerplateError.invalidSettings("the share of documents must be in [0, 1]")
        }
        if edgeLines < 1 { throw SourceBoilerplateError.invalidSettings("the edge must hold at least 1 line") }
        if maximumLineLength < 1 {
            throw SourceBoilerplateError.invalidSettings("the longest line must be at least 1 scalar")
        }
    }
}

/// An error of the source-boilerplate rule.
public enum SourceBoilerplateError: StanceFailure, Equatable {
    /// Settings that cannot work (exit status 64).
    case invalidSettings(String)

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .invalidSettings(let message): "boilerplate settings: \(message)"
        }
    }
}

/// Finds boilerplate lines: short lines near the start or the end of documents that recur across the documents of
/// one source (mastheads, bylines, subscription prompts, copyright notes).
///
/// A line is a *candidate* when it is among the first or last ``SourceBoilerplateSettings/edgeLines`` non-blank
/// lines of its document and at most ``SourceBoilerplateSettings/maximumLineLength`` scalars long. Lines are
/// compared after trimming and folding runs of white space into one space. Within each source, a candidate line
/// *recurs* when at least `minimumDocuments` documents and at least `minimumShare` of the source's documents hold
/// it as a candidate (a document counts once however often it holds the line). Every candidate occurrence of a
/// recurring line becomes a span; when `containsLexiconHit` says the line holds a lexicon term, the span gets the
/// reason `boilerplate_lexicon` and is kept unless ``SourceBoilerplateSettings/removeLexiconLines``. Documents
/// without a source are left alone: nothing says which other documents share their template.
///
/// Lines are split per document in parallel and counted in document order, so the spans are the same at any thread
/// count.
public struct SourceBoilerplate: Sendable {
    public var settings: SourceBoilerplateSettings
    /// Whether a line (its text, trimmed) holds a lexicon hit; `nil` when no lexicon is used.
    public var containsLexiconHit: (@Sendable (String) -> Bool)?

    /// - Throws: ``SourceBoilerplateError/invalidSettings(_:)``.
    public init(
        settings: SourceBoilerplateSettings = SourceBoilerplateSettings(),
        containsLexiconHit: (@Sendable (String) -> Bool)? = nil
    ) throws {
        try settings.validate()
        self.settings = settings
        self.containsLexiconHit = containsLexiconHit
    }

    /// The boilerplate spans of every document, in text order.
    ///
    /// - Parameters:
    ///   - texts: the documents' texts.
    ///   - sources: the source of each document (`nil` for none).
    ///   - threads: worker threads.
    public func spans(texts: [String], sources: [String?], threads: ThreadBudget = .single) -> [[BoilerplateSpan]] {
        precondition(texts.count == sources.count, "one source per text")
        let settings = self.settings
        let candidates = parallelMap(count: texts.count, threads: threads) { index -> [EdgeLine] in
            sources[index] == nil ? [] : edgeLines(of: texts[index], settings: settings)
        }
        // Per source: documents, and documents holding each candidate line.
        var documentsPerSource: [String: Int] = [:]
        var holders: [String: [String: Int]] = [:]
        for (index, source) in sources.enumerated() {
            guard let source else { continue }
            documentsPerSource[source, default: 0] += 1
            var seen: Set<String> = []
            for line in candidates[index] where seen.insert(line.key).inserted {
                holders[source, default: [:]][line.key, default: 0] += 1
            }
        }
        var recurring: [String: Set<String>] = [:]
        for (source, counts) in holders {
            let documents = Double(documentsPerSource[source]!)
            for (key, count) in counts
            where count >= settings.minimumDocuments && Double(count) >= settings.minimumShare * documents {
                recurring[source, default: []].insert(key)
            }
        }
        var lexiconVerdicts: [String: Bool] = [:]
        for key in recurring.values.flatMap({ $0 }).sorted() {
            lexiconVerdicts[key] = containsLexiconHit?(key) ?? false
        }
        return texts.indices.map { index in
            guard let source = sources[index], let lines = recurring[source] else { return [] }
            return candidates[index].compactMap { line in
                guard lines.contains(line.key) else { return nil }
                let lexicon = lexiconVerdicts[line.key]!
                return BoilerplateSpan(
                    start: line.start, end: line.end,
                    reason: lexicon ? BoilerplateSpan.boilerplateLexicon : BoilerplateSpan.boilerplate,
                    removed: !lexicon || settings.removeLexiconLines)
            }
        }
    }

    /// `text` without its removed spans.
    public static func apply(_ spans: [BoilerplateSpan], to text: String) -> String {
        let removed = spans.filter(\.removed).sorted { $0.start < $1.start }
        guard !removed.isEmpty else { return text }
        var result = String.UnicodeScalarView()
        var next = 0
        var position = 0
        for scalar in text.unicodeScalars {
            while next < removed.count && position >= removed[next].end { next += 1 }
            if next >= removed.count || position < removed[next].start { result.append(scalar) }
            position += 1
        }
        return String(result)
    }
}

/// A candidate line of a document: its span (with its terminator) and its comparison key.
struct EdgeLine: Sendable {
    var start: Int
    var end: Int
    var key: String
}

/// The lines among the first and last `settings.edgeLines` non-blank lines of `text` that are short enough.
func edgeLines(of text: String, settings: SourceBoilerplateSettings) -> [EdgeLine] {
    // Every line: start, end of its content, end with its terminator, in Unicode scalars.
    var lines: [(start: Int, contentEnd: Int, end: Int)] = []
    var lineStart = 0
    var position = 0
    var previousCR = false
    for scalar in text.unicodeScalars {
        position += 1
        if scalar == "\n" {
            lines.append((lineStart, position - 1 - (previousCR ? 1 : 0), position))
            lineStart = position
        }
        previousCR = scalar == "\r"
    }
    if lineStart < position { lines.append((lineStart, position, position)) }

    let scalars = Array(text.unicodeScalars)
    var keyed: [(line: Int, key: String)] = []
    for (index, line) in lines.enumerated() {
        var key = String.UnicodeScalarView()
        var pendingSpace = false
        var length = 0
        for offset in line.start..<line.contentEnd {
            let scalar = scalars[offset]
            if scalar.isWhitespaceFast {
                pendingSpace = !key.isEmpty
                continue
            }
            if pendingSpace {
                key.append(" ")
                length += 1
                pendingSpace = false
            }
            key.append(scalar)
            length += 1
        }
        if length > 0 && length <= settings.maximumLineLength { keyed.append((index, String(key))) }
        if length > 0 && length > settings.maximumLineLength { keyed.append((index, "")) }
    }
    // `keyed` holds every non-blank line (long ones with an empty key); keep the short ones at either edge.
    let edge = settings.edgeLines
    var result: [EdgeLine] = []
    for (rank, entry) in keyed.enumerated() where (rank < edge || rank >= keyed.count - edge) && !entry.key.isEmpty {
        let line = lines[entry.line]
        result.append(EdgeLine(start: line.start, end: line.end, key: entry.key))
    }
    return result
}
