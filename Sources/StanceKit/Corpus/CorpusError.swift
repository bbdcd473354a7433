/// Why a record of a corpus cannot be read. Each reason has a short name used in `--skip-invalid` summaries.
public enum InvalidRecordReason: Hashable, Sendable {
    /// The bytes are not UTF-8; the offset counts from the start of the (decompressed) stream.
    case invalidUTF8(byteOffset: Int)
    /// A JSON syntax error at a 1-based column of the line.
    case brokenJSON(column: Int, message: String)
    /// A JSON line that is valid JSON but not an object.
    case notAnObject(found: String)
    /// A CSV syntax error.
    case brokenCSV(message: String)
    /// A CSV record with another number of fields than the header.
    case csvFieldCount(expected: Int, found: Int)
    case missingText(field: String)
    case textNotString(field: String, found: String)
    case fieldNotString(field: String, found: String)
    case emptyText(field: String)
    /// An HTML page (a `.html` file or an `html` field) that cannot be read.
    case brokenHTML(message: String)
    /// Bytes that are not UTF-8 in a file read with `--encoding auto`, with the encodings they could be in.
    case notUTF8(byteOffset: Int, likely: [String])
    /// A date in no form ``DateParser`` reads, where dates are used (grouping by month or year).
    case unreadableDate(field: String, value: String)
    /// Bytes that are not text in the encoding given with `--encoding` (offset from the start of the stream).
    case invalidEncoding(encoding: String, byteOffset: Int)

    /// A short name for the reason, shared by all records skipped for it.
    public var category: String {
        switch self {
        case .invalidUTF8, .notUTF8: "invalid UTF-8"
        case .brokenJSON: "broken JSON"
        case .notAnObject: "JSON line is not an object"
        case .brokenCSV: "broken CSV"
        case .csvFieldCount: "wrong number of CSV fields"
        case .missingText: "missing text field"
        case .textNotString: "text field is not a string"
        case .fieldNotString: "metadata field is not a string or number"
        case .emptyText: "empty text"
        case .brokenHTML: "unreadable HTML"
        case .unreadableDate: "unreadable date"
        case .invalidEncoding: "invalid text in the given encoding"
        }
    }

    public var message: String {
        switch self {
        case .invalidUTF8(let offset): "invalid UTF-8 at byte offset \(offset)"
        case .notUTF8(let offset, let likely):
            likely.isEmpty
                ? "invalid UTF-8 at byte offset \(offset); if the file is in another encoding, name it with --encoding"
                : "invalid UTF-8 at byte offset \(offset): the file may be in "
                    + (likely.count == 1
                        ? likely[0] : likely.dropLast().joined(separator: ", ") + " or " + likely.last!)
                    + " (read it with --encoding \(likely[0]))"
        case .brokenJSON(let column, let message): "broken JSON at column \(column): \(message)"
        case .notAnObject(let found): "expected a JSON object, found \(found)"
        case .brokenCSV(let message): "broken CSV: \(message)"
        case .csvFieldCount(let expected, let found):
            "expected \(expected) CSV fields as in the header, found \(found)"
        case .missingText(let field): "missing text field '\(field)'"
        case .textNotString(let field, let found): "text field '\(field)' is \(found), expected a string"
        case .fieldNotString(let field, let found): "field '\(field)' is \(found), expected a string or a number"
        case .emptyText(let field): "text field '\(field)' is empty or only white space"
        case .brokenHTML(let message): message
        case .unreadableDate(let field, let value):
            "unreadable date '\(value)' in field '\(field)' (expected \(DateParser.acceptedForms))"
        case .invalidEncoding(let encoding, let offset): "invalid \(encoding) at byte offset \(offset)"
        }
    }
}

/// An error reading a corpus.
public enum CorpusError: StanceFailure, Equatable {
    /// An input path that does not exist (exit 66).
    case fileNotFound(path: String)
    /// A file that exists but cannot be read (exit 74).
    case unreadable(path: String, reason: String)
    /// One bad record (exit 65); with `--skip-invalid` it is skipped and counted instead.
    case invalidRecord(location: SourceLocation, reason: InvalidRecordReason)
    /// A gzip stream that ends early or is corrupt (exit 65): never skipped, as the rest of the file is lost.
    case brokenGzip(path: String, message: String)
    /// A CSV file whose structure cannot be recovered: no header, no text column, an unterminated quote (exit 65).
    case brokenFile(location: SourceLocation, message: String)
    /// No document could be read (exit 65).
    case emptyCorpus(paths: [String])
    /// A path whose format cannot be told from its name (exit 64).
    case unknownFormat(path: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .fileNotFound: .noInput
        case .unreadable: .ioError
        case .unknownFormat: .usage
        case .invalidRecord, .brokenGzip, .brokenFile, .emptyCorpus: .dataError
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file or directory"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .invalidRecord(let location, let reason): "\(location): \(reason.message)"
        case .brokenGzip(let path, let message): "\(path): \(message)"
        case .brokenFile(let location, let message): "\(location): \(message)"
        case .emptyCorpus(let paths): "\(paths.joined(separator: ", ")): the corpus holds no documents"
        case .unknownFormat(let path):
            "\(path): cannot tell the format from the name (expected .jsonl, .jsonl.gz, .csv, .csv.gz, .tsv, .txt, .html, .htm, a directory or -); use --input-format"
        }
    }
}
