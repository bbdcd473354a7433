import Foundation

/// Reads documents from JSON Lines, CSV, `.txt` files, directories of `.txt` files and standard input, one at a time.
///
/// Formats are told by name (`.jsonl`, `.ndjson`, `.csv`, each optionally `.gz`; `.txt`; a directory; `-` for
/// standard input, which is JSON Lines when its first non-blank byte is `{` and one plain-text document otherwise)
/// unless ``CorpusOptions/format`` says otherwise. Gzip is recognised by its magic bytes, whatever the name.
///
/// Documents are read lazily: memory holds one chunk of input and one record, whatever the corpus size. The first
/// bad record throws ``CorpusError/invalidRecord(location:reason:)``; with ``CorpusOptions/skipInvalid`` it is
/// counted in ``skipped`` instead.
public final class CorpusReader {
    public let options: CorpusOptions
    public let paths: [String]
    private var pendingPaths: ArraySlice<String>
    /// Documents held in memory, read instead of the file named by `paths[0]`.
    private var memory: [UInt8]?
    private var current: (any RecordSource)?
    /// How many records were skipped, by reason (``InvalidRecordReason/category``), in the order first seen.
    public internal(set) var skipped: [(reason: String, count: Int)] = []
    /// How many documents were returned so far.
    public internal(set) var documentCount = 0
    /// The field names of the records taken so far and of the inputs read to the end (``absorb(_:)``).
    var takenFieldNames: Set<String> = []

    /// Prepares to read `paths` in order. Every path is checked up front, so that a missing file stops the run
    /// before any work.
    ///
    /// - Throws: ``IOFailure`` under the rule of ``InputFile``: 66 for a path that does not exist, 74 for one that
    ///   cannot be read.
    public init(paths: [String], options: CorpusOptions = CorpusOptions()) throws {
        self.options = options
        self.paths = paths
        self.pendingPaths = paths[...]
        for path in paths where path != "-" {
            _ = try InputFile.examine(path, what: "the input", allowDirectory: true)
        }
    }

    /// Prepares to read a corpus held in memory, as if it were a file called `name` (whose extension tells the
    /// format, as for files).
    public init(name: String, bytes: [UInt8], options: CorpusOptions = CorpusOptions()) {
        self.options = options
        self.paths = [name]
        self.pendingPaths = [name]
        self.memory = bytes
    }

    /// The next document, or `nil` when every input is read.
    ///
    /// Reading is three steps, which a read-ahead thread may split (``PrefetchedBatches``): ``nextUnparsed()`` cuts
    /// the next record from the input, ``UnparsedRecord/parsed()`` parses it (on any thread), and ``absorb(_:)``
    /// counts it in input order.
    ///
    /// - Throws: ``CorpusError/emptyCorpus(paths:)`` at the end when no document at all was read.
    public func next() throws -> Document? {
        while let record = try nextUnparsed() {
            if let document = try absorb(record.parsed()) { return document }
        }
        try checkNotEmpty()
        return nil
    }

    /// The next record cut from the input, not yet parsed, or `nil` when every input is read: the reading step of
    /// ``next()``. It touches only the input side of the reader (the files, their decompression and line cutting),
    /// never what ``absorb(_:)`` counts, so that a read-ahead thread may call it while another absorbs.
    func nextUnparsed() throws -> UnparsedRecord? {
        while true {
            if current == nil {
                guard let path = pendingPaths.popFirst() else { return nil }
                current = try makeSource(path: path)
            }
            guard let record = try current!.nextUnparsed() else {
                let fields = current!.fieldNames
                current = nil
                return .ended(fieldNames: fields)
            }
            return record
        }
    }

    /// Whether the next document can be read without waiting on the input (false between the chunks of a pipe):
    /// a filter flushes its output before it would block.
    public var hasBufferedInput: Bool { current?.hasBufferedInput ?? (memory != nil) }

    /// The names of the fields the records read so far carry (JSON members, CSV columns; `text` and `id` for text
    /// files), in code point order: for error messages that name the fields a mistyped option could have meant.
    public var fieldNames: [String] { takenFieldNames.sorted(by: utf8Precedes) }

    /// Calls `body` for every document in turn.
    public func forEach(_ body: (Document) throws -> Void) throws {
        while let document = try next() { try body(document) }
    }

    /// Reads every document into memory.
    public static func readAll(paths: [String], options: CorpusOptions = CorpusOptions()) throws -> (
        documents: [Document], skipped: [(reason: String, count: Int)]
    ) {
        let reader = try CorpusReader(paths: paths, options: options)
        var documents: [Document] = []
        try reader.forEach { documents.append($0) }
        return (documents, reader.skipped)
    }

