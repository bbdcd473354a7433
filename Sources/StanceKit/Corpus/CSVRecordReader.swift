/// Reads the records of an RFC 4180 CSV stream: comma-separated fields, optionally in double quotes, with `""` for
/// a quote and commas and line breaks allowed inside quotes. A record may span several physical lines; its line
/// number is the one on which it starts.
final class CSVRecordReader {
    enum Record {
        case fields([[UInt8]], line: Int, byteOffset: Int)
        /// A record whose syntax is broken; the rest of its line was skipped.
        case broken(message: String, line: Int)
    }

    private let lines: LineReader
    private let path: String
    /// The field separator: `,`, or `\t` for `.tsv`, or what `--delimiter` gives.
    private let delimiter: UInt8

    var hasBufferedBytes: Bool { lines.hasBufferedBytes }

    /// The longest record, over all its lines.
    private let maxRecordBytes: Int

    init(
        lines: LineReader, path: String, delimiter: UInt8 = UInt8(ascii: ","),
        maxRecordBytes: Int = InputFile.defaultMaxRecordBytes
    ) {
        self.lines = lines
        self.path = path
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// The next record, skipping blank lines between records; `nil` at the end of the stream.
    func next() throws -> Record? {
        var line: [UInt8]
        repeat {
            guard let next = try lines.nextLine() else { return nil }
            line = next
        } while line.isEmpty
        let startLine = lines.lineNumber
        let startOffset = lines.lineOffset
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var recordBytes = 0
        while true {
            recordBytes += line.count + 1
            if recordBytes > maxRecordBytes + 1 {
                throw CorpusError.brokenFile(
                    location: SourceLocation(file: path, line: startLine),
                    message: "a CSV record longer than \(maxRecordBytes) bytes (the limit set by --max-record-bytes)")
            }
            if let nul = line.firstIndex(of: 0) {
                return .broken(
                    message: "a NUL byte at byte \(nul + 1) of line \(lines.lineNumber): a CSV file holds text only",
                    line: startLine)
            }
            for byte in line {
                switch state {
                case .fieldStart:
                    if byte == UInt8(ascii: "\"") {
                        state = .quoted
                    } else if byte == delimiter {
                        fields.append(field)
                        field.removeAll(keepingCapacity: true)
                    } else {
                        field.append(byte)
                        state = .unquoted
                    }
                case .unquoted:
                    if byte == delimiter {
                        fields.append(field)
                        field.removeAll(keepingCapacity: true)
                        state = .fieldStart
                    } else if byte == UInt8(ascii: "\"") {
                        return .broken(
                            message: "a double quote inside an unquoted field (field \(fields.count + 1))",
                            line: startLine)
                    } else {
                        field.append(byte)
                    }
                case .quoted:
                    if byte == UInt8(ascii: "\"") {
                        state = .quoteInQuoted
                    } else {
                        field.append(byte)
                    }
                case .quoteInQuoted:
                    if byte == UInt8(ascii: "\"") {
                        field.append(byte)
                        state = .quoted
                    } else if byte == delimiter {
                        fields.append(field)
                        field.removeAll(keepingCapacity: true)
                        state = .fieldStart
                    } else {
                        return .broken(
                            message: "unexpected character after the closing quote of field \(fields.count + 1)",
                            line: startLine)
                    }
                }
            }
            if state == .quoted {
                // A line break inside quotes belongs to the field.
                guard let next = try lines.nextLine() else {
                    throw CorpusError.brokenFile(
                        location: SourceLocation(file: path, line: startLine),
                        message: "broken CSV: a quoted field opened here is never closed")
                }
                field.append(0x0A)
                line = next
                continue
            }
            fields.append(field)
            return .fields(fields, line: startLine, byteOffset: startOffset)
        }
    }
}
