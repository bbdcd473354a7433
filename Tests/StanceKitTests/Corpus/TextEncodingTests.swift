import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct TextEncodingTests {
    func read(_ name: String, _ bytes: [UInt8], encoding: TextEncoding = .auto, delimiter: UInt8? = nil) throws
        -> [Document]
    {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(name, bytes: bytes)
        var options = CorpusOptions()
        options.encoding = encoding
        options.delimiter = delimiter
        return try CorpusReader.readAll(paths: [path], options: options).documents
    }

    func failure(_ name: String, _ bytes: [UInt8], encoding: TextEncoding = .auto) throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(name, bytes: bytes)
        var options = CorpusOptions()
        options.encoding = encoding
        do {
            _ = try CorpusReader.readAll(paths: [path], options: options)
            return "no error"
        } catch let error as CorpusError {
            return error.description.replacingOccurrences(of: path, with: "FILE")
        }
    }

    // 中国 in GB18030 (GB2312 range): D6 D0 B9 FA. 台灣 in Big5: A5 78 C6 57. café in windows-1252: 63 61 66 E9.
    let gb: [UInt8] = [0xD6, 0xD0, 0xB9, 0xFA]
    let big5: [UInt8] = [0xA5, 0x78, 0xC6, 0x57]

    func line(_ text: [UInt8]) -> [UInt8] { Array(#"{"id": "1", "text": ""#.utf8) + text + Array("\"}\n".utf8) }

    @Test func convertsGB18030Big5AndWindows1252() throws {
        #expect(try read("g.jsonl", line(gb), encoding: .gb18030).map(\.text) == ["中国"])
        #expect(try read("b.jsonl", line(big5), encoding: .big5).map(\.text) == ["台灣"])
        #expect(
            try read("w.csv", Array("id,text\n1,caf".utf8) + [0xE9, 0x96, 0x0A], encoding: .windows1252)
                .map(\.text) == ["café–"])
    }

    @Test func utf16ByItsByteOrderMarkOrAskedFor() throws {
        let text = "{\"id\": \"v\", \"text\": \"Hòa bình 和平\"}\n"
        let little = [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!)
        let big = [0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian)!)
        #expect(try read("l.jsonl", little).map(\.text) == ["Hòa bình 和平"])
        #expect(try read("b.jsonl", big).map(\.text) == ["Hòa bình 和平"])
        let bare = Array(text.data(using: .utf16LittleEndian)!)
        #expect(try read("n.jsonl", bare, encoding: .utf16).map(\.text) == ["Hòa bình 和平"])
        #expect(
            try failure("n.jsonl", bare)
                == "FILE:1: the file holds NUL bytes: it looks like UTF-16 without a byte-order mark; read it with --encoding utf-16"
        )
    }

    @Test func autoNamesTheLikelyEncodings() throws {
        #expect(
            try failure("g.jsonl", line(gb))
                == "FILE:1: invalid UTF-8 at byte offset 21: the file may be in gb18030, big5 or windows-1252 (read it with --encoding gb18030)"
        )
        #expect(
            try failure("b.jsonl", line(big5))
                == "FILE:1: invalid UTF-8 at byte offset 21: the file may be in big5, gb18030 or windows-1252 (read it with --encoding big5)"
        )
    }

    @Test func badBytesInTheGivenEncodingNameTheLineAndTheFileOffset() throws {
        // 0x81 is not a character of windows-1252; it stands on line 2 at byte 8 + 3 of the file.
        #expect(
            try failure("w.csv", Array("id,text\n1,a".utf8) + [0x81, 0x0A], encoding: .windows1252)
                == "FILE:2: invalid windows-1252 at byte offset 11")
    }

    @Test func multibyteSequencesCutAtChunkBoundariesAreCarriedOver() throws {
        // 中 (D6 D0) repeated across several 64 KiB chunks, shifted by an odd prefix so pairs straddle the boundaries;
        // also a four-byte GB18030 sequence (ệ, U+1EC7: 81 36 84 33).
        let prefix = Array(#"{"id": "1", "text": "x"#.utf8)
        var body: [UInt8] = []
        for _ in 0..<70_000 { body += [0xD6, 0xD0] }
        for _ in 0..<20_000 { body += [0x81, 0x36, 0x84, 0x33] }
        let documents = try read("big.jsonl", prefix + body + Array("\"}\n".utf8), encoding: .gb18030)
        #expect(documents.count == 1)
        let expected = "x" + String(repeating: "中", count: 70_000) + String(repeating: "\u{1EC7}", count: 20_000)
        #expect(documents.first?.text == expected)
    }

    @Test func semicolonAndTabSeparatedValues() throws {
        #expect(
            try read("s.csv", Array("id;text;source\n1;\"a; b\";X\n".utf8), delimiter: UInt8(ascii: ";")).map(\.text)
                == ["a; b"])
        let tsv = try read("t.tsv", Array("id\ttext\tsource\n1\tTiếng Việt, tiếng mẹ đẻ\tY\n".utf8))
        #expect(tsv.map(\.text) == ["Tiếng Việt, tiếng mẹ đẻ"])
        #expect(tsv.map(\.source) == ["Y"])
    }
}