    /// One line per skip reason, e.g. `skipped 3 records: empty text`, for standard error.
    public var skipSummary: [String] {
        skipped.map { "skipped \($0.count) record\($0.count == 1 ? "" : "s"): \($0.reason)" }
    }

    private func makeSource(path: String) throws -> any RecordSource {
        let file: any ByteSource
        if let memory {
            file = PrefixedByteSource(prefix: memory, rest: EmptyByteSource())
            self.memory = nil
        } else {
            if path != "-", try InputFile.examine(path, what: "the input", allowDirectory: true) == .directory {
                return try TextDirectorySource(directory: path, options: options)
            }
            file = try FileByteSource(path: path)
        }
        let (head, stream) = try PrefixedByteSource.peek(file, count: 4096)
        let bytes: any ByteSource
        var name = path
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            bytes = try GzipByteSource(compressed: stream, path: path)
            if name.hasSuffix(".gz") { name.removeLast(3) }
        } else if name.hasSuffix(".gz") {
            throw CorpusError.brokenGzip(
                path: path,
                message: "not in gzip format: the name ends in .gz but the file does not start with gzip's magic bytes")
        } else {
            bytes = stream
        }
        let (decoded, decodedHead) = try Self.decode(
            bytes, head: bytes === stream ? head : nil, path: path, encoding: options.encoding)
        var format = options.format
        if format == .auto {
            let lower = name.lowercased()
            if path == "-" {
                // Standard input: JSON Lines when it starts with '{' (compressed input is JSON Lines).
                let firstByte =
                    decodedHead.map(Self.firstNonBlankByte(of:))
                    ?? (bytes === stream ? Self.firstNonBlankByte(of: head) : UInt8(ascii: "{"))
                format = firstByte == UInt8(ascii: "{") ? .jsonl : .txt
            } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
                format = .jsonl
            } else if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
                format = .csv
            } else if lower.hasSuffix(".txt") {
                format = .txt
            } else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
                format = .html
            } else {
                throw CorpusError.unknownFormat(path: path)
            }
        }
        let lines = LineReader(source: decoded, path: path, maxLineBytes: options.maxRecordBytes)
        switch format {
        case .jsonl, .auto: return JSONLinesSource(lines: lines, path: path, options: options)
        case .csv:
            let delimiter = options.delimiter ?? (name.lowercased().hasSuffix(".tsv") ? 0x09 : UInt8(ascii: ","))
            return try CSVSource(
                lines: lines, path: path, options: options, delimiter: delimiter, maxRecordBytes: options.maxRecordBytes
            )
        case .txt: return try SingleTextSource(bytes: decoded, path: path, options: options)
        case .html: return try SingleTextSource(bytes: decoded, path: path, options: options, html: true)
        }
    }

    /// `bytes` as UTF-8: unchanged for UTF-8 (and for ``TextEncoding/auto`` without a UTF-16 byte-order mark),
    /// converted through iconv otherwise; and the first bytes of the converted stream when it was converted (to tell
    /// the format of standard input).
    ///
    /// - Parameters:
    ///   - head: the first bytes of `bytes` when known (not for a decompressed stream).
    /// - Throws: ``CorpusError/brokenFile(location:message:)`` for a file that looks like UTF-16 without a byte-order
    ///   mark under `auto`.
    private static func decode(
        _ bytes: any ByteSource, head: [UInt8]?, path: String, encoding: TextEncoding
    ) throws -> (any ByteSource, [UInt8]?) {
        if encoding == .utf8 { return (bytes, nil) }
        var source = bytes
        var start = head ?? []
        if head == nil {
            let (peeked, whole) = try PrefixedByteSource.peek(bytes, count: 4096)
            start = peeked
            source = whole
        }
        let hasUTF16Mark = start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF])
        let iconvName: String
        switch encoding {
        case .utf8: return (source, nil)
        case .auto:
            if hasUTF16Mark {
                iconvName = "UTF-16"
            } else {
                if start.prefix(64).contains(0) {
                    throw CorpusError.brokenFile(
                        location: SourceLocation(file: path, line: 1),
                        message: "the file holds NUL bytes: it looks like UTF-16 without a byte-order mark; read it "
                            + "with --encoding utf-16")
                }
                return (source, nil)
            }
        case .utf16:
            if hasUTF16Mark {
                iconvName = "UTF-16"
            } else {
                // No mark: the high bytes of ASCII characters are the NULs, first (big-endian) or second.
                let evenNULs = stride(from: 0, to: start.count, by: 2).count { start[$0] == 0 }
                let oddNULs = stride(from: 1, to: start.count, by: 2).count { start[$0] == 0 }
                iconvName = evenNULs > oddNULs ? "UTF-16BE" : "UTF-16LE"
            }
        case .gb18030, .big5, .windows1252:
            iconvName = encoding.iconvName!
        }
        let converted = try ConvertingByteSource(
            source: source, encoding: encoding == .auto ? .utf16 : encoding,
            iconvName: iconvName, path: path)
        let (convertedHead, whole) = try PrefixedByteSource.peek(converted, count: 4096)
        return (whole, convertedHead)
    }

    /// The first byte of `head` that is not white space (after a byte-order mark), if any.
    private static func firstNonBlankByte(of head: [UInt8]) -> UInt8? {
        var index = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[index]) { index += 1 }
        return index < head.count ? head[index] : nil
    }
}

