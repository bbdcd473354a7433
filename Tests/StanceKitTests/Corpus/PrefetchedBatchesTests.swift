import Testing

@testable import StanceKit

@Suite struct PrefetchedBatchesTests {
    static func corpus(_ count: Int, badLine: Int? = nil) -> [UInt8] {
        let texts = ["Hòa bình hôm nay.", "中共和中共。", "The river rose.", "上游新建的水壩。"]
        var lines = ""
        for index in 0..<count {
            lines +=
                index + 1 == badLine
                ? "{\"id\": \"d\(index)\", \"text\": \n"
                : "{\"id\": \"d\(index)\", \"text\": \"\(texts[index % 4])\"}\n"
        }
        return Array(lines.utf8)
    }

    @Test func batchesHoldEveryDocumentInOrderWithTheFirstFields() throws {
        let reader = CorpusReader(name: "c.jsonl", bytes: Self.corpus(10))
        let batches = PrefetchedBatches(reader: reader, batchSize: 4)
        defer { batches.stop() }
        var seen: [[String]] = []
        var fields: [[String]?] = []
        var last: [Bool] = []
        while let batch = batches.next() {
            var first: [String]?
            let (documents, failure) = batch.documents(of: reader, threads: 2, firstFields: &first)
            seen.append(documents.map(\.id))
            fields.append(first)
            last.append(batch.isLast)
            #expect(failure == nil)
            #expect(batch.failure == nil)
        }
        // A batch also ends where the input has nothing more buffered, so the last one may be empty.
        #expect(seen.filter { !$0.isEmpty } == [["d0", "d1", "d2", "d3"], ["d4", "d5", "d6", "d7"], ["d8", "d9"]])
        #expect(fields.first == ["id", "text"])
        #expect(fields.dropFirst().allSatisfy { $0 == nil })
        #expect(last.last == true)
        #expect(last.dropLast().allSatisfy { !$0 })
        #expect(batches.next() == nil)
        #expect(reader.documentCount == 10)
    }

    /// A bad record stops the run: the documents before it come first, then the error, as reading in line would.
    @Test func anErrorComesAfterTheDocumentsReadBeforeIt() throws {
        let reader = CorpusReader(name: "c.jsonl", bytes: Self.corpus(7, badLine: 6))
        let batches = PrefetchedBatches(reader: reader, batchSize: 4)
        defer { batches.stop() }
        var first: [String]?
        let one = try #require(batches.next()).documents(of: reader, threads: 2, firstFields: &first)
        #expect(one.documents.map(\.id) == ["d0", "d1", "d2", "d3"])
        #expect(one.failure == nil)
        let two = try #require(batches.next()).documents(of: reader, threads: 2, firstFields: &first)
        #expect(two.documents.map(\.id) == ["d4"])
        let failure = try #require(two.failure as? CorpusError)
        #expect(failure.description.hasPrefix("c.jsonl:6:"))
    }

    /// An input without one document ends with the reader's error for an empty corpus, after its last batch.
    @Test func anEmptyCorpusFailsAtTheEnd() throws {
        let reader = CorpusReader(name: "c.jsonl", bytes: Array("\n  \n".utf8))
        let batches = PrefetchedBatches(reader: reader, batchSize: 4)
        defer { batches.stop() }
        var failures: [String] = []
        var first: [String]?
        while let batch = batches.next() {
            if let failure = batch.documents(of: reader, threads: 2, firstFields: &first).failure {
                failures.append("\(failure)")
            }
        }
        #expect(failures.count == 1)
        #expect(failures.first?.contains("c.jsonl") == true)
    }

    /// Parsing on the workers and absorbing in order gives what reading in line gives: the same documents, the same
    /// skipped records by reason, the same field names, at the first document and at the end.
    @Test func parsingOnWorkersEqualsReadingInLine() throws {
        var lines: [String] = []
        for index in 0..<300 {
            switch index % 7 {
            case 0: lines.append("{\"id\": \"a\(index)\", \"text\": \"Hòa bình hôm nay \(index).\", \"tag\": \"x\"}")
            case 1: lines.append("{\"id\": \"a\(index)\", \"text\": ")
            case 2: lines.append("[1, 2]")
            case 3: lines.append("{\"id\": \"a\(index)\", \"text\": \"上游新建的水壩\", \"n\": 3, \"ok\": true}")
            case 4: lines.append("{\"id\": \"a\(index)\", \"text\": \"   \"}")
            case 5: lines.append("")
            default: lines.append("{\"id\": \"a\(index)\", \"body\": \"The river rose.\", \"extra\(index % 3)\": null}")
            }
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var options = CorpusOptions()
        options.skipInvalid = true
        options.keepAllFields = true

        let inline = CorpusReader(name: "c.jsonl", bytes: bytes, options: options)
        var inlineDocuments: [Document] = []
        var inlineFirst: [String]?
        while let document = try inline.next() {
            if inline.documentCount == 1 { inlineFirst = inline.fieldNames }
            inlineDocuments.append(document)
        }

        let reader = CorpusReader(name: "c.jsonl", bytes: bytes, options: options)
        let batches = PrefetchedBatches(reader: reader, batchSize: 16)
        var documents: [Document] = []
        var first: [String]?
        while let batch = batches.next() {
            let (found, failure) = batch.documents(of: reader, threads: 2, firstFields: &first)
            #expect(failure == nil)
            documents += found
        }
        batches.stop()
        #expect(documents.count == 86)
        #expect(documents == inlineDocuments)
        #expect(first == inlineFirst)
        #expect(first == ["id", "tag", "text"])
        #expect(reader.fieldNames == inline.fieldNames)
        #expect(reader.fieldNames.contains("extra2"))
        #expect(reader.skipSummary == inline.skipSummary)
        #expect(reader.skipSummary.count == 4)
    }
}

/// How a consumer takes a batch (as `stance score` does chunk by chunk, ``ScoringPipeline``): its records parsed over
/// `threads`, then absorbed by the reader in input order.
extension PrefetchedBatches.Batch {
    /// The batch's documents: its records parsed over `threads`, then absorbed by `reader` in input order (the first
    /// document's field names noted in `firstFields`, as ``CorpusReader/fieldNames`` has them then). A record that
    /// stops the run (``CorpusReader/absorb(_:)``) ends the documents, and its error comes with them.
    func documents(
        of reader: CorpusReader, threads: ThreadBudget, firstFields: inout [String]?
    ) -> (documents: [Document], failure: (any Error)?) {
        let records = records
        let parsed = parallelMap(count: records.count, threads: threads) { records[$0].parsed() }
        var documents: [Document] = []
        documents.reserveCapacity(parsed.count)
        for record in parsed {
            do {
                guard let document = try reader.absorb(record) else { continue }
                if reader.documentCount == 1 { firstFields = reader.fieldNames }
                documents.append(document)
            } catch {
                return (documents, error)
            }
        }
        if isLast && failure == nil {
            do { try reader.checkNotEmpty() } catch { return (documents, error) }
        }
        return (documents, failure)
    }
}
