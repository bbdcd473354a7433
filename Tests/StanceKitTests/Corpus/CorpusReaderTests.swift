import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// Reads every document of `paths`, or returns the error.
private func read(_ paths: [String], _ options: CorpusOptions = CorpusOptions()) throws -> [Document] {
    try CorpusReader.readAll(paths: paths, options: options).documents
}

/// The description and exit status of the error reading `paths` throws.
private func failure(_ paths: [String], _ options: CorpusOptions = CorpusOptions()) -> (String, StanceKit.ExitStatus)? {
    do {
        _ = try read(paths, options)
        return nil
    } catch let error as any StanceFailure {
        return (error.description, error.exitStatus)
    } catch {
        return ("unexpected \(error)", .software)
    }
}

@Suite struct JSONLinesReaderTests {
    let fourLanguages = """
        {"id": "zh-1", "text": "中国外交部发言人表示，中方坚决反对外部势力干涉内政。", "label": "state_media", "source": "Eastern Herald", "target": "China", "date": "2024-03-01"}
        {"id": 2, "text": "中共當局持續打壓異見人士，多名記者遭到拘押。", "label": "diaspora_media", "source": null, "target": "China"}
        {"text": "The Chinese Communist Party tightened censorship again this week.", "label": "independent_media", "source": "", "date": "2024-03-02"}
        {"id": "vi-1", "text": "Việt Nam và Trung Quốc cam kết hợp tác cùng có lợi.", "label": "state_media", "source": "Tiếng Nói Hà Nội", "extra": {"nested": [1, 2, {"a": null}]}}

        """

