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
            seen.append(batch.documents.map(\.id))
            fields.append(batch.fieldNamesAfterFirst)
            last.append(batch.isLast)
            #expect(batch.failure == nil)
        }
        // A batch also ends where the input has nothing more buffered, so the last one may be empty.
        #expect(seen.filter { !$0.isEmpty } == [["d0", "d1", "d2", "d3"], ["d4", "d5", "d6", "d7"], ["d8", "d9"]])
        #expect(fields.first == ["id", "text"])
        #expect(fields.dropFirst().allSatisfy { $0 == nil })
        #expect(last.last == true)
        #expect(last.dropLast().allSatisfy { !$0 })
        #expect(batches.next() == nil)
    }

    /// A bad record stops reading: the documents before it come first, then the error, as reading in line would.
    @Test func anErrorComesAfterTheDocumentsReadBeforeIt() throws {
        let reader = CorpusReader(name: "c.jsonl", bytes: Self.corpus(7, badLine: 6))
        let batches = PrefetchedBatches(reader: reader, batchSize: 4)
        defer { batches.stop() }
        let first = try #require(batches.next())
        #expect(first.documents.map(\.id) == ["d0", "d1", "d2", "d3"])
        let second = try #require(batches.next())
        #expect(second.documents.map(\.id) == ["d4"])
        #expect(second.isLast)
        let failure = try #require(second.failure as? CorpusError)
        #expect(failure.description.hasPrefix("c.jsonl:6:"))
        #expect(batches.next() == nil)
    }

    /// A consumer that stops early lets the reading thread go, with input still unread.
    @Test func stoppingEarlyReleasesTheReader() throws {
        let reader = CorpusReader(name: "c.jsonl", bytes: Self.corpus(1000))
        let batches = PrefetchedBatches(reader: reader, batchSize: 8)
        #expect(batches.next()?.documents.count == 8)
        batches.stop()
        #expect(reader.documentCount < 1000)
        #expect(reader.documentCount >= 8)
    }
}
