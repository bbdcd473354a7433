import Foundation

/// One coder's sheet as it comes back from a spreadsheet program: a CSV table with (at least) columns `id` and
/// `code`; an empty code means the unit was not coded.
///
/// Spreadsheet programs save text tables in several ways, and all are read as they come:
///
/// - encoding: UTF-8 with or without a byte-order mark, UTF-16 little- or big-endian with a byte-order mark
///   (Excel's "Unicode text"), or UTF-16 without one when every other byte of the first line is zero;
/// - delimiter: comma, semicolon (spreadsheets in locales with a decimal comma) or tab, whichever occurs most
///   often outside quotes in the header line;
/// - quoting as RFC 4180 (`"…"`, `""` for a quote, line breaks inside quotes), line ends CRLF, LF or CR.
///
/// Column names are matched without regard to case or surrounding spaces; ids and codes are trimmed of white space.
public struct CodingSheet: Sendable, Equatable {
    /// One row of the sheet.
    public struct Row: Sendable, Equatable {
        public var id: String
        /// `nil` when the cell is empty.
        public var code: String?
        /// 1-based physical line on which the row starts.
        public var line: Int
    }

    public var path: String
    public var rows: [Row]
    /// The encoding found: `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`.
    public var encoding: String
    /// The delimiter found.
    public var delimiter: Unicode.Scalar

    /// The coder's name: the file name without its extension.
    public var coder: String {
        let name = (path as NSString).lastPathComponent
        return (name as NSString).deletingPathExtension
    }

    /// Reads and parses the sheet at `path`.
    ///
    /// - Throws: ``IOFailure`` (74) when the file cannot be read, ``CodingError/invalidFile(path:line:reason:)``
    ///   (65) for broken text, a missing column, an empty or duplicate id.
    public static func read(path: String) throws -> CodingSheet {
        try CodingSheet(bytes: try InputFile.readBytes(path, what: "the sheet", allowsNUL: true), path: path)
    }

    /// Parses the sheet held in `bytes`; `path` names it in messages.
    public init(bytes: [UInt8], path: String) throws {
        self.path = path
        let scalars: [Unicode.Scalar]
        (scalars, encoding) = try Self.decode(bytes, path: path)
        let records = try Self.records(scalars, path: path)
        guard let header = records.first else {
            throw CodingError.invalidFile(path: path, line: 0, reason: "the sheet is empty")
        }
        delimiter = header.delimiter
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let idColumn = names.firstIndex(of: "id"), let codeColumn = names.firstIndex(of: "code") else {
            throw CodingError.invalidFile(
                path: path, line: header.line,
                reason: "expected a header with columns 'id' and 'code' (found: "
                    + header.fields.map { "'\($0)'" }.joined(separator: ", ") + ")")
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ column: Int) -> String {
                column < record.fields.count ? record.fields[column].trimmingCharacters(in: .whitespaces) : ""
            }
            let id = cell(idColumn)
            guard !id.isEmpty else {
                throw CodingError.invalidFile(path: path, line: record.line, reason: "a row without an id")
            }
            if let first = seen[id] {
                throw CodingError.invalidFile(
                    path: path, line: record.line, reason: "id '\(id)' appears twice (first on line \(first))")
            }
            seen[id] = record.line
            let code = cell(codeColumn)
            rows.append(Row(id: id, code: code.isEmpty ? nil : code, line: record.line))
        }
        self.rows = rows
    }

    /// The scalars of `bytes` in the encoding its byte-order mark (or its zero bytes) shows, else UTF-8.
    static func decode(_ bytes: [UInt8], path: String) throws -> ([Unicode.Scalar], String) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (try utf8(bytes[3...], path: path), "UTF-8 with BOM")
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (try utf16(bytes[2...], bigEndian: false, path: path), "UTF-16LE")
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (try utf16(bytes[2...], bigEndian: true, path: path), "UTF-16BE")
        }
        // UTF-16 without a byte-order mark: ASCII header letters leave every other byte zero.
        let head = Array(bytes.prefix(64))
        if head.count >= 4, head.count % 2 == 0 {
            let evenZero = stride(from: 0, to: head.count, by: 2).allSatisfy { head[$0] == 0 }
            let oddZero = stride(from: 1, to: head.count, by: 2).allSatisfy { head[$0] == 0 }
            if oddZero && !evenZero { return (try utf16(bytes[...], bigEndian: false, path: path), "UTF-16LE") }
            if evenZero && !oddZero { return (try utf16(bytes[...], bigEndian: true, path: path), "UTF-16BE") }
        }
        return (try utf8(bytes[...], path: path), "UTF-8")
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>, path: String) throws -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = bytes.startIndex
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                return scalars
            case .error:
                throw CodingError.invalidFile(
                    path: path, line: line,
                    reason: "invalid UTF-8 near byte offset \(offset) (save the sheet as UTF-8 or UTF-16 CSV)")
            }
        }
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, path: String) throws -> [Unicode.Scalar] {
        guard bytes.count % 2 == 0 else {
            throw CodingError.invalidFile(path: path, line: 0, reason: "UTF-16 text with an odd number of bytes")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var scalars: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                return scalars
            case .error:
                throw CodingError.invalidFile(path: path, line: line, reason: "invalid UTF-16 (an unpaired surrogate)")
            }
        }
    }

    struct Record {
        var fields: [String]
        var line: Int
        var delimiter: Unicode.Scalar
    }

    /// The delimiter that occurs most often outside quotes on the first non-empty line (comma on a tie or none).
    static func detectDelimiter(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        var started = false
        for scalar in scalars {
            if scalar == "\"" { quoted.toggle() }
            if !quoted && (scalar == "\n" || scalar == "\r") {
                if started { break } else { continue }
            }
            started = true
            if !quoted, counts[scalar] != nil { counts[scalar]! += 1 }
        }
        var best: Unicode.Scalar = ","
        for candidate in [";", "\t"] as [Unicode.Scalar] where counts[candidate]! > counts[best]! { best = candidate }
        return best
    }

    /// The records of the text (RFC 4180 with the detected delimiter), each with the line it starts on.
    static func records(_ scalars: [Unicode.Scalar], path: String) throws -> [Record] {
        let delimiter = detectDelimiter(scalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var quoted = false
        var afterQuote = false
        var index = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            afterQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(fields: fields, line: recordLine, delimiter: delimiter))
            }
            fields = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" || (scalar == "\r" && (index >= scalars.count || scalars[index] != "\n")) {
                        line += 1
                    }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty && !afterQuote else {
                    throw CodingError.invalidFile(
                        path: path, line: line,
                        reason: "a double quote inside an unquoted field (field \(fields.count + 1))")
                }
                quoted = true
            case delimiter:
                endField()
            case "\r", "\n":
                if scalar == "\r" && index < scalars.count && scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                if afterQuote && !scalar.properties.isWhitespace {
                    throw CodingError.invalidFile(
                        path: path, line: line,
                        reason: "unexpected character after the closing quote of field \(fields.count + 1)")
                }
                if !afterQuote { field.append(scalar) }
            }
        }
        if quoted {
            throw CodingError.invalidFile(
                path: path, line: recordLine, reason: "a quoted field opened here is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