/// One record of a source: a document, or a bad record that the reader may skip.
enum RecordOutcome: Sendable {
    case document(Document)
    case invalid(SourceLocation, InvalidRecordReason)
}

protocol RecordSource: AnyObject {
    func nextRecord() throws -> RecordOutcome?
    /// The next record, parsed (``nextRecord()``) or left for ``UnparsedRecord/parsed()``.
    func nextUnparsed() throws -> UnparsedRecord?
    /// Whether the next record can be read without waiting for more input.
    var hasBufferedInput: Bool { get }
    /// The names of the fields of the records read so far.
    var fieldNames: Set<String> { get }
}

extension RecordSource {
    var hasBufferedInput: Bool { true }

    func nextUnparsed() throws -> UnparsedRecord? {
        try nextRecord().map { .parsed($0, fieldNames: fieldNames) }
    }
}

/// The field values of one record, before they become a ``Document``.
enum FieldValue {
    case absent
    case null
    case text(String)
    /// A value of another kind (object, array, boolean...), named for the error message.
    case other(String)
}

extension CorpusOptions {
    /// The reason for bytes that are not UTF-8 at `offset` of the stream, within `bytes`: under `--encoding auto`
    /// it names the encodings the bytes could be in.
    func invalidUTF8(at offset: Int, in bytes: ArraySlice<UInt8>) -> InvalidRecordReason {
        guard encoding == .auto else { return .invalidUTF8(byteOffset: offset) }
        return .notUTF8(byteOffset: offset, likely: TextEncoding.likelyEncodings(of: bytes).map(\.rawValue))
    }

    /// Builds a document from a record's fields, or says why the record is invalid.
    func makeDocument(
        recordNumber: Int, location: SourceLocation, names: () -> [String] = { [] },
        field: (String) -> FieldValue
    ) -> RecordOutcome {
        let text: String
        switch field(textField) {
        case .absent, .null:
            guard case .text(let page) = field(htmlField) else {
                return .invalid(location, .missingText(field: textField))
            }
            do {
                text = try HTMLText.extract(Array(page.utf8))
            } catch {
                return .invalid(location, .brokenHTML(message: "field '\(htmlField)': \(error)"))
            }
        case .other(let kind): return .invalid(location, .textNotString(field: textField, found: kind))
        case .text(let value): text = value
        }
        if text.unicodeScalars.allSatisfy({ $0.isWhitespaceFast }) {
            return .invalid(location, .emptyText(field: textField))
        }
        var metadata: [String?] = []
        for name in [idField, labelField, sourceField, targetField, dateField] {
            switch field(name) {
            case .absent, .null: metadata.append(nil)
            case .text(let value): metadata.append(value.isEmpty ? nil : value)
            case .other(let kind): return .invalid(location, .fieldNotString(field: name, found: kind))
            }
        }
        var document = Document(
            id: metadata[0] ?? String(recordNumber), text: text, label: metadata[1], source: metadata[2],
            target: metadata[3], date: metadata[4], location: location)
        if keepAllFields || !keptFields.isEmpty {
            let wanted = keepAllFields ? names() : Array(keptFields)
            for name in wanted where name != textField {
                switch field(name) {
                case .absent, .null: break
                case .text(let value): if !value.isEmpty { document.fields[name] = value }
                case .other(let kind):
                    // Every field of a record is kept for export: one that is not a string is left out there.
                    if !keepAllFields || keptFields.contains(name) {
                        return .invalid(location, .fieldNotString(field: name, found: kind))
                    }
                }
            }
        }
        return .document(document)
    }
}

