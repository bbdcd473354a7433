/// The document variables of a corpus: each document's id and every input field but the text, one row per
/// document, as a CSV file that R (`read.csv`), quanteda (`docvars`) and pandas (`read_csv`) read beside an exported
/// matrix.
///
/// Columns: `id` (the document id, the record number when the record had none), then every other field any record
/// carries, in code point order. The documents must have been read with ``CorpusOptions/keepAllFields``. A field a
/// record lacks is an empty cell.
public struct DocumentVariables: Sendable, Equatable {
    public let columns: [String]
    public let rows: [[String?]]

    /// The variables of `documents`; `idField` is the input field the ids came from (it becomes the `id` column).
    public init(documents: [Document], idField: String) {
        var names = Set<String>()
        for document in documents { names.formUnion(document.fields.keys) }
        names.remove(idField)
        let others = names.sorted(by: utf8Precedes)
        columns = ["id"] + others
        rows = documents.map { document in [document.id] + others.map { document.fields[$0] } }
    }

    /// The CSV text (RFC 4180, UTF-8 without a byte-order mark, `\n` line ends): a cell holding a comma, a quote, a
    /// line break or white space at either end is quoted, quotes doubled.
    public var csv: String {
        var lines: [String] = [columns.map(Self.cell).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows { lines.append(row.map { Self.cell($0 ?? "") }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ value: String) -> String {
        let needsQuotes =
            value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || value.first?.isWhitespace == true || value.last?.isWhitespace == true
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value.unicodeScalars {
            if character == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(character) }
        }
        return quoted + "\""
    }
}