    @Test func readsFieldsIdsAndNulls() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("corpus.jsonl", fourLanguages)
        let documents = try read([path])
        try #require(documents.count == 4)
        #expect(documents[0].id == "zh-1")
        #expect(documents[0].source == "Eastern Herald")
        #expect(documents[0].date == "2024-03-01")
        #expect(documents[0].location == SourceLocation(file: path, line: 1))
        // A number id is written as a string; a null source is nil.
        #expect(documents[1].id == "2")
        #expect(documents[1].source == nil)
        #expect(documents[1].date == nil)
        // No id: the 1-based record number; an empty string is absent, never "".
        #expect(documents[2].id == "3")
        #expect(documents[2].source == nil)
        #expect(documents[2].target == nil)
        #expect(documents[3].text == "Việt Nam và Trung Quốc cam kết hợp tác cùng có lợi.")
        #expect(documents[3].source == "Tiếng Nói Hà Nội")
    }

    @Test func blankLinesBOMAndCRLF() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("{\"text\": \"a\"}\r\n\r\n   \n{\"text\": \"b\\u00e9\\ud83d\\ude00\\n\"}".utf8)
        let path = try directory.write("crlf.jsonl", bytes: bytes)
        let documents = try read([path])
        #expect(documents.map(\.text) == ["a", "bé😀\n"])
        #expect(documents.map(\.id) == ["1", "2"])
        #expect(documents[1].location.line == 4)
    }

    @Test func customFieldNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("c.jsonl", #"{"body": "hello", "stance": "FAVOR", "outlet": "X", "uid": 7.50}"#)
        var options = CorpusOptions()
        options.textField = "body"
        options.labelField = "stance"
        options.sourceField = "outlet"
        options.idField = "uid"
        let document = try #require(try read([path], options).first)
        #expect(document.text == "hello")
        #expect(document.label == "FAVOR")
        #expect(document.source == "X")
        #expect(document.id == "7.50")
    }

    static let badJSONCases: [(String, String)] = [
        (
            "{\"text\": \"ok\"}\n{\"text\": \"a\", }",
            "2: broken JSON at column 15: expected a member name in double quotes, found '}'"
        ),
        (#"{"text": "ok", "label": tru}"#, "1: broken JSON at column 25: invalid literal (expected true)"),
        (#"{"text": "unterminated}"#, "1: broken JSON at column 10: unterminated string"),
        (#"{"text": "x"} trailing"#, "1: broken JSON at column 15: unexpected text after the JSON value"),
        (#"{"text": "bad \q escape"}"#, "1: broken JSON at column 15: invalid escape sequence in a string"),
        (#"{"text": "\ud800 alone"}"#, "1: broken JSON at column 11: a \\u escape holds a lone high surrogate"),
        // Past the first eight bytes of a string, where the parser tests eight bytes at a time.
        ("{\"text\": \"abcdefghijklmnop\tq\"}", "1: broken JSON at column 27: unescaped control character in a string"),
        (#"{"text": "abcdefghijklmnop\q"}"#, "1: broken JSON at column 27: invalid escape sequence in a string"),
        (#"{"text": "abcdefghijklmnopqrstuvwxyz}"#, "1: broken JSON at column 10: unterminated string"),
        (#"["text", "x"]"#, "1: expected a JSON object, found an array"),
        (#""just a string""#, "1: expected a JSON object, found a string"),
        (#"{"label": "FAVOR"}"#, "1: missing text field 'text'"),
        (#"{"text": null}"#, "1: missing text field 'text'"),
        (#"{"text": 42}"#, "1: text field 'text' is a number, expected a string"),
        (#"{"text": ["a"]}"#, "1: text field 'text' is an array, expected a string"),
        (#"{"text": ""}"#, "1: text field 'text' is empty or only white space"),
        (#"{"text": " \n\t\u3000 "}"#, "1: text field 'text' is empty or only white space"),
        (#"{"text": "x", "label": {"a": 1}}"#, "1: field 'label' is an object, expected a string or a number"),
        (#"{"text": "x", "n": 01}"#, "1: broken JSON at column 21: a number may not have a leading zero"),
    ]

    @Test(arguments: badJSONCases)
    func badRecordsStopWithFileLineAndReason(input: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bad.jsonl", input)
        let result = try #require(failure([path]))
        #expect(result.0 == "\(path):\(expected)")
        #expect(result.1 == .dataError)
    }

    @Test func invalidUTF8NamesTheByteOffset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Line 1 is 16 bytes with its newline; the bad byte is the 11th of line 2: offset 16 + 10 = 26.
        let bytes =
            Array(#"{"text": "ok"}"#.utf8) + [0x0A, 0x0A] + Array(#"{"text": ""#.utf8) + [0xC3, 0x28]
            + Array(#""}"#.utf8)
        let path = try directory.write("utf8.jsonl", bytes: bytes)
        let result = try #require(failure([path]))
        #expect(
            result.0
                == "\(path):3: invalid UTF-8 at byte offset 26: the file may be in windows-1252 (read it with --encoding windows-1252)"
        )
        #expect(result.1 == .dataError)
    }

    @Test func skipInvalidCountsReasonsAndKeepsGoodRecords() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = """
            {"text": "one"}
            {"text": ""}
            not json
            {"text": "two"}
            {"text": "  "}
            [1]

            """
        let path = try directory.write("mixed.jsonl", input)
        var options = CorpusOptions()
        options.skipInvalid = true
        let reader = try CorpusReader(paths: [path], options: options)
        var documents: [Document] = []
        try reader.forEach { documents.append($0) }
        #expect(documents.map(\.text) == ["one", "two"])
        // Record numbers count skipped records too, so ids do not depend on --skip-invalid.
        #expect(documents.map(\.id) == ["1", "4"])
        #expect(
            reader.skipSummary == [
                "skipped 2 records: empty text", "skipped 1 record: broken JSON",
                "skipped 1 record: JSON line is not an object",
            ])
    }

    @Test func emptyCorpusMissingFileAndUnknownFormat() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let empty = try directory.write("empty.jsonl", "\n\n")
        #expect(failure([empty])?.0 == "\(empty): the corpus holds no documents")
        #expect(failure([empty])?.1 == .dataError)
        let missing = directory.path + "/nope.jsonl"
        #expect(failure([missing])?.0 == "\(missing): no such file or directory")
        #expect(failure([missing])?.1 == .noInput)
        let odd = try directory.write("data.parquet", "x")
        #expect(failure([odd])?.1 == .usage)
        var options = CorpusOptions()
        options.skipInvalid = true
        let allBad = try directory.write("bad.jsonl", #"{"text": ""}"#)
        #expect(failure([allBad], options)?.0 == "\(allBad): the corpus holds no documents")
    }

    @Test func readsSeveralFilesInOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.jsonl", #"{"text": "a1"}"# + "\n" + #"{"text": "a2"}"#)
        let second = try directory.write("b.jsonl", #"{"text": "b1"}"#)
        let documents = try read([first, second])
        #expect(documents.map(\.text) == ["a1", "a2", "b1"])
        #expect(documents.map(\.id) == ["1", "2", "1"])
    }
}

@Suite struct GzipReaderTests {
    @Test func readsGzipAndConcatenatedMembers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let one = try gzipCompressed(Array((#"{"text": "首先"}"# + "\n").utf8))
        let two = try gzipCompressed(Array(#"{"text": "second"}"#.utf8))
        let path = try directory.write("c.jsonl.gz", bytes: one + two)
        #expect(try read([path]).map(\.text) == ["首先", "second"])
    }

    @Test func largeGzipStreamsAcrossChunks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (1...20_000).map {
            #"{"id": \#($0), "text": "document \#($0) 中共 \#(String(repeating: "x", count: $0 % 97))"}"#
        }
        let path = try directory.write(
            "big.jsonl.gz", bytes: try gzipCompressed(Array(lines.joined(separator: "\n").utf8)))
        let documents = try read([path])
        #expect(documents.count == 20_000)
        #expect(documents.last?.id == "20000")
        #expect(documents[12_344].text.hasPrefix("document 12345 中共"))
    }

    @Test func truncatedGzipIsAnErrorEvenWhenSkipping() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (1...2000).map { #"{"text": "line \#($0)"}"# }.joined(separator: "\n")
        let compressed = try gzipCompressed(Array(lines.utf8))
        let path = try directory.write("t.jsonl.gz", bytes: Array(compressed.prefix(compressed.count / 2)))
        var options = CorpusOptions()
        options.skipInvalid = true
        for options in [CorpusOptions(), options] {
            let result = try #require(failure([path], options))
            // The line is where the decompressed text stops, somewhere in the second half of the 2000 lines.
            #expect(result.0.hasPrefix("\(path):"))
            #expect(result.0.hasSuffix(": truncated gzip stream: the file ends inside compressed data"))
            let line = Int(result.0.dropFirst(path.count + 1).prefix { $0.isNumber }) ?? 0
            #expect((500...2000).contains(line))
            #expect(result.1 == .dataError)
        }
    }

    @Test func corruptGzipIsAnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var compressed = try gzipCompressed(Array(String(repeating: #"{"text": "abc"}"# + "\n", count: 50).utf8))
        compressed[compressed.count - 5] ^= 0xFF  // the stored length no longer matches
        let path = try directory.write("c.jsonl.gz", bytes: compressed)
        let result = try #require(failure([path]))
        // Found at the end, after the 50 lines: the stored length is checked once all is inflated.
        #expect(result.0.hasPrefix("\(path):51: corrupt gzip stream"))
        #expect(result.1 == .dataError)
    }
}

@Suite struct CSVReaderTests {
    @Test func quotingCornerCases() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csv =
            "id,text,label,source\r\n"
            + "a,\"Beijing, Hanoi and Taipei\",FAVOR,X\r\n"
            + "b,\"He called it a \"\"so-called\"\" democracy\",AGAINST,\r\n"
            + "c,\"first line\nsecond line\",NONE,Y\n"
            + ",中共当局加强审查,AGAINST,Z\n"
            + "\"e\",\"\",NONE,Z\n"
        let path = try directory.write("q.csv", csv)
        var options = CorpusOptions()
        options.skipInvalid = true
        let reader = try CorpusReader(paths: [path], options: options)
        var documents: [Document] = []
        try reader.forEach { documents.append($0) }
        try #require(documents.count == 4)
        #expect(documents[0].text == "Beijing, Hanoi and Taipei")
        #expect(documents[1].text == "He called it a \"so-called\" democracy")
        #expect(documents[1].source == nil)
        #expect(documents[2].text == "first line\nsecond line")
        #expect(documents[2].location.line == 4)
        // The record number, not the physical line, is the id of a record without one.
        #expect(documents[3].id == "4")
        #expect(documents[3].location.line == 6)
        #expect(documents[3].text == "中共当局加强审查")
        #expect(reader.skipSummary == ["skipped 1 record: empty text"])
    }

    static let badCSVCases: [(String, String)] = [
        ("id,text\n1,fine\n2,\"open\n", "3: broken CSV: a quoted field opened here is never closed"),
        ("id,body\n1,x\n", "1: the CSV header has no column 'text' (columns: id, body)"),
        ("id,text\n1,\"a\"b\n", "2: broken CSV: unexpected character after the closing quote of field 2"),
        ("id,text\n1,a\"b\n", "2: broken CSV: a double quote inside an unquoted field (field 2)"),
        ("id,text\n1,a,extra\n", "2: expected 2 CSV fields as in the header, found 3"),
        ("id,text\n1,   \n", "2: text field 'text' is empty or only white space"),
    ]

    @Test(arguments: badCSVCases)
    func badCSV(input: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bad.csv", input)
        let result = try #require(failure([path]))
        #expect(result.0 == "\(path):\(expected)")
        #expect(result.1 == .dataError)
    }

    @Test func invalidUTF8InCSV() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("u.csv", bytes: Array("id,text\n1,ab".utf8) + [0xFF] + [0x0A])
        #expect(
            failure([path])?.0
                == "\(path):2: invalid UTF-8 at byte offset 12: the file may be in windows-1252 (read it with --encoding windows-1252)"
        )
    }

    @Test func gzippedCSV() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "g.csv.gz", bytes: try gzipCompressed(Array("text,label\nhello,A\nworld,B\n".utf8)))
        #expect(try read([path]).map(\.label) == ["A", "B"])
    }
}

@Suite struct TextFileReaderTests {
    @Test func directoryIdsAndSourcesFromFolders() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("corpus/Harbour Daily/b.txt", "香港繁榮穩定。")
        try directory.write("corpus/Harbour Daily/a.txt", "Hong Kong is stable.")
        try directory.write("corpus/Tiếng Nói/c.txt", "Hợp tác cùng có lợi.")
        try directory.write("corpus/top.txt", "A file at the top.")
        try directory.write("corpus/notes.md", "not a text file")
        var options = CorpusOptions()
        options.sourceFromDirectory = true
        let documents = try read([directory.path + "/corpus"], options)
        #expect(documents.map(\.id) == ["Harbour Daily/a.txt", "Harbour Daily/b.txt", "Tiếng Nói/c.txt", "top.txt"])
        #expect(documents.map(\.source) == ["Harbour Daily", "Harbour Daily", "Tiếng Nói", nil])
        #expect(try read([directory.path + "/corpus"]).allSatisfy { $0.source == nil })
    }

    @Test func singleTextFileAndErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("article.txt", "中國\n台灣")
        let documents = try read([path])
        #expect(documents.map(\.id) == ["article.txt"])
        #expect(documents[0].text == "中國\n台灣")
        let bad = try directory.write("bad.txt", bytes: Array("line one\nline two ".utf8) + [0xE4, 0xB8])
        #expect(
            failure([bad])?.0
                == "\(bad):2: invalid UTF-8 at byte offset 18: the file may be in gb18030, big5 or windows-1252 (read it with --encoding gb18030)"
        )
        let empty = try directory.write("empty.txt", "  \n ")
        #expect(failure([empty])?.0 == "\(empty): text field 'text' is empty or only white space")
    }
}
