/// What a researcher checks about a corpus before any modelling: sizes, label balance, sources, targets, scripts
/// and languages, text lengths, exact duplicates and skipped records. Built one document at a time, keeping only
/// counts, lengths and fingerprints, never the texts.
public struct CorpusSummary: Sendable {
    public private(set) var documentCount = 0
    public private(set) var labels = ValueCounts()
    public private(set) var sources = ValueCounts()
    public private(set) var targets = ValueCounts()
    public private(set) var scripts = ValueCounts()
    public private(set) var languages = ValueCounts()
    /// Letters per language over every document, paragraph by paragraph (``LanguageShares``).
    public private(set) var languageShares = LanguageShares()
    /// Documents with less than 90% of their letters in their majority language.
    public private(set) var mixedLanguageDocuments = 0
    /// Text lengths in Unicode scalars (a Han character counts one, as does a Latin letter).
    private var lengths: [Int32] = []
    private var firstIdByText: [TextFingerprint: String] = [:]
    private var duplicateIds: [TextFingerprint: [String]] = [:]
    public var skipped: [(reason: String, count: Int)] = []

    /// Counts of the values of one field; documents without the field are counted as missing.
    public struct ValueCounts: Sendable, Equatable {
        public private(set) var counts: [String: Int] = [:]
        public private(set) var missing = 0

        mutating func add(_ value: String?) {
            if let value {
                counts[value, default: 0] += 1
            } else {
                missing += 1
            }
        }

        /// Values by count, most frequent first, ties in code-point order.
        public var sorted: [(value: String, count: Int)] {
            counts.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : codePointPrecedes($0.0, $1.0) }
        }
    }

    /// A group of documents whose texts are identical after white-space folding.
    public struct DuplicateGroup: Sendable, Equatable {
        public var ids: [String]
    }

    public init() {}

    /// Adds one document; `language` is its identified language when known.
    public mutating func add(_ document: Document, language: Language? = nil) {
        documentCount += 1
        labels.add(document.label)
        sources.add(document.source)
        targets.add(document.target)
        scripts.add(ScriptClass(of: document.text).rawValue)
        if let language {
            languages.add(language.rawValue)
            let shares = LanguageShares(of: document.text, language: language)
            languageShares.add(shares)
            if shares.isMixed { mixedLanguageDocuments += 1 }
        }
        lengths.append(Int32(clamping: document.text.unicodeScalars.count))
        let fingerprint = TextFingerprint(document.text)
        if let first = firstIdByText[fingerprint] {
            duplicateIds[fingerprint, default: [first]].append(document.id)
        } else {
            firstIdByText[fingerprint] = document.id
        }
    }

    /// Duplicate groups, largest first, then by first id.
    public var duplicates: [DuplicateGroup] {
        duplicateIds.values.map { DuplicateGroup(ids: $0) }.sorted {
            $0.ids.count != $1.ids.count ? $0.ids.count > $1.ids.count : $0.ids[0] < $1.ids[0]
        }
    }

    /// How many documents repeat an earlier document's text.
    public var redundantDocumentCount: Int { duplicateIds.values.reduce(0) { $0 + $1.count - 1 } }

    /// Quantiles of text length (Unicode scalars) at the probabilities 0, .1, .25, .5, .75, .9, .99, 1, by the
    /// nearest-rank method (the smallest length with at least that share of documents at or below it).
    public var lengthQuantiles: [(probability: Double, length: Int)] {
        let sortedLengths = lengths.sorted()
        guard !sortedLengths.isEmpty else { return [] }
        return [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1].map { p in
            let rank = max(1, Int((p * Double(sortedLengths.count)).rounded(.up)))
            return (p, Int(sortedLengths[min(rank, sortedLengths.count) - 1]))
        }
    }

    /// The summary as a JSON object.
    public var json: JSON {
        func counts(_ values: ValueCounts) -> JSON {
            .object([
                ("counts", .object(values.sorted.map { ($0.value, JSON.int($0.count)) })),
                ("missing", .int(values.missing)),
            ])
        }
        var members: [(String, JSON)] = [
            ("documents", .int(documentCount)),
            ("labels", counts(labels)),
            ("sources", counts(sources)),
            ("targets", counts(targets)),
            ("scripts", counts(scripts)),
        ]
        if !languages.counts.isEmpty {
            members.append(("languages", counts(languages)))
            members.append(("lang_shares", languageShares.json))
            members.append(("mixed_language_documents", .int(mixedLanguageDocuments)))
        }
        members += [
            (
                "length_quantiles",
                .object(lengthQuantiles.map { (String(format3($0.probability)), JSON.int($0.length)) })
            ),
            (
                "duplicates",
                .object([
                    ("groups", .int(duplicateIds.count)),
                    ("redundant_documents", .int(redundantDocumentCount)),
                    ("ids", .array(duplicates.map { .array($0.ids.map(JSON.string)) })),
                ])
            ),
            ("skipped", .object(skipped.map { ($0.reason, JSON.int($0.count)) })),
        ]
        return .object(members)
    }

    /// The summary as a readable table.
    public func table(maximumRows: Int = 20) -> String {
        var lines: [String] = []
        lines.append("documents: \(documentCount)")
        func section(_ title: String, _ values: ValueCounts) {
            lines.append("")
            let distinct = values.counts.count
            lines.append("\(title) (\(distinct) distinct\(values.missing > 0 ? ", \(values.missing) missing" : "")):")
            let rows = values.sorted
            let width = rows.prefix(maximumRows).map { $0.value.unicodeScalars.count }.max() ?? 0
            for row in rows.prefix(maximumRows) {
                let share = Double(row.count) / Double(max(documentCount, 1)) * 100
                let pad = String(repeating: " ", count: max(0, width - row.value.unicodeScalars.count))
                lines.append("  \(row.value)\(pad)  \(row.count)  (\(format1(share))%)")
            }
            if rows.count > maximumRows { lines.append("  ... \(rows.count - maximumRows) more") }
        }
        section("labels", labels)
        section("sources", sources)
        section("targets", targets)
        section("scripts", scripts)
        if !languages.counts.isEmpty {
            section("languages", languages)
            lines.append(
                "  letters by language: "
                    + languageShares.shares.map { "\($0.language.rawValue) \(format1($0.share * 100))%" }
                    .joined(separator: ", ")
                    + "; mixed-language documents (under 90% in one language): \(mixedLanguageDocuments)")
        }
        lines.append("")
        lines.append(
            "text length (Unicode scalars): "
                + lengthQuantiles.map {
                    "\($0.probability == 0 ? "min" : $0.probability == 1 ? "max" : "p\(Int(($0.probability * 100).rounded()))") \($0.length)"
                }
                .joined(separator: ", "))
        lines.append("")
        let groups = duplicates
        lines.append("exact duplicate texts: \(groups.count) groups, \(redundantDocumentCount) redundant documents")
        for group in groups.prefix(maximumRows) {
            let shown = group.ids.prefix(8).joined(separator: ", ")
            lines.append("  \(group.ids.count)×: \(shown)\(group.ids.count > 8 ? ", ..." : "")")
        }
        if groups.count > maximumRows { lines.append("  ... \(groups.count - maximumRows) more groups") }
        if !skipped.isEmpty {
            lines.append("")
            lines.append("skipped records:")
            for entry in skipped { lines.append("  \(entry.reason): \(entry.count)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `value` with one decimal.
func format1(_ value: Double) -> String { formatFixed(value, digits: 1) }
/// `value` with up to three decimals, trailing zeros removed.
func format3(_ value: Double) -> String {
    var text = formatFixed(value, digits: 3)
    while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
    return text
}
