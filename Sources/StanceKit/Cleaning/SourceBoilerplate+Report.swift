extension SourceBoilerplate {
    /// One JSON object per span, for a removal log: `id`, `reason`, the span's text in the original script,
    /// `start` and `end` (Unicode scalars, 0-based, half-open, in the input text) and whether it is `removed`.
    public static func logLines(spans: [[BoilerplateSpan]], texts: [String], ids: [String]) -> [JSON] {
        var lines: [JSON] = []
        for (index, documentSpans) in spans.enumerated() where !documentSpans.isEmpty {
            let scalars = Array(texts[index].unicodeScalars)
            for span in documentSpans {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[span.start..<span.end])
                lines.append(
                    .object([
                        ("id", .string(ids[index])), ("reason", .string(span.reason)), ("text", .string(String(text))),
                        ("start", .int(span.start)), ("end", .int(span.end)), ("removed", .bool(span.removed)),
                    ]))
            }
        }
        return lines
    }

    /// Spans per reason and how many documents hold any, as JSON: `{"boilerplate": n, "boilerplate_lexicon": m,
    /// "documents": d}`.
    public static func counts(spans: [[BoilerplateSpan]]) -> JSON {
        let all = spans.joined()
        return .object([
            (BoilerplateSpan.boilerplate, .int(all.filter { $0.reason == BoilerplateSpan.boilerplate }.count)),
            (
                BoilerplateSpan.boilerplateLexicon,
                .int(all.filter { $0.reason == BoilerplateSpan.boilerplateLexicon }.count)
            ),
            ("documents", .int(spans.filter { !$0.isEmpty }.count)),
        ])
    }

    /// A readable summary: spans per reason, and per source the documents touched and the most frequent lines.
    public static func table(
        spans: [[BoilerplateSpan]], texts: [String], sources: [String?], settings: SourceBoilerplateSettings,
        maximumRows: Int = 20
    ) -> String {
        var perReason: [String: Int] = [:]
        var perSource: [String: (documents: Int, lines: [String: Int])] = [:]
        for (index, documentSpans) in spans.enumerated() where !documentSpans.isEmpty {
            let source = sources[index] ?? "(none)"
            var entry = perSource[source] ?? (0, [:])
            entry.documents += 1
            let scalars = Array(texts[index].unicodeScalars)
            for span in documentSpans {
                perReason[span.reason, default: 0] += 1
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[span.start..<span.end])
                let line = String(text).trimmingWhiteSpace
                entry.lines[
                    span.reason == BoilerplateSpan.boilerplate ? line : "[kept: lexicon] " + line, default: 0] +=
                    1
            }
            perSource[source] = entry
        }
        var lines = [
            "boilerplate lines (short lines among the first or last \(settings.edgeLines) of a document, recurring in "
                + "≥ \(settings.minimumDocuments) documents and ≥ \(format3(settings.minimumShare * 100))% of a source's "
                + "documents): \(perReason[BoilerplateSpan.boilerplate] ?? 0) boilerplate, "
                + "\(perReason[BoilerplateSpan.boilerplateLexicon] ?? 0) boilerplate_lexicon"
                + (settings.removeLexiconLines ? " (removed)" : " (kept)")
        ]
        let ordered = perSource.sorted {
            $0.value.documents != $1.value.documents ? $0.value.documents > $1.value.documents : $0.key < $1.key
        }
        for (source, entry) in ordered.prefix(maximumRows) {
            lines.append("  \(source): \(entry.documents) documents")
            let top = entry.lines.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            for (line, count) in top.prefix(5) {
                lines.append("    \(count)×: \(line.unicodeScalars.count > 80 ? String(line.prefix(80)) + "…" : line)")
            }
        }
        if ordered.count > maximumRows { lines.append("  ... \(ordered.count - maximumRows) more sources") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string without leading and trailing white space (``Unicode/Scalar/isWhitespaceFast``).
    var trimmingWhiteSpace: String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.isWhitespaceFast }),
            let last = scalars.lastIndex(where: { !$0.isWhitespaceFast })
        else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
