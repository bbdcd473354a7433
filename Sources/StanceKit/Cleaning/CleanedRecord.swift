/// The lines `stance clean` writes for one document: the record with its text cleaned, and one log line per removal.
public enum CleanedRecord {
    /// The output JSON line (without its line break) for `document` with its text replaced by `cleaned.text`.
    ///
    /// A JSON Lines record (``Document/rawRecord``) is written back as it was read, every member in its place and
    /// spelled as it was, with only the value of `textField` replaced. A document read from CSV or text files
    /// becomes an object of its id, text and the label, source, target and date it has, under the field names of
    /// `fields`, then every other field it has (``Document/fields``, kept by a reader with
    /// ``CorpusOptions/keepAllFields``), by name in code point order; empty CSV cells are left out.
    public static func line(for document: Document, cleaned: CleanedText, fields: CorpusOptions) -> String {
        if let raw = document.rawRecord,
            let range = raw.withUnsafeBufferPointer({ JSONMemberLocator.valueRange(of: fields.textField, in: $0) })
        {
            var escaped = ""
            JSON.appendEscaped(cleaned.text, to: &escaped)
            var bytes = Array(raw[..<range.lowerBound])
            bytes.append(contentsOf: escaped.utf8)
            bytes.append(contentsOf: raw[range.upperBound...])
            while let last = bytes.last, last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }
        var members: [(String, JSON)] = [
            (fields.idField, .string(document.id)), (fields.textField, .string(cleaned.text)),
        ]
        for (name, value) in [
            (fields.labelField, document.label), (fields.sourceField, document.source),
            (fields.targetField, document.target), (fields.dateField, document.date),
        ] {
            if let value { members.append((name, .string(value))) }
        }
        // Every other field of a CSV record (read with `keepAllFields`), in code point order of the names.
        let named: Set<String> = [
            fields.idField, fields.textField, fields.labelField, fields.sourceField, fields.targetField,
            fields.dateField,
        ]
        for name in document.fields.keys.sorted(by: utf8Precedes) where !named.contains(name) {
            members.append((name, .string(document.fields[name]!)))
        }
        return JSON.object(members).rendered()
    }

    /// One JSON line per removal: `id`, `reason`, the removed `text` in the original script, `start` and `end` (Unicode
    /// scalars of the input text, 0-based, half-open).
    ///
    /// A document dropped as a near-duplicate (`duplicateOf`, the id of the document kept for its cluster) has one
    /// line, `near_duplicate`, covering its whole text, with a `duplicate_of` member.
    public static func logLines(
        for document: Document, cleaned: CleanedText, duplicateOf: String? = nil
    ) -> [String] {
        guard !cleaned.removals.isEmpty else { return [] }
        let scalars = Array(document.text.unicodeScalars)
        return cleaned.removals.map { removal in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[removal.start..<removal.end])
            var members: [(String, JSON)] = [
                ("id", .string(document.id)), ("reason", .string(removal.reason.rawValue)),
                ("text", .string(String(text))), ("start", .int(removal.start)), ("end", .int(removal.end)),
            ]
            if let duplicateOf { members.append(("duplicate_of", .string(duplicateOf))) }
            return JSON.object(members).rendered()
        }
    }
}

/// Finds the byte range of a top-level member's value in one valid JSON object (a record the corpus reader has
/// already parsed), so that the value can be replaced without touching the rest of the line.
enum JSONMemberLocator {
    /// The range of the value of the first top-level member named `name` (its quotes included for a string), or
    /// `nil` when the object has no such member.
    static func valueRange(of name: String, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = 0
        func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        /// Skips a string starting at `index` (a quote) and returns its decoded contents.
        func string() -> String {
            var scalars = String.UnicodeScalarView()
            index += 1
            var start = index
            var raw: [UInt8] = []
            while index < bytes.count && bytes[index] != 0x22 {
                if bytes[index] == 0x5C {
                    raw.append(contentsOf: bytes[start..<index])
                    let escape = bytes[index + 1]
                    switch escape {
                    case 0x6E: raw.append(0x0A)
                    case 0x74: raw.append(0x09)
                    case 0x72: raw.append(0x0D)
                    case 0x62: raw.append(0x08)
                    case 0x66: raw.append(0x0C)
                    case 0x75:
                        let hex = String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self)
                        if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                            raw.append(contentsOf: String(scalar).utf8)
                        }
                        index += 4
                    default: raw.append(escape)
                    }
                    index += 2
                    start = index
                    continue
                }
                index += 1
            }
            raw.append(contentsOf: bytes[start..<min(index, bytes.count)])
            index += 1
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            return String(scalars)
        }
        /// Skips any value starting at `index`.
        func skipValue() {
            guard index < bytes.count else { return }
            switch bytes[index] {
            case 0x22: _ = string()
            case 0x7B, 0x5B:
                var depth = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x22 {
                        _ = string()
                        continue
                    }
                    if byte == 0x7B || byte == 0x5B { depth += 1 }
                    if byte == 0x7D || byte == 0x5D {
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return
                        }
                    }
                    index += 1
                }
            default:
                while index < bytes.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                }
            }
        }
        skipSpace()
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        skipSpace()
        guard index < bytes.count, bytes[index] == 0x7B else { return nil }
        index += 1
        while index < bytes.count {
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x22 else { return nil }
            let key = string()
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x3A else { return nil }
            index += 1
            skipSpace()
            let start = index
            skipValue()
            if key == name { return start..<index }
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x2C else { return nil }
            index += 1
        }
        return nil
    }
}
