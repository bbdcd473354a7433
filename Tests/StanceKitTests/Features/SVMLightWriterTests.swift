import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct SVMLightWriterTests {
    /// A small independent reader of the svmlight text format: (label, [(1-based index, value)]) per line.
    private func parse(_ text: String) throws -> [(Int, [(Int, Double)])] {
        try text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            let label = try #require(Int(fields[0]))
            let pairs = try fields.dropFirst().map { field -> (Int, Double) in
                let parts = field.split(separator: ":")
                #expect(parts.count == 2)
                return (try #require(Int(parts[0])), try #require(Double(String(parts[1]))))
            }
            return (label, pairs)
        }
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("svmlight-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesRowsNamesAndLabels() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tiny = Double.leastNonzeroMagnitude
        let third = 1.0 / 3.0
        var matrix = SparseMatrix(columnCount: 4)
        matrix.appendRow([(Int32(0), 0.5), (Int32(3), third)])
        matrix.appendRow([(Int32, Double)]())
        matrix.appendRow([(Int32(1), -2.25e-17), (Int32(2), tiny)])
        let path = directory.appendingPathComponent("train.svm").path
        try SVMLightWriter().write(
            matrix, labels: ["pro", "anti", "pro"], columnNames: ["w:a", "c:中", "lex:x", "wb: a "], to: path)

        let rows = try parse(String(contentsOfFile: path, encoding: .utf8))
        #expect(rows.map(\.0) == [1, 0, 1])
        #expect(rows[0].1.map(\.0) == [1, 4])
        #expect(rows[0].1.map(\.1.bitPattern) == [0.5, third].map(\.bitPattern))
        #expect(rows[1].1.isEmpty)
        #expect(rows[2].1.map(\.0) == [2, 3])
        #expect(rows[2].1.map(\.1.bitPattern) == [-2.25e-17, tiny].map(\.bitPattern))
        #expect(try String(contentsOfFile: path + ".labels", encoding: .utf8) == "anti\npro\n")
        #expect(try String(contentsOfFile: path + ".names", encoding: .utf8) == "w:a\nc:中\nlex:x\nwb: a \n")
        // Nothing but the three files is left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["train.svm", "train.svm.labels", "train.svm.names"])
    }

    /// Many chunks of rows: the file is the same at 1 and 3 threads, and each line is exactly what string
    /// interpolation of the label, the 1-based index and `Double.description` gives.
    @Test func formattedBytesMatchInterpolationAtAnyThreadCount() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SeededGenerator(seed: 42)
        let specials: [Double] = [
            1, -1, 0.1, 1e-05, 1e16, 123456789.0, -2.5e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, -.leastNormalMagnitude, -.leastNonzeroMagnitude, -0.0, 0,
        ]
        var matrix = SparseMatrix(columnCount: 12_345)
        var labels: [String] = []
        var expected = ""
        for row in 0..<300 {
            var columns = Set<Int32>()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                columns.insert(Int32.random(in: 0..<12_345, using: &generator))
            }
            let entries = columns.sorted().map { column -> (Int32, Double) in
                if Bool.random(using: &generator) { return (column, specials.randomElement(using: &generator)!) }
                return (column, Double.random(in: -3...3, using: &generator))
            }
            matrix.appendRow(entries)
            labels.append(row % 3 == 0 ? "anti" : "pro")
            expected += (row % 3 == 0 ? "0" : "1") + entries.map { " \($0.0 + 1):\($0.1)" }.joined() + "\n"
        }
        let names = (0..<12_345).map { "w:\($0)" }
        for threads in [1, 3] {
            let path = directory.appendingPathComponent("t\(threads).svm").path
            try SVMLightWriter().write(
                matrix, labels: labels, columnNames: names, to: path, threads: ThreadBudget(requested: threads)!)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
        }
    }

    @Test func labelsAreOrderedByCodePoint() {
        #expect(SVMLightWriter.labelOrder(["b", "a", "Z", "é", "b"]) == ["Z", "a", "b", "é"])
    }

    @Test func lineBreaksAreFoundInTheBytesAsCharacterDoes() throws {
        // Every BMP scalar alone, between letters, and CR LF: the byte check agrees with `Character.isNewline`.
        var texts = ["a\r\nb", "", "c:中国", "w:so-called"]
        for value in UInt32(0)..<0x10000 { if let scalar = Unicode.Scalar(value) { texts.append("x\(scalar)y") } }
        for text in texts {
            let expected = text.contains(where: \.isNewline)
            #expect(SVMLightWriter.hasLineBreak(ArraySlice(text.utf8)) == expected, "\(text.debugDescription)")
        }
        #expect(try SVMLightWriter.lineBytes(["c:中国", "", "b"]) == Array("c:中国\n\nb\n".utf8))
        #expect(throws: SVMLightError.self) { try SVMLightWriter.lineBytes(["ok", "bad\u{2028}name"]) }
    }

    @Test func mismatchedInputsAreRejectedWithoutWriting() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var matrix = SparseMatrix(columnCount: 1)
        matrix.appendRow([(Int32(0), 1.0)])
        let path = directory.appendingPathComponent("out").path
        #expect(throws: SVMLightError.self) {
            try SVMLightWriter().write(matrix, labels: [], columnNames: ["x"], to: path)
        }
        #expect(throws: SVMLightError.self) {
            try SVMLightWriter().write(matrix, labels: ["a"], columnNames: [], to: path)
        }
        #expect(throws: SVMLightError.self) {
            try SVMLightWriter().write(matrix, labels: ["a\nb"], columnNames: ["x"], to: path)
        }
        #expect(throws: IOFailure.self) {
            try SVMLightWriter().write(matrix, labels: ["a"], columnNames: ["x"], to: path + "/missing/dir/out")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// Rows built on demand, a chunk at a time, give the same files as the whole matrix, at any thread count; a chunk
    /// with a value that is not finite, or of the wrong width, stops the write and leaves nothing behind.
    @Test func rowsOnDemandWriteTheSameFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SeededGenerator(seed: 9)
        var matrix = SparseMatrix(columnCount: 50)
        for _ in 0..<200 {
            let columns = Set(
                (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                    Int32.random(in: 0..<50, using: &generator)
                })
            matrix.appendRow(columns.sorted().map { ($0, Double.random(in: -2...2, using: &generator)) })
        }
        let labels = (0..<200).map { $0 % 4 == 0 ? "against" : "favor" }
        let names = (0..<50).map { "w:\($0)" }
        let full = matrix
        let whole = directory.appendingPathComponent("whole.svm").path
        try SVMLightWriter().write(matrix, labels: labels, columnNames: names, to: whole)
        let rows: @Sendable (Range<Int>) -> SparseMatrix = { range in
            var chunk = SparseMatrix(columnCount: 50)
            for row in range { chunk.appendRow(Array(full.row(row))) }
            return chunk
        }
        for threads in [1, 3] {
            let streamed = directory.appendingPathComponent("streamed-\(threads).svm").path
            try SVMLightWriter().write(
                rowCount: 200, labels: labels, columnNames: names, to: streamed,
                threads: ThreadBudget(requested: threads)!,
                rows: rows)
            for suffix in ["", ".names", ".labels"] {
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: streamed + suffix))
                        == Data(contentsOf: URL(fileURLWithPath: whole + suffix)))
            }
        }
        let bad = directory.appendingPathComponent("bad.svm").path
        #expect(throws: SVMLightError.self) {
            try SVMLightWriter().write(rowCount: 200, labels: labels, columnNames: names, to: bad) { range in
                var chunk = rows(range)
                if range.contains(150) { chunk.appendRow([(Int32(0), Double.nan)]) }
                return chunk
            }
        }
        #expect(throws: SVMLightError.self) {
            try SVMLightWriter().write(rowCount: 200, labels: labels, columnNames: names, to: bad) { range in
                var chunk = SparseMatrix(columnCount: 49)
                for _ in range { chunk.appendRow([]) }
                return chunk
            }
        }
        #expect(!FileManager.default.fileExists(atPath: bad))
    }
}
