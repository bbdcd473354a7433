/// The text forms of `stance keyness`'s output.
public enum KeynessReport {
    /// The column names, for sides named `a` and `b` and the result's periods.
    static func header(_ result: Keyness.Result, a: String, b: String, lexicon: Bool) -> [String] {
        var names = ["term", "feature", "side", "z", "delta"]
        names += result.periods.map { "z_\($0)" }
        if !result.periods.isEmpty { names.append("stable") }
        names += [
            "count_\(a)", "count_\(b)", "rate_\(a)", "rate_\(b)", "docs_\(a)", "docs_\(b)", "outlets_\(a)",
            "outlets_\(b)",
        ]
        if lexicon { names.append("lexicon") }
        return names
    }

    static func cells(_ term: Keyness.Term, _ result: Keyness.Result, a: String, b: String, lexicon: Bool) -> [String] {
        var cells = [
            term.term, term.feature, term.z > 0 ? a : b, formatFixed(term.z, digits: 2),
            formatFixed(term.delta, digits: 4),
        ]
        cells += term.periodZ.map { formatFixed($0, digits: 2) }
        if !result.periods.isEmpty { cells.append(term.stable ? "yes" : "no") }
        cells += [
            String(term.countA), String(term.countB), formatFixed(term.rateA, digits: 4),
            formatFixed(term.rateB, digits: 4), String(term.documentsA), String(term.documentsB),
            String(term.outletsA), String(term.outletsB),
        ]
        if lexicon { cells.append(term.concepts.joined(separator: ",")) }
        return cells
    }

    /// Tab-separated values with a header line; `a` and `b` name the sides in column names.
    public static func tsv(_ result: Keyness.Result, a: String, b: String, lexicon: Bool) -> String {
        var lines = [header(result, a: a, b: b, lexicon: lexicon).joined(separator: "\t")]
        for term in result.terms {
            lines.append(
                cells(term, result, a: a, b: b, lexicon: lexicon).map(KeywordReport.clean).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Aligned columns.
    public static func table(_ result: Keyness.Result, a: String, b: String, lexicon: Bool) -> String {
        let head = header(result, a: a, b: b, lexicon: lexicon)
        let rows = result.terms.map { cells($0, result, a: a, b: b, lexicon: lexicon) }
        return renderColumns([head] + rows, rightAligned: Set(3..<head.count - (lexicon ? 1 : 0)))
            .joined(separator: "\n") + "\n"
    }
}
