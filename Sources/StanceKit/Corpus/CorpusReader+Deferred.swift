/// A record cut from the input by ``CorpusReader/nextUnparsed()``: a JSON line still to parse, a record its source
/// parsed as it read it (CSV, text files), or the end of one input.
enum UnparsedRecord: Sendable {
    case jsonLine(JSONLineRecord)
    /// A record of a source that parses as it reads, with the field names that source knew then.
    case parsed(RecordOutcome, fieldNames: Set<String>)
    /// One input read to the end, with the field names its source knew (a CSV header).
    case ended(fieldNames: Set<String>)

    /// The record parsed: pure work on the record alone, so it may run on any thread.
    func parsed() -> ParsedRecord {
        switch self {
        case .jsonLine(let line): line.parsed()
        case .parsed(let outcome, let fieldNames): ParsedRecord(outcome: outcome, fieldNames: fieldNames)
        case .ended(let fieldNames): ParsedRecord(outcome: nil, fieldNames: fieldNames)
        }
    }
}

/// A parsed record, for ``CorpusReader/absorb(_:)``: the document or why it is invalid (`nil` for the end of an
/// input), and the field names it carries.
struct ParsedRecord: Sendable {
    var outcome: RecordOutcome?
    var fieldNames: Set<String>
}

/// One non-blank line of a JSON Lines input, with where it stands in its file.
struct JSONLineRecord: Sendable {
    var line: [UInt8]
    var location: SourceLocation
    /// The line's first byte, in bytes from the start of the (decompressed) stream.
    var lineOffset: Int
    /// The record's 1-based number among the non-blank lines (the id of a record without one).
    var recordNumber: Int
    var options: CorpusOptions

    /// Checks the line's UTF-8, parses its JSON and builds the document, or says why the record is invalid; the
    /// field names are the members of a line that holds an object.
    func parsed() -> ParsedRecord {
        if let bad = firstInvalidUTF8Index(line) {
            return ParsedRecord(
                outcome: .invalid(location, options.invalidUTF8(at: lineOffset + bad, in: line[...])), fieldNames: [])
        }
        let outcome: JSONLineParser.Outcome
        do {
            outcome = try line.withUnsafeBufferPointer { (bytes) throws(JSONLineParser.SyntaxError) in
                try JSONLineParser.parse(bytes)
            }
        } catch {
            let column =
                String(decoding: line[..<min(error.offset, line.count)], as: UTF8.self).unicodeScalars.count + 1
            return ParsedRecord(
                outcome: .invalid(location, .brokenJSON(column: column, message: error.message)), fieldNames: [])
        }
        let members: [String: JSONLineParser.Value]
        switch outcome {
        case .object(let found): members = found
        case .notAnObject(let kind):
            return ParsedRecord(outcome: .invalid(location, .notAnObject(found: kind)), fieldNames: [])
        }
        let options = options
        var record = options.makeDocument(
            recordNumber: recordNumber, location: location, names: { Array(members.keys) }
        ) { name in
            switch members[name] {
            case nil: .absent
            case .null: .null
            case .string(let value): .text(value)
            case .number(let value): name == options.textField ? .other("a number") : .text(value)
            case .bool(let value): name == options.textField ? .other("a boolean") : .text(value ? "true" : "false")
            case let value?: .other(value.kind)
            }
        }
        if options.keepsRecords, case .document(var document) = record {
            document.rawRecord = line
            record = .document(document)
        }
        return ParsedRecord(outcome: record, fieldNames: Set(members.keys))
    }
}

extension CorpusReader {
    /// Counts a parsed record in input order (the last step of ``next()``): its field names join ``fieldNames``; a
    /// document is counted and returned; an invalid record throws, or under ``CorpusOptions/skipInvalid`` is counted
    /// in ``skipped`` and gives `nil`, as does the end of an input.
    ///
    /// - Throws: ``CorpusError/invalidRecord(location:reason:)``.
    func absorb(_ record: ParsedRecord) throws -> Document? {
        for name in record.fieldNames where !takenFieldNames.contains(name) { takenFieldNames.insert(name) }
        switch record.outcome {
        case nil: return nil
        case .document(let document)?:
            documentCount += 1
            return document
        case .invalid(let location, let reason)?:
            if !options.skipInvalid { throw CorpusError.invalidRecord(location: location, reason: reason) }
            if let index = skipped.firstIndex(where: { $0.reason == reason.category }) {
                skipped[index].count += 1
            } else {
                skipped.append((reason.category, 1))
            }
            return nil
        }
    }

    /// Throws ``CorpusError/emptyCorpus(paths:)`` when every input was read and no document was found.
    func checkNotEmpty() throws {
        if documentCount == 0 { throw CorpusError.emptyCorpus(paths: paths) }
    }
}
