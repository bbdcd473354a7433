/// Why a span of a document was removed before measurement.
///
/// A string-backed value rather than a closed enum, so that rules added later (the corpus-level boilerplate rule
/// among them) can name their own reasons with the same span and log types. The raw value is what `stance clean
/// --log` writes and what the per-rule switches are called.
public struct CleaningReason: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// A paragraph (line) that repeats an earlier one of the same document, or the second copy of a document that
    /// is its own text twice; the first occurrence is kept.
    public static let repeatedParagraph = CleaningReason("repeated_paragraph")
    /// What follows a continuation marker ("Read more", 延伸閱讀, "Tin liên quan") when it reads as other items:
    /// a run of headlines, a new dateline, or vocabulary unlike the body's. The marker line goes with it.
    public static let appendedMaterial = CleaningReason("appended_material")
    /// A run of short headline-like lines (navigation, sidebars, "most read" lists).
    public static let navigationRun = CleaningReason("navigation_run")
    /// A line made only of interface strings: player controls, share buttons, subscription prompts, time codes.
    public static let interfaceString = CleaningReason("interface_string")

    /// A line recurring across the documents of one source (a corpus rule, ``SourceBoilerplate``).
    public static let boilerplate = CleaningReason("boilerplate")
    /// A recurring line that holds a lexicon hit: reported, and kept unless asked (formulaic official phrasing is
    /// signal, not clutter).
    public static let boilerplateLexicon = CleaningReason("boilerplate_lexicon")
    /// A whole document dropped as a near-duplicate of another (`stance clean --dedupe near`).
    public static let nearDuplicate = CleaningReason("near_duplicate")

    /// The per-document reasons, in the order `--dry-run` lists them.
    public static let perDocument: [CleaningReason] = [
        .repeatedParagraph, .appendedMaterial, .navigationRun, .interfaceString,
    ]
}

/// One removed span of a document: the reason and its place in the input text, in Unicode scalars, 0-based and
/// half-open (`start..<end`).
public struct Removal: Hashable, Sendable {
    public var reason: CleaningReason
    public var start: Int
    public var end: Int

    public init(reason: CleaningReason, start: Int, end: Int) {
        self.reason = reason
        self.start = start
        self.end = end
    }

    /// The removed text, in the original script, cut from the text the offsets refer to.
    public func text(in original: String) -> String {
        let scalars = original.unicodeScalars
        let from = scalars.index(scalars.startIndex, offsetBy: start)
        let to = scalars.index(from, offsetBy: end - start)
        return String(scalars[from..<to])
    }
}

/// A document after cleaning: the kept text and what was removed, in the input's order.
///
/// Invariant: cutting every removal's span out of the input gives `text`, and the removals and the kept pieces,
/// interleaved in order, give the input back character for character.
public struct CleanedText: Hashable, Sendable {
    public var text: String
    public var removals: [Removal]

    public init(text: String, removals: [Removal]) {
        self.text = text
        self.removals = removals
    }
}
