import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct MatrixExportTests {
    /// Reads a Matrix Market coordinate file back: (rows, columns, entries by (row, column), 1-based).
    func parseMatrixMarket(_ text: String) throws -> (Int, Int, [[Int]: Double]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "%%MatrixMarket matrix coordinate real general")
        lines.removeAll { $0.hasPrefix("%") || $0.isEmpty }
        let size = lines.removeFirst().split(separator: " ").map { Int($0)! }
        var entries: [[Int]: Double] = [:]
        var previous = (0, 0)
        for line in lines {
            let cells = line.split(separator: " ")
            try #require(cells.count == 3)
            let (row, column) = (Int(cells[0])!, Int(cells[1])!)
            #expect((row, column) > previous, "entries row by row, columns increasing")
            previous = (row, column)
            entries[[row, column]] = Double(cells[2])!
        }
        #expect(entries.count == size[2])
        return (size[0], size[1], entries)
    }

    func export(
        _ corpus: String, weight: FeatureWeight, format: MatrixExport.Format = .mtx, threads: ThreadBudget = .single
    ) throws
        -> (prefix: String, directory: TemporaryDirectory)
    {
        let directory = try TemporaryDirectory()
        var options = CorpusOptions()
        options.keepAllFields = true
        let reader = CorpusReader(name: "c.jsonl", bytes: Array(corpus.utf8), options: options)
        var documents: [Document] = []
        try reader.forEach { documents.append($0) }
        let normalizer = try TextNormalizer()
        let prefix = directory.path + "/out"
        _ = try MatrixExport(weight: weight, format: format, threads: threads).write(
            documents: documents, texts: documents.map { normalizer.normalize($0.text) },
            extractor: FeatureExtractor(configuration: FeatureConfiguration(wordNGrams: 1...1, charNGrams: 1...1)),
            idField: "id", labelField: "label", prefix: prefix)
        return (prefix, directory)
    }

    let corpus = """
        {"id": "en", "text": "The cat saw the cat, the end.", "source": "Harbour Ledger", "year": 2023}
        {"id": "zh", "text": "中共和中共。", "label": "critical", "note": "a, \\"quoted\\" note"}
        {"id": "vi", "text": "Hòa bình hòa bình.", "source": "Tiếng Nói"}

        """

    @Test func countsParseBackWithNamesAndDocumentVariables() throws {
        let (prefix, directory) = try export(corpus, weight: .count)
        defer { directory.remove() }
        let (rows, columns, entries) = try parseMatrixMarket(
            try String(contentsOfFile: prefix + ".mtx", encoding: .utf8))
        let names = try String(contentsOfFile: prefix + ".features.txt", encoding: .utf8).split(separator: "\n").map(
            String.init)
        #expect(rows == 3 && columns == names.count)
        func cell(_ row: Int, _ name: String) -> Double? { entries[[row, names.firstIndex(of: name)! + 1]] }
        #expect(cell(1, "w:the") == 3)
        #expect(cell(1, "w:cat") == 2)
        #expect(cell(2, "c:中") == 2)
        #expect(cell(2, "c:和") == 1)
        #expect(cell(3, "w:hoà") == 2)  // tone marks placed by one convention
        #expect(cell(2, "w:the") == nil)
        #expect(
            try String(contentsOfFile: prefix + ".docvars.csv", encoding: .utf8)
                == "id,label,note,source,year\nen,,,Harbour Ledger,2023\nzh,critical,\"a, \"\"quoted\"\" note\",,\nvi,,,Tiếng Nói,\n"
        )
        let binaryExport = try export(corpus, weight: .binary)
        let (_, _, binary) = try parseMatrixMarket(
            try String(contentsOfFile: binaryExport.prefix + ".mtx", encoding: .utf8))
        #expect(Set(binary.values) == [1])
        #expect(binary.count == entries.count)
    }

    @Test func tfidfRowsAreTheModelsAndSameAtAnyThreadCount() throws {
        var many = ""
        for index in 0..<300 {
            many += "{\"id\": \"\(index)\", \"text\": \"doc \(index % 7) 中\(index % 5) word\(index % 11)\"}\n"
        }
        let one = try export(many, weight: .tfidf, threads: 1)
        let two = try export(many, weight: .tfidf, threads: 2)
        defer {
            one.directory.remove()
            two.directory.remove()
        }
        // The same bytes but for the comment, which names the (different) output prefix.
        func body(_ prefix: String) throws -> String {
            try String(contentsOfFile: prefix + ".mtx", encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("% ") }.joined(separator: "\n")
        }
        let first = try body(one.prefix)
        #expect(first == (try body(two.prefix)))
        let (_, _, entries) = try parseMatrixMarket(first)
        // Each tf-idf row has unit length.
        var squares: [Int: Double] = [:]
        for (key, value) in entries { squares[key[0], default: 0] += value * value }
        #expect(squares.count == 300)
        #expect(squares.values.allSatisfy { abs($0 - 1) < 1e-12 })
    }

    @Test func svmlightNeedsLabels() throws {
        #expect(throws: ExportError.self) { _ = try export(corpus, weight: .count, format: .svmlight) }
    }
}
