import Testing
import _StanceTestSupport

@testable import StanceKit

/// Strings with escapes: the parser copies the runs between escapes eight bytes at a time, and must still give the
/// decoded text, and the offset of a control byte or the start of an unterminated string, wherever they fall.
@Suite struct JSONStringEscapeTests {
    /// Pieces of texts (written for these tests) and their JSON spelling, escapes at every offset of a chunk.
    static let pieces: [(text: String, json: String)] = [
        ("a", "a"), ("river rose", "river rose"), ("abcdefghijklmnopq", "abcdefghijklmnopq"), ("\n", "\\n"),
        ("\"", "\\\""), ("\\", "\\\\"), ("/", "\\/"), ("/", "/"), ("\t", "\\t"), ("é", "\\u00e9"), ("é", "é"),
        ("😀", "\\ud83d\\ude00"), ("河畔日报报道", "河畔日报报道"), ("Giá vàng", "Giá vàng"), ("\r\n", "\\r\\n"),
        ("\u{8}\u{C}", "\\b\\f"), ("12345678", "12345678"),
    ]

    @Test func stringsWithEscapesDecodeAsWritten() throws {
        var random = SeededGenerator(seed: 2_414)
        var escaped = 0
        for _ in 0..<2_000 {
            var text = ""
            var json = ""
            for _ in 0..<(1 + random.nextIndex(below: 40)) {
                let piece = Self.pieces[random.nextIndex(below: Self.pieces.count)]
                text += piece.text
                json += piece.json
            }
            if json.contains("\\") { escaped += 1 }
            var line = #"{"id": "x", "text": "\#(json)", "source": "Daily Planet"}"#
            let outcome = try line.withUTF8 { try JSONLineParser.parse($0) }
            guard case .object(let members) = outcome else {
                Issue.record("not an object: \(line)")
                continue
            }
            #expect(members["text"] == .string(text), "\(json.debugDescription)")
            #expect(members["source"] == .string("Daily Planet"))
        }
        #expect(escaped > 1_500)
    }

    @Test func controlBytesAfterAnEscapeAreFoundWhereTheyAre() {
        // The control byte after an escape, at each offset of the eight-byte chunks that follow it.
        for gap in 0..<20 {
            var line = #"{"text": "ab\ncd"# + String(repeating: "x", count: gap) + "\u{1}" + #"yz"}"#
            let offset = 10 + 6 + gap
            #expect(
                throws: JSONLineParser.SyntaxError(offset: offset, message: "unescaped control character in a string")
            ) {
                _ = try line.withUTF8 { try JSONLineParser.parse($0) }
            }
            var open = #"{"text": "ab\ncd"# + String(repeating: "x", count: gap)
            #expect(throws: JSONLineParser.SyntaxError(offset: 9, message: "unterminated string")) {
                _ = try open.withUTF8 { try JSONLineParser.parse($0) }
            }
        }
    }
}