final class JSONLinesSource: RecordSource {
    var hasBufferedInput: Bool { lines.hasBufferedBytes }
    /// Empty: the field names are those of the parsed lines (``JSONLineRecord/parsed()``), which the reader counts.
    let fieldNames: Set<String> = []
    private let lines: LineReader
    private let path: String
    private let options: CorpusOptions
    private var recordNumber = 0

    init(lines: LineReader, path: String, options: CorpusOptions) {
        self.lines = lines
        self.path = path
        self.options = options
    }

    func nextRecord() throws -> RecordOutcome? {
        guard case .jsonLine(let line) = try nextUnparsed() else { return nil }
        return line.parsed().outcome
    }

    /// The next non-blank line, unparsed.
    func nextUnparsed() throws -> UnparsedRecord? {
        while true {
            guard var line = try lines.nextLine() else { return nil }
            if lines.lineNumber == 1 && line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            recordNumber += 1
            return .jsonLine(
                JSONLineRecord(
                    line: line, location: SourceLocation(file: path, line: lines.lineNumber),
                    lineOffset: lines.lineOffset, recordNumber: recordNumber, options: options))
        }
    }
}

final class CSVSource: RecordSource {
    var hasBufferedInput: Bool { records.hasBufferedBytes }
    let fieldNames: Set<String>
    private let records: CSVRecordReader
    private let path: String
    private let options: CorpusOptions
    private let columns: [String: Int]
    private let columnCount: Int
    private var recordNumber = 0

    init(
        lines: LineReader, path: String, options: CorpusOptions, delimiter: UInt8 = UInt8(ascii: ","),
        maxRecordBytes: Int = InputFile.defaultMaxRecordBytes
    ) throws {
        self.records = CSVRecordReader(
            lines: lines, path: path, delimiter: delimiter, maxRecordBytes: maxRecordBytes)
        self.path = path
        self.options = options
        guard let header = try records.next() else {
            throw CorpusError.brokenFile(
                location: SourceLocation(file: path, line: 1), message: "CSV file has no header")
        }
        guard case .fields(var names, let line, _) = header else {
            if case .broken(let message, let line) = header {
                throw CorpusError.brokenFile(
                    location: SourceLocation(file: path, line: line), message: "broken CSV header: \(message)")
            }
            throw CorpusError.brokenFile(
                location: SourceLocation(file: path, line: 1), message: "CSV file has no header")
        }
        if names[0].starts(with: [0xEF, 0xBB, 0xBF]) { names[0].removeFirst(3) }
        var columns: [String: Int] = [:]
        for (index, bytes) in names.enumerated() {
            if let bad = firstInvalidUTF8Index(bytes) {
                throw CorpusError.brokenFile(
                    location: SourceLocation(file: path, line: line),
                    message: "CSV header: invalid UTF-8 at byte \(bad) of column \(index + 1)")
            }
            let name = String(decoding: bytes, as: UTF8.self)
            if let first = columns[name] {
                throw CorpusError.brokenFile(
                    location: SourceLocation(file: path, line: line),
                    message: "the CSV header names the column '\(name)' twice (columns \(first + 1) and \(index + 1))")
            }
            columns[name] = index
        }
        guard columns[options.textField] != nil || columns[options.htmlField] != nil else {
            throw CorpusError.brokenFile(
                location: SourceLocation(file: path, line: line),
                message:
                    "the CSV header has no column '\(options.textField)' (columns: \(names.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")))"
            )
        }
        self.columns = columns
        self.columnCount = names.count
        self.fieldNames = Set(columns.keys)
    }

    func nextRecord() throws -> RecordOutcome? {
        guard let record = try records.next() else { return nil }
        recordNumber += 1
        switch record {
        case .broken(let message, let line):
            return .invalid(SourceLocation(file: path, line: line), .brokenCSV(message: message))
        case .fields(let fields, let line, let byteOffset):
            let location = SourceLocation(file: path, line: line)
            if fields.count != columnCount {
                return .invalid(location, .csvFieldCount(expected: columnCount, found: fields.count))
            }
            var offset = byteOffset
            for field in fields {
                if let bad = firstInvalidUTF8Index(field) {
                    return .invalid(location, options.invalidUTF8(at: offset + bad, in: field[...]))
                }
                offset += field.count + 1
            }
            return options.makeDocument(
                recordNumber: recordNumber, location: location, names: { Array(columns.keys) }
            ) { name in
                guard let index = columns[name] else { return .absent }
                // An empty text is reported as such; other empty fields are absent.
                if fields[index].isEmpty && (name != options.textField || columns[options.htmlField] != nil) {
                    return .null
                }
                return .text(String(decoding: fields[index], as: UTF8.self))
            }
        }
    }
}

