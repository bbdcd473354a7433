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
        let xtr = x.transposeMultiply(r, columns: k, partition: ColumnPartition(x, parts: 2), threads: 2)
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

    @Test(arguments: [1, 2, 3, 5])
    func bitIdenticalAtAnyThreadCount(k: Int) {
        // Enough rows for several chunks and enough entries for several column parts.
        let x = Self.randomMatrix(rows: 9000, columns: 300, density: 0.05, seed: 3)
        #expect(RowChunks(count: 9000).chunkCount > 2)
        #expect(ColumnPartition(x, parts: 3).parts == 3)
        var generator = SeededGenerator(seed: 5)
        let w = (0..<(300 * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let r = (0..<(9000 * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let xw1 = x.multiply(w, columns: k, threads: 1)
        let xtr1 = x.transposeMultiply(r, columns: k, partition: ColumnPartition(x, parts: 1), threads: 1)
        for threads in [2, 3, 8] {
            #expect(x.multiply(w, columns: k, threads: threads) == xw1)
            let partition = ColumnPartition(x, parts: threads)
            #expect(x.transposeMultiply(r, columns: k, partition: partition, threads: threads) == xtr1)
        }
        // The one-pass product on one thread: the same X·W and, with q = R, the same Xᵀ·R to the last bit.
        var seen = [Double](repeating: .nan, count: 9000 * k)
        let fused = w.withUnsafeBufferPointer { w in
            x.multiplyTransformScatter(w, columns: k) { row, u in
                for column in 0..<k {
                    seen[row * k + column] = u[column]
                    u[column] = r[row * k + column]
                }
            }
        }
        #expect(seen == xw1)
        #expect(fused.product == xtr1)
        #expect(fused.q == r)
        // And the product with the transpose agrees with a plain sum up to rounding.
        let d = Self.dense(x)
        let plain = (0..<9000).reduce(0.0) { $0 + d[$1][17] * r[$1 * k + k - 1] }
        #expect(xtr1[17 * k + k - 1].isApproximatelyEqual(to: plain, absoluteTolerance: 1e-10))
    }

    @Test func columnPartitionBalancesEntriesAndFindsRowStarts() {
        let x = Self.randomMatrix(rows: 300, columns: 400, density: 0.5, seed: 9)
        for parts in [1, 2, 4] {
            let partition = ColumnPartition(x, parts: parts)
            #expect(partition.parts == parts)
            #expect(partition.bounds.first == 0 && partition.bounds.last == 400)
            #expect(zip(partition.bounds, partition.bounds.dropFirst()).allSatisfy { $0 < $1 })
            for part in 0..<parts {
                var inPart = 0
                for row in 0..<300 {
                    let start = partition.starts[part * 301 + row]
                    let end = partition.starts[(part + 1) * 301 + row]
                    // Exactly the row's entries in this part's columns.
                    let expected = x.row(row).filter {
                        Int($0.0) >= partition.bounds[part] && Int($0.0) < partition.bounds[part + 1]
                    }.count
                    #expect(end - start == expected)
                    inPart += expected
                }
                // Parts hold about equal numbers of entries (within one column's worth of 300 rows).
                #expect(abs(inPart - x.nonZeroCount / parts) <= 300)
            }
        }
        // A tiny matrix gets one part whatever is asked.
        #expect(ColumnPartition(Self.randomMatrix(rows: 3, columns: 4, density: 0.5, seed: 1), parts: 8).parts == 1)
    }

    @Test func chunksCoverAllRowsOnce() {
        for count in [0, 1, 127, 128, 2048, 4096, 5000, 100_000] {
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
