import Foundation

/// What ``DocumentCleaner`` removes: which rules run, their thresholds, and the marker and interface-string lists.
///
/// Stored in a model file (format version 2 and later), so that `stance score` cleans new texts exactly as the
/// training texts were cleaned, whatever the label files say on the scoring machine.
public struct CleaningSettings: Codable, Hashable, Sendable {
    /// The rules that run, by their reason.
    public var rules: Set<CleaningReason>
    /// The longest line, in Unicode scalars, that counts as headline-like in a run (Latin-script lines).
    public var headlineMaxLength: Int
    /// The longest line, in Unicode scalars, that counts as headline-like when Han characters are the majority of
    /// its letters (a Chinese headline packs more into a character).
    public var hanHeadlineMaxLength: Int
    /// The least letters of a repeated line removed wherever it recurs (shorter ones only next to their copy).
    public var repeatedParagraphLetters: Int
    /// The fewest headline-like lines that make a navigation run.
    public var minimumRunLines: Int
    /// The least median length of a navigation run's lines, in Han characters (a Latin letter counts half): verse
    /// and short labels are not headlines.
    public var minimumRunMedianLength: Int
    /// After a marker, the appended part is other material when at most this share of its distinct terms (Han
    /// character pairs, Latin words) occur in the body before the marker.
    public var maximumSharedVocabulary: Double
    /// Continuation markers, folded (``CleaningLabels/fold(_:)``).
    public var markers: [String]
    /// Interface strings, folded.
    public var interfaceStrings: [String]
    /// Which refinements of the rules apply: 1 is the rules as first shipped (models written before the field
    /// existed carry no revision and clean as they did), 2 (``currentRevision``) adds: a sentence end may be followed
    /// by up to four closing quotes and spaces (`. ''`); a related-links list followed by more text cuts that text
    /// only after a dateline or in the second half of the document; a `name：value` line with five Han characters
    /// or more before the colon is a headline; a menu at the top keeps its last line when it titles the body; text
    /// next to a run is written short only with two short lines (with letters) in a row; and a run stays when three
    /// quarters of its Han lines end in the same character, when half its rows open with a year, or when the body
    /// introduces it with a colon without naming other articles. (The median run length default fell from 12 to
    /// 10 at the same time; settings that stored 12 keep it.)
    public var revision: Int

    /// The revision that new settings get.
    public static let currentRevision = 2

    public init(
        rules: Set<CleaningReason> = Set(CleaningReason.perDocument), headlineMaxLength: Int = 110,
        hanHeadlineMaxLength: Int = 40, repeatedParagraphLetters: Int = 25, minimumRunLines: Int = 4,
        minimumRunMedianLength: Int = 10,
        maximumSharedVocabulary: Double = 0.35,
        markers: [String] = [], interfaceStrings: [String] = [], revision: Int = CleaningSettings.currentRevision
    ) {
        self.revision = revision
        self.rules = rules
        self.headlineMaxLength = headlineMaxLength
        self.hanHeadlineMaxLength = hanHeadlineMaxLength
        self.minimumRunLines = minimumRunLines
        self.repeatedParagraphLetters = repeatedParagraphLetters
        self.minimumRunMedianLength = minimumRunMedianLength
        self.maximumSharedVocabulary = maximumSharedVocabulary
        self.markers = markers
        self.interfaceStrings = interfaceStrings
    }

    /// Settings with the marker and interface lists of `labels` and every per-document rule on.
    public init(labels: CleaningLabels) {
        self.init(markers: labels.markers, interfaceStrings: labels.interfaceStrings)
    }

    /// Whether any rule runs.
    public var isActive: Bool { !rules.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case rules, headlineMaxLength, hanHeadlineMaxLength, repeatedParagraphLetters, minimumRunLines
        case minimumRunMedianLength
        case maximumSharedVocabulary, markers
        case interfaceStrings, revision
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = CleaningSettings()
        rules = Set(try container.decode([CleaningReason].self, forKey: .rules))
        headlineMaxLength =
            try container.decodeIfPresent(Int.self, forKey: .headlineMaxLength) ?? defaults.headlineMaxLength
        hanHeadlineMaxLength =
            try container.decodeIfPresent(Int.self, forKey: .hanHeadlineMaxLength) ?? defaults.hanHeadlineMaxLength
        minimumRunLines =
            try container.decodeIfPresent(Int.self, forKey: .minimumRunLines) ?? defaults.minimumRunLines
        repeatedParagraphLetters =
            try container.decodeIfPresent(Int.self, forKey: .repeatedParagraphLetters)
            ?? defaults.repeatedParagraphLetters
        // Settings written before this field existed used 12 (the default until revision 2).
        minimumRunMedianLength =
            try container.decodeIfPresent(Int.self, forKey: .minimumRunMedianLength) ?? 12
        maximumSharedVocabulary =
            try container.decodeIfPresent(Double.self, forKey: .maximumSharedVocabulary)
            ?? defaults.maximumSharedVocabulary
        markers = try container.decodeIfPresent([String].self, forKey: .markers) ?? []
        interfaceStrings = try container.decodeIfPresent([String].self, forKey: .interfaceStrings) ?? []
        // Settings written before revisions existed clean with the first rules.
        revision = try container.decodeIfPresent(Int.self, forKey: .revision) ?? 1
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Sorted, so that the same settings always give the same model bytes.
        try container.encode(rules.map(\.rawValue).sorted(by: utf8Precedes), forKey: .rules)
        try container.encode(headlineMaxLength, forKey: .headlineMaxLength)
        try container.encode(hanHeadlineMaxLength, forKey: .hanHeadlineMaxLength)
        try container.encode(minimumRunLines, forKey: .minimumRunLines)
        try container.encode(repeatedParagraphLetters, forKey: .repeatedParagraphLetters)
        try container.encode(minimumRunMedianLength, forKey: .minimumRunMedianLength)
        try container.encode(maximumSharedVocabulary, forKey: .maximumSharedVocabulary)
        try container.encode(markers, forKey: .markers)
        try container.encode(interfaceStrings, forKey: .interfaceStrings)
        // Revision 1 is written as before (no key), so that an old model written again keeps its bytes.
        if revision != 1 { try container.encode(revision, forKey: .revision) }
    }

    /// The settings as JSON, for `stance inspect` and reports.
    public var json: JSON {
        .object([
            ("rules", .array(rules.map(\.rawValue).sorted(by: utf8Precedes).map(JSON.string))),
            ("headline_max_length", .int(headlineMaxLength)),
            ("han_headline_max_length", .int(hanHeadlineMaxLength)),
            ("repeated_paragraph_letters", .int(repeatedParagraphLetters)),
            ("minimum_run_lines", .int(minimumRunLines)),
            ("minimum_run_median_length", .int(minimumRunMedianLength)),
            ("maximum_shared_vocabulary", .double(maximumSharedVocabulary)),
            ("markers", .int(markers.count)),
            ("interface_strings", .int(interfaceStrings.count)),
            ("revision", .int(revision)),
        ])
    }
}
