/// What cleaning removed from a corpus, by reason and source: what `stance clean --dry-run` prints.
public struct CleaningReport: Sendable {
    /// Counts for one reason and one source.
    public struct Row: Sendable, Equatable {
        public var documents = 0
        public var spans = 0
        public var scalars = 0
    }

    public private(set) var documentCount = 0
    public private(set) var changedDocuments = 0
    public private(set) var inputScalars = 0
    /// Rows by reason and source (`(none)` for documents without a source).
    public private(set) var rows: [CleaningReason: [String: Row]] = [:]

    public init() {}

    /// Adds one document's removals.
    /// Recurring lines with a lexicon hit that were kept (``CorpusCleaner/Cleaned/flagged``), by source.
    public private(set) var keptLexiconLines: [String: Row] = [:]

    /// Adds one document's removals, and the recurring lexicon lines it keeps.
    public mutating func add(_ document: Document, cleaned: CleanedText, flagged: [Removal]) {
        add(document, cleaned: cleaned)
        guard !flagged.isEmpty else { return }
        var row = keptLexiconLines[document.source ?? "(none)", default: Row()]
        row.documents += 1
        row.spans += flagged.count
        row.scalars += flagged.reduce(0) { $0 + $1.end - $1.start }
        keptLexiconLines[document.source ?? "(none)"] = row
    }

    public mutating func add(_ document: Document, cleaned: CleanedText) {
        documentCount += 1
        inputScalars += document.text.unicodeScalars.count
        if !cleaned.removals.isEmpty { changedDocuments += 1 }
        let source = document.source ?? "(none)"
        var reasonsSeen: Set<CleaningReason> = []
        for removal in cleaned.removals {
            var row = rows[removal.reason, default: [:]][source, default: Row()]
            row.spans += 1
            row.scalars += removal.end - removal.start
            if reasonsSeen.insert(removal.reason).inserted { row.documents += 1 }
            rows[removal.reason, default: [:]][source] = row
        }
    }

    /// A plain-text table: one block per reason (in ``CleaningReason/perDocument`` order, then others by name),
    /// sources by removed scalars, most first.
    public func table() -> String {
        var lines = [
            "documents: \(documentCount), changed: \(changedDocuments) (\(Self.percent(changedDocuments, documentCount)))",
            "",
        ]
        let known = CleaningReason.perDocument.filter { rows[$0] != nil }
        let others = rows.keys.filter { !CleaningReason.perDocument.contains($0) }.sorted {
            utf8Precedes($0.rawValue, $1.rawValue)
        }
        let sourceWidth = max(
            6, rows.values.flatMap(\.keys).map(\.unicodeScalars.count).max() ?? 0)
        for reason in known + others {
            let bySource = rows[reason]!
            let total = bySource.values.reduce(Row()) {
                Row(
                    documents: $0.documents + $1.documents, spans: $0.spans + $1.spans, scalars: $0.scalars + $1.scalars
                )
            }
            lines.append(
                "\(reason.rawValue): \(total.spans) spans in \(total.documents) documents, \(total.scalars) characters "
                    + "(\(Self.percent(total.scalars, inputScalars)) of the input)")
            lines.append(
                "  " + Self.pad("source", sourceWidth) + "  documents  spans  characters")
            let sorted = bySource.sorted {
                $0.value.scalars != $1.value.scalars
                    ? $0.value.scalars > $1.value.scalars : utf8Precedes($0.key, $1.key)
            }
            for (source, row) in sorted {
                lines.append(
                    "  " + Self.pad(source, sourceWidth) + "  " + Self.left(row.documents, 9) + "  "
                        + Self.left(row.spans, 5) + "  " + Self.left(row.scalars, 10))
            }
            lines.append("")
        }
        if !keptLexiconLines.isEmpty {
            let total = keptLexiconLines.values.reduce(Row()) {
                Row(
                    documents: $0.documents + $1.documents, spans: $0.spans + $1.spans, scalars: $0.scalars + $1.scalars
                )
            }
            lines.append(
                "\(CleaningReason.boilerplateLexicon.rawValue) (kept): \(total.spans) recurring lines with a lexicon hit "
                    + "in \(total.documents) documents")
            lines.append("")
        }
        if rows.isEmpty { lines.append("nothing to remove") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        let value = 100 * Double(part) / Double(whole)
        return value >= 10 || value == 0 ? "\(Int(value.rounded()))%" : "\((value * 10).rounded() / 10)%"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.unicodeScalars.count))
    }

    static func left(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

extension Document {
    /// This document with its text cleaned by `cleaner`.
    public func cleaned(by cleaner: DocumentCleaner) -> Document {
        var document = self
        document.text = cleaner.clean(text).text
        return document
    }
}

/// `documents` with their texts cleaned by `cleaner`, over `threads` threads (the result does not depend on them).
public func cleanDocuments(_ documents: [Document], cleaner: DocumentCleaner?, threads: ThreadBudget) -> [Document] {
    guard let cleaner, cleaner.settings.isActive else { return documents }
    return parallelMap(count: documents.count, threads: threads) { documents[$0].cleaned(by: cleaner) }
}
