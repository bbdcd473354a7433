import Testing
import _StanceTestSupport

@testable import StanceKit

/// `NormalizedCorpus(readingAhead:)` parses and normalises on every thread while the next records are read: it must
/// give what the in-line reading gives, document for document and error for error.
@Suite struct ReadAheadCorpusTests {
    /// Lines of seven kinds, valid and not, in the four languages, with fields that come and go.
    static func lines(_ count: Int) -> String {
        var lines: [String] = []
        for index in 0..<count {
            switch index % 9 {
            case 0:
                lines.append(
                    "{\"id\": \"a\(index)\", \"text\": \"Hòa bình hôm nay \(index). Tôi đi học.\", \"tag\": \"x\"}")
            case 1: lines.append("{\"id\": \"a\(index)\", \"text\": ")
            case 2: lines.append("[1, 2]")
            case 3: lines.append("{\"id\": \"a\(index)\", \"text\": \"上游新建的水壩，中共說。\", \"n\": 3, \"ok\": true}")
            case 4: lines.append("{\"id\": \"a\(index)\", \"text\": \"   \"}")
            case 5: lines.append("")
            case 6:
                lines.append(
                    "{\"id\": \"a\(index)\", \"text\": \"上游新建的水坝，\\\"中共\\\"说。\", \"source\": \"s\(index % 4)\"}")
            case 7:
                lines.append("{\"text\": \"The River Rose — \\\"quoted words\\\" at https://example.org/x \(index).\"}")
            default: lines.append("{\"id\": \"a\(index)\", \"body\": \"The river rose.\", \"extra\(index % 3)\": null}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func both(
        _ path: String, options: CorpusOptions, threads: ThreadBudget
    ) throws -> (inline: NormalizedCorpus, ahead: NormalizedCorpus, notes: ([String], [String])) {
        let inlineWarnings = WarningSink()
        let inline = try NormalizedCorpus(
            paths: [path], options: options, normalization: TextNormalizer.Options(), threads: threads,
            warnings: inlineWarnings)
        let aheadWarnings = WarningSink()
        let ahead = try NormalizedCorpus(
            readingAhead: [path], options: options, normalization: TextNormalizer.Options(), threads: threads,
            warnings: aheadWarnings)
        return (inline, ahead, (inlineWarnings.messages.map(\.text), aheadWarnings.messages.map(\.text)))
    }

    @Test(arguments: [2, 3])
    func sameDocumentsTextsFieldsAndSkips(threads: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // More records than one batch, so that batches and their order matter.
        let path = try directory.write("c.jsonl", Self.lines(NormalizedCorpus.readAheadBatchSize * 5 + 37))
        var options = CorpusOptions()
        options.skipInvalid = true
        options.keepAllFields = true
        let (inline, ahead, notes) = try Self.both(path, options: options, threads: ThreadBudget(requested: threads)!)
        #expect(ahead.documents.count == inline.documents.count)
        #expect(ahead.documents.count > NormalizedCorpus.readAheadBatchSize)
        #expect(ahead.documents == inline.documents)
        #expect(ahead.texts == inline.texts)
        #expect(ahead.fieldNames == inline.fieldNames)
        #expect(ahead.fieldNames.contains("extra2"))
        #expect(notes.1 == notes.0)
        #expect(notes.1.count == 4)
        #expect(Set(ahead.texts.map(\.language)).count >= 3)
    }

    /// Gzip input goes through the same read-ahead thread.
    @Test func gzipInputReadsTheSame() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("c.jsonl.gz", bytes: try gzipCompressed(Array(Self.lines(3000).utf8)))
        var options = CorpusOptions()
        options.skipInvalid = true
        let (inline, ahead, _) = try Self.both(path, options: options, threads: 2)
        #expect(ahead.documents == inline.documents)
        #expect(ahead.texts == inline.texts)
    }

    /// A bad record stops both with the same error, naming the file and line.
    @Test func aBadRecordStopsWithTheSameError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Many batches: the run stops at the first while the reading thread waits for room for the next.
        let path = try directory.write("c.jsonl", Self.lines(NormalizedCorpus.readAheadBatchSize * 6))
        var inlineError = ""
        var aheadError = ""
        do {
            _ = try NormalizedCorpus(
                paths: [path], options: CorpusOptions(), normalization: TextNormalizer.Options(), threads: 2,
                warnings: WarningSink())
        } catch { inlineError = "\(error)" }
        do {
            _ = try NormalizedCorpus(
                readingAhead: [path], options: CorpusOptions(), normalization: TextNormalizer.Options(), threads: 2,
                warnings: WarningSink())
        } catch { aheadError = "\(error)" }
        #expect(aheadError == inlineError)
        #expect(aheadError.contains("c.jsonl:2:"))
    }

    /// An input with no document ends with the empty-corpus error.
    @Test func anEmptyCorpusFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("c.jsonl", "\n  \n")
        #expect(throws: CorpusError.self) {
            try NormalizedCorpus(
                readingAhead: [path], options: CorpusOptions(), normalization: TextNormalizer.Options(), threads: 2,
                warnings: WarningSink())
        }
    }
}
