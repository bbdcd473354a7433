/// A strict parser for one JSON Lines record (RFC 8259), reading only what `stance` needs: the top-level members of
/// one object, with string, number, boolean and null values kept and nested objects and arrays checked and skipped.
///
/// It works on the UTF-8 bytes of a line that has already been validated, and reports the 1-based column of the
/// first syntax error.
struct JSONLineParser {
    /// A top-level member's value, as far as `stance` uses it.
    enum Value: Equatable {
        case string(String)
        /// A number, kept as written in the input (so that an id `00123` or `1e3` is not rewritten).
        case number(String)
        case bool(Bool)
        case null
        case object
        case array

        var kind: String {
            switch self {
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            case .object: "an object"
            case .array: "an array"
            }
        }
    }

    /// Broken JSON at byte `offset` of the line: caught by the reader and reported with file and line (exit 65).
    struct SyntaxError: StanceFailure, Equatable {
        var offset: Int
        var message: String
        var exitStatus: ExitStatus { .dataError }
        var description: String { "broken JSON at byte \(offset + 1): \(message)" }
    }

    enum Outcome: Equatable {
        case object([String: Value])
        /// Valid JSON that is not an object: what it is.
        case notAnObject(String)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let maximumDepth = 512

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one line holding one JSON value.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> Outcome {
        var parser = JSONLineParser(bytes: line)
        parser.skipWhitespace()
        guard parser.index < line.count else { throw SyntaxError(offset: 0, message: "empty line") }
        let outcome: Outcome
        if line[parser.index] == UInt8(ascii: "{") {
            outcome = .object(try parser.parseTopLevelObject())
        } else {
            let value = try parser.parseValue(depth: 0)
            outcome = .notAnObject(value.kind)
        }
        parser.skipWhitespace()
        if parser.index < line.count {
            throw SyntaxError(offset: parser.index, message: "unexpected text after the JSON value")
        }
        return outcome
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func describeHere() -> String {
        guard index < bytes.count else { return "the end of the line" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        guard index < bytes.count, bytes[index] == byte else {
            throw SyntaxError(offset: index, message: "expected \(what), found \(describeHere())")
        }
        index += 1
    }

    private mutating func parseTopLevelObject() throws(SyntaxError) -> [String: Value] {
        var members: [String: Value] = [:]
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw SyntaxError(
                    offset: index, message: "expected a member name in double quotes, found \(describeHere())")
            }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            skipWhitespace()
            members[key] = try parseValue(depth: 1)
            skipWhitespace()
            guard index < bytes.count else {
                throw SyntaxError(offset: index, message: "unterminated object: expected ',' or '}'")
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return members
        }
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> Value {
        guard index < bytes.count else {
            throw SyntaxError(offset: index, message: "expected a value, found the end of the line")
        }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer(depth: depth)
            return bytes[index - 1] == UInt8(ascii: "}") ? .object : .array
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw SyntaxError(offset: index, message: "expected a value, found \(describeHere())")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let start = index
        let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in text {
            guard index < bytes.count, bytes[index] == byte else {
                throw SyntaxError(offset: start, message: "invalid literal (expected \(word))")
            }
            index += 1
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = index
        func digits(_ parser: inout JSONLineParser) -> Int {
            var count = 0
            while parser.index < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.index]) {
                parser.index += 1
                count += 1
            }
            return count
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else {
            throw SyntaxError(offset: index, message: "expected a digit in a number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                throw SyntaxError(offset: index, message: "a number may not have a leading zero")
            }
        } else {
            _ = digits(&self)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw SyntaxError(offset: index, message: "expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            if digits(&self) == 0 { throw SyntaxError(offset: index, message: "expected a digit in an exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw SyntaxError(offset: index, message: "incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw SyntaxError(offset: index, message: "invalid hex digit in a \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// Parses a string starting at a `"`; the bytes are valid UTF-8 already.
    private mutating func parseString() throws(SyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        // Fast path: no escapes. Eight bytes at a time while none of them ends the string, is an escape or a
        // control character; the byte loop then finds which one it is.
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= bytes.count
            && !SWAR.hasJSONStringStop(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        {
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw SyntaxError(offset: index, message: "unescaped control character in a string") }
            index += 1
        }
        guard index < bytes.count else { throw SyntaxError(offset: open, message: "unterminated string") }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(index - start + 64)
        decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            // Between escapes too, eight bytes at a time are copied while none of them ends the string, is an escape
            // or a control character (a news text's every line break is an escape).
            var runEnd = index
            while runEnd + 8 <= bytes.count
                && !SWAR.hasJSONStringStop(base.loadUnaligned(fromByteOffset: runEnd, as: UInt64.self))
            {
                runEnd += 8
            }
            if runEnd > index {
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<runEnd]))
                index = runEnd
                continue
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw SyntaxError(offset: index, message: "unescaped control character in a string") }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard index < bytes.count else { throw SyntaxError(offset: open, message: "unterminated string") }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try hexQuad()
                let scalar: Unicode.Scalar
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else {
                        throw SyntaxError(offset: escapeStart, message: "a \\u escape holds a lone high surrogate")
                    }
                    index += 2
                    let low = try hexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw SyntaxError(offset: escapeStart, message: "a \\u escape holds a lone high surrogate")
                    }
                    scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw SyntaxError(offset: escapeStart, message: "a \\u escape holds a lone low surrogate")
                } else {
                    scalar = Unicode.Scalar(unit)!
                }
                decoded.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw SyntaxError(offset: escapeStart, message: "invalid escape sequence in a string")
            }
        }
        throw SyntaxError(offset: open, message: "unterminated string")
    }