/// Decodes a whole text file, or says where it is not UTF-8 (with the line of the bad byte); with `html` the file is
/// a web page whose readable text is extracted (``HTMLText``).
private func decodeTextFile(
    _ bytes: [UInt8], path: String, options: CorpusOptions, html: Bool = false
) -> (String?, RecordOutcome?) {
    if html {
        do {
            return (try HTMLText.extract(bytes), nil)
        } catch {
            return (nil, .invalid(SourceLocation(file: path, line: 0), .brokenHTML(message: error.description)))
        }
    }
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if let bad = firstInvalidUTF8Index(bytes) {
        let line = bytes[..<bad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return (nil, .invalid(SourceLocation(file: path, line: line), options.invalidUTF8(at: bad, in: bytes[...])))
    }
    return (String(decoding: bytes, as: UTF8.self), nil)
}

/// The bytes of a document that is a whole file (a `.txt` or `.html` file, or standard input read as text).
///
/// - Throws: ``CorpusError/brokenFile(location:message:)`` as soon as more than `limit` bytes are read.
private func readWholeDocument(_ source: any ByteSource, path: String, limit: Int) throws -> [UInt8] {
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
        if count == 0 { break }
        if data.count + count > limit {
            throw CorpusError.brokenFile(
                location: SourceLocation(file: path, line: 0),
                message: "a document longer than \(limit) bytes (the limit set by --max-record-bytes)")
        }
        data.append(contentsOf: chunk[..<count])
    }
    return data
}

/// One plain-text document: a `.txt` file or standard input.
final class SingleTextSource: RecordSource {
    private var outcome: RecordOutcome?
    let fieldNames: Set<String>

    init(bytes: any ByteSource, path: String, options: CorpusOptions, html: Bool = false) throws {
        let data = try readWholeDocument(bytes, path: path, limit: options.maxRecordBytes)
        fieldNames = [options.textField, options.idField]
        let (text, invalid) = decodeTextFile(data, path: path, options: options, html: html)
        if let invalid {
            outcome = invalid
            return
        }
        let id = path == "-" ? "1" : (path as NSString).lastPathComponent
        let location = SourceLocation(file: path, line: 0)
        outcome = options.makeDocument(
            recordNumber: 1, location: location, names: { [options.textField, options.idField] }
        ) { name in
            name == options.textField ? .text(text!) : name == options.idField ? .text(id) : .absent
        }
    }

    func nextRecord() throws -> RecordOutcome? {
        defer { outcome = nil }
        return outcome
    }
}

/// A directory of `.txt` (and `.html`, `.htm`) files, one document each, read in code-point order of their relative paths.
final class TextDirectorySource: RecordSource {
    var fieldNames: Set<String> {
        options.sourceFromDirectory
            ? [options.textField, options.idField, options.sourceField] : [options.textField, options.idField]
    }
    private let directory: String
    private let options: CorpusOptions
    private var files: ArraySlice<String>

    init(directory: String, options: CorpusOptions) throws {
        self.directory = directory
        self.options = options
        let found = try InputDirectory.files(in: directory, what: "the input") { relative in
            let lower = relative.lowercased()
            return lower.hasSuffix(".txt") || lower.hasSuffix(".html") || lower.hasSuffix(".htm")
        }
        files = found.sorted(by: codePointPrecedes)[...]
    }

    func nextRecord() throws -> RecordOutcome? {
        guard let relative = files.popFirst() else { return nil }
        let path = (directory as NSString).appendingPathComponent(relative)
        let data = try readWholeDocument(try FileByteSource(path: path), path: path, limit: options.maxRecordBytes)
        let lower = relative.lowercased()
        let html = lower.hasSuffix(".html") || lower.hasSuffix(".htm")
        let (text, invalid) = decodeTextFile(data, path: path, options: options, html: html)
        if let invalid { return invalid }
        let components = relative.split(separator: "/")
        let folder = components.count >= 2 ? String(components[components.count - 2]) : nil
        let source_ = options.sourceFromDirectory ? folder : nil
        return options.makeDocument(
            recordNumber: 0, location: SourceLocation(file: path, line: 0), names: { Array(self.fieldNames) }
        ) { name in
            if name == options.textField { return .text(text!) }
            if name == options.idField { return .text(relative) }
            if name == options.sourceField, let source_ { return .text(source_) }
            return .absent
        }
    }
}
