/// The text forms of `stance kwic`'s output.
public enum KeywordReport {
    /// Aligned columns: id, concept, `quoted` or blank, and the line with the match in `[[…]]`, its left context
    /// padded so that the matches line up.
    public static func table(_ hits: [KeywordInContext.Hit]) -> String {
        guard !hits.isEmpty else { return "no hits\n" }
        let width = hits.map { displayWidth($0.before) }.max() ?? 0
        let rows = hits.map { hit in
            [
                hit.documentID, hit.concept, hit.quoted ? "quoted" : "",
                String(repeating: " ", count: width - displayWidth(hit.before)) + hit.line,
            ]
        }
        return renderColumns([["id", "concept", "voice", "in context"]] + rows, rightAligned: []).joined(
            separator: "\n")
            + "\n"
    }

    /// Tab-separated: `id concept term quoted before match after start end` with a header (start and end are UTF-8
    /// byte offsets in the original text); tabs in cells are already spaces.
    public static func tsv(_ hits: [KeywordInContext.Hit]) -> String {
        var lines = ["id\tconcept\tterm\tquoted\tbefore\tmatch\tafter\tstart\tend"]
        for hit in hits {
            lines.append(
                [
                    clean(hit.documentID), hit.concept, hit.term, hit.quoted ? "yes" : "no", hit.before, hit.match,
                    hit.after, String(hit.start), String(hit.end),
                ].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object per hit.
    public static func jsonLines(_ hits: [KeywordInContext.Hit]) -> String {
        hits.map { json($0).rendered() + "\n" }.joined()
    }

    static func json(_ hit: KeywordInContext.Hit) -> JSON {
        .object([
            ("id", .string(hit.documentID)), ("concept", .string(hit.concept)), ("term", .string(hit.term)),
            ("match", .string(hit.match)), ("before", .string(hit.before)), ("after", .string(hit.after)),
            ("quoted", .bool(hit.quoted)), ("start", .int(hit.start)), ("end", .int(hit.end)),
        ])
    }

    /// The group counts as a table (`format` `table`), TSV or JSON lines.
    public static func groups(_ rows: [KeywordSearch.GroupRow], fields: [String], format: String) -> String {
        let header = fields + ["documents", "with_hits", "hits", "quoted", "per_document"]
        func cells(_ row: KeywordSearch.GroupRow) -> [String] {
            row.key + [
                String(row.documents), String(row.documentsWithHits), String(row.hits), String(row.quotedHits),
                formatFixed(Double(row.hits) / Double(max(1, row.documents)), digits: 3),
            ]
        }
        switch format {
        case "tsv":
            return ([header] + rows.map(cells)).map { $0.map(clean).joined(separator: "\t") }.joined(separator: "\n")
                + "\n"
        case "jsonl":
            return rows.map { row in
                JSON.object(
                    zip(fields, row.key).map { ($0, JSON.string($1)) } + [
                        ("documents", .int(row.documents)), ("with_hits", .int(row.documentsWithHits)),
                        ("hits", .int(row.hits)), ("quoted", .int(row.quotedHits)),
                    ]
                ).rendered() + "\n"
            }.joined()
        default:
            return renderColumns([header] + rows.map(cells), rightAligned: Set(fields.count..<header.count))
                .joined(separator: "\n") + "\n"
        }
    }

    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}