    /// Skips a nested object or array, checking its syntax.
    private mutating func skipContainer(depth: Int) throws(SyntaxError) {
        guard depth < maximumDepth else {
            throw SyntaxError(offset: index, message: "nesting deeper than \(maximumDepth)")
        }
        let isObject = bytes[index] == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            if isObject {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw SyntaxError(
                        offset: index, message: "expected a member name in double quotes, found \(describeHere())")
                }
                _ = try parseString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipWhitespace()
            }
            _ = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard index < bytes.count else {
                throw SyntaxError(offset: index, message: isObject ? "unterminated object" : "unterminated array")
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(close, isObject ? "',' or '}'" : "',' or ']'")
            return
        }
    }
}

extension JSONLineParser {
    /// A value in an object or array, with the byte range it occupies (so that a nested object or array can be read
    /// with ``members(of:)`` or ``elements(of:)`` in turn).
    struct Item {
        var value: Value
        var range: Range<Int>
    }

    /// The members of the one object `bytes` hold, in input order with their values' byte ranges (a name given
    /// twice is listed twice), or `nil` when `bytes` hold valid JSON that is not an object.
    static func members(of bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [(name: String, item: Item)]? {
        var parser = JSONLineParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.index < bytes.count else { throw SyntaxError(offset: 0, message: "empty line") }
        guard bytes[parser.index] == UInt8(ascii: "{") else {
            _ = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            if parser.index < bytes.count {
                throw SyntaxError(offset: parser.index, message: "unexpected text after the JSON value")
            }
            return nil
        }
        var members: [(name: String, item: Item)] = []
        try parser.parseSequence(close: UInt8(ascii: "}")) { (parser) throws(SyntaxError) in
            guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "\"") else {
                throw SyntaxError(
                    offset: parser.index,
                    message: "expected a member name in double quotes, found \(parser.describeHere())")
            }
            let name = try parser.parseString()
            parser.skipWhitespace()
            try parser.expect(UInt8(ascii: ":"), "':' after a member name")
            parser.skipWhitespace()
            let start = parser.index
            let value = try parser.parseValue(depth: 1)
            members.append((name, Item(value: value, range: start..<parser.index)))
        }
        return members
    }

    /// The elements of the one array `bytes` hold, in order with their byte ranges, or `nil` when `bytes` hold valid
    /// JSON that is not an array.
    static func elements(of bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [Item]? {
        var parser = JSONLineParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "[") else {
            _ = try parser.parseValue(depth: 0)
            return nil
        }
        var items: [Item] = []
        try parser.parseSequence(close: UInt8(ascii: "]")) { (parser) throws(SyntaxError) in
            let start = parser.index
            let value = try parser.parseValue(depth: 1)
            items.append(Item(value: value, range: start..<parser.index))
        }
        return items
    }

    /// Reads `[`/`{`, then entries separated by commas up to `close`, then the end of the input.
    private mutating func parseSequence(
        close: UInt8, entry: (inout JSONLineParser) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == close {
            index += 1
        } else {
            while true {
                skipWhitespace()
                try entry(&self)
                skipWhitespace()
                guard index < bytes.count else {
                    throw SyntaxError(
                        offset: index, message: "unterminated value: expected ',' or '\(Unicode.Scalar(close))'")
                }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(close, "',' or '\(Unicode.Scalar(close))'")
                break
            }
        }
        skipWhitespace()
        if index < bytes.count {
            throw SyntaxError(offset: index, message: "unexpected text after the JSON value")
        }
    }
}
