import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct SparseProductTests {
    /// A random sparse matrix with about `density` of its entries set.
    static func randomMatrix(rows: Int, columns: Int, density: Double, seed: UInt64) -> SparseMatrix {
        var generator = SeededGenerator(seed: seed)
        var matrix = SparseMatrix(columnCount: columns)
        for _ in 0..<rows {
            var entries: [(Int32, Double)] = []
            for column in 0..<columns where Double.random(in: 0..<1, using: &generator) < density {
                entries.append((Int32(column), Double.random(in: -2...2, using: &generator)))
            }
            matrix.appendRow(entries)
        }
        return matrix
    }

    static func dense(_ matrix: SparseMatrix) -> [[Double]] {
        (0..<matrix.rowCount).map { row in
            var values = [Double](repeating: 0, count: matrix.columnCount)
            for (column, value) in matrix.row(row) { values[Int(column)] = value }
            return values
        }
    }

    @Test(arguments: [1, 3])
    func productsMatchDenseLoops(k: Int) {
        let x = Self.randomMatrix(rows: 37, columns: 11, density: 0.3, seed: 7)
        let d = Self.dense(x)
        var generator = SeededGenerator(seed: 11)
        let w = (0..<(11 * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let r = (0..<(37 * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let xw = x.multiply(w, columns: k, threads: 2)
        let xtr = x.transposed().multiply(r, columns: k, threads: 2)
        for i in 0..<37 {
            for c in 0..<k {
                let expected = (0..<11).reduce(0.0) { $0 + d[i][$1] * w[$1 * k + c] }
                #expect(xw[i * k + c].isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
            }
        }
        for j in 0..<11 {
            for c in 0..<k {
                let expected = (0..<37).reduce(0.0) { $0 + d[$1][j] * r[$1 * k + c] }
                #expect(xtr[j * k + c].isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
            }
        }
    }

    @Test func bitIdenticalAtAnyThreadCount() {
        // Enough rows for several chunks, so the parallel paths and the chunk reduction are exercised.
        let x = Self.randomMatrix(rows: 9000, columns: 300, density: 0.02, seed: 3)
        #expect(RowChunks(count: 9000).chunkCount > 2)
        var generator = SeededGenerator(seed: 5)
        let w = (0..<600).map { _ in Double.random(in: -1...1, using: &generator) }
        let r = (0..<18000).map { _ in Double.random(in: -1...1, using: &generator) }
        let xw1 = x.multiply(w, columns: 2, threads: 1)
        let transposed = x.transposed()
        let xtr1 = transposed.multiply(r, columns: 2, threads: 1)
        for threads in [2, 3, 8] {
            #expect(x.multiply(w, columns: 2, threads: threads) == xw1)
            #expect(transposed.multiply(r, columns: 2, threads: threads) == xtr1)
        }
        // And the product with the transpose agrees with a plain sum up to rounding.
        let d = Self.dense(x)
        let plain = (0..<9000).reduce(0.0) { $0 + d[$1][17] * r[$1 * 2 + 1] }
        #expect(xtr1[17 * 2 + 1].isApproximatelyEqual(to: plain, absoluteTolerance: 1e-10))
    }

    @Test func chunksCoverAllRowsOnce() {
        for count in [0, 1, 2047, 2048, 4096, 5000, 100_000] {
            let chunks = RowChunks(count: count)
            var next = 0
            for chunk in 0..<chunks.chunkCount {
                #expect(chunks.range(chunk).lowerBound == next)
                next = chunks.range(chunk).upperBound
            }
            #expect(next == count)
            #expect(chunks.chunkCount <= RowChunks.maximumChunks)
        }
    }
}
