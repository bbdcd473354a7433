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
        let xtr = x.transposeMultiply(r, columns: k, plan: TransposePlan(x, columns: k, threads: 2), threads: 2)
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

    /// A random matrix with `perRow` entries in distinct random columns in every row.
    static func randomRows(rows: Int, columns: Int, perRow: Int, seed: UInt64) -> SparseMatrix {
        var generator = SeededGenerator(seed: seed)
        var matrix = SparseMatrix(columnCount: columns)
        for _ in 0..<rows {
            var chosen = Set<Int32>()
            while chosen.count < perRow { chosen.insert(Int32.random(in: 0..<Int32(columns), using: &generator)) }
            matrix.appendRow(chosen.sorted().map { ($0, Double.random(in: -2...2, using: &generator)) })
        }
        return matrix
    }

    /// Short rows over many columns (one block, columns split among workers) and long rows over few columns
    /// (several row blocks, added up in block order).
    static let shapes: [(rows: Int, columns: Int, perRow: Int)] = [(9000, 100_000, 40), (4000, 60, 30)]

    @Test(arguments: [1, 2, 3, 5], [0, 1])
    func bitIdenticalAtAnyThreadCount(k: Int, shape: Int) {
        let (rows, columns, perRow) = Self.shapes[shape]
        let x = Self.randomRows(rows: rows, columns: columns, perRow: perRow, seed: 3)
        #expect(ParallelChunks.rows(rows).chunkCount > 2)
        let plan1 = TransposePlan(x, columns: k, threads: 1)
        #expect(plan1.rowBounds.first == 0 && plan1.rowBounds.last == rows)
        #expect(shape == 0 ? plan1.blocks == 1 : plan1.blocks > 1)
        #expect(shape == 1 || TransposePlan(x, columns: k, threads: 3).partition.parts == 3)
        var generator = SeededGenerator(seed: 5)
        let w = (0..<(columns * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let r = (0..<(rows * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let xw1 = x.multiply(w, columns: k, threads: 1)
        let xtr1 = x.transposeMultiply(r, columns: k, plan: plan1, threads: 1)
        // The pass that fuses X·W with the scatter: the same X·W and, with q = R, the same Xᵀ·R to the last bit.
        func fused(_ plan: TransposePlan, threads: Int) -> (product: [Double], q: [Double], seen: [Double]) {
            let seen = UnsafeMutableBufferPointer<Double>.allocate(capacity: rows * k)
            defer { seen.deallocate() }
            let result = w.withUnsafeBufferPointer { w in
                x.multiplyTransformScatter(w, columns: k, plan: plan, threads: ThreadBudget(requested: threads)!) {
                    row, u in
                    for column in 0..<k {
                        seen[row * k + column] = u[column]
                        u[column] = r[row * k + column]
                    }
                }
            }
            return (result.product, result.q, Array(seen))
        }
        for threads in [1, 2, 3, 8] {
            let plan = TransposePlan(x, columns: k, threads: ThreadBudget(requested: threads)!)
            #expect(plan.blocks == plan1.blocks && plan.rowBounds == plan1.rowBounds)
            #expect(x.multiply(w, columns: k, threads: ThreadBudget(requested: threads)!) == xw1)
            #expect(x.transposeMultiply(r, columns: k, plan: plan, threads: ThreadBudget(requested: threads)!) == xtr1)
            let (product, q, seen) = fused(plan, threads: threads)
            #expect(seen == xw1)
            #expect(product == xtr1)
            #expect(q == r)
        }
        // And the product with the transpose agrees with a plain sum up to rounding.
        let plain = (0..<rows).reduce(0.0) { sum, row in
            sum + x.row(row).filter { $0.0 == 17 }.reduce(0.0) { $0 + $1.1 * r[row * k + k - 1] }
        }
        #expect(xtr1[17 * k + k - 1].isApproximatelyEqual(to: plain, absoluteTolerance: 1e-9))
    }

    @Test(arguments: [1, 3], [0, 1])
    func productsIntoReusedBuffersOverwriteWhatWasThere(k: Int, shape: Int) {
        // A solver hands the same output and scratch buffers to every product: whatever a previous product (or
        // garbage) left there must not leak into the next result, with one block or several, on 1 or 2 threads.
        let (rows, columns, perRow) = Self.shapes[shape]
        let x = Self.randomRows(rows: rows / 4, columns: columns, perRow: perRow, seed: 13)
        var generator = SeededGenerator(seed: 17)
        let w = (0..<(columns * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        let r = (0..<(x.rowCount * k)).map { _ in Double.random(in: -1...1, using: &generator) }
        for threads in [1, 2] {
            let plan = TransposePlan(x, columns: k, threads: ThreadBudget(requested: threads)!)
            let expected = x.transposeMultiply(r, columns: k, plan: plan, threads: ThreadBudget(requested: threads)!)
            var out = [Double](repeating: .nan, count: columns * k + 2)
            var scratch = [Double](repeating: .nan, count: x.transposeScratchCount(columns: k, plan: plan))
            var q = [Double](repeating: .nan, count: x.rowCount * k)
            for _ in 0..<2 {
                out.withUnsafeMutableBufferPointer { out in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        r.withUnsafeBufferPointer { r in
                            x.transposeMultiply(
                                r, columns: k, plan: plan, threads: ThreadBudget(requested: threads)!, into: out,
                                scratch: scratch)
                        }
                    }
                }
                #expect(Array(out[0..<(columns * k)]) == expected)
                #expect(out[columns * k].isNaN && out[columns * k + 1].isNaN, "places after d × K are left alone")
                out.withUnsafeMutableBufferPointer { out in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        q.withUnsafeMutableBufferPointer { q in
                            w.withUnsafeBufferPointer { w in
                                x.multiplyTransformScatter(
                                    w, columns: k, plan: plan, threads: ThreadBudget(requested: threads)!, q: q,
                                    into: out,
                                    scratch: scratch
                                ) { row, u in
                                    for column in 0..<k { u[column] = r[row * k + column] }
                                }
                            }
                        }
                    }
                }
                #expect(Array(out[0..<(columns * k)]) == expected)
                #expect(q == r)
            }
        }
    }

    @Test func fixedOrderSumAddsFourInterleavedPartialSums() {
        // Four terms: (t₀ + t₁) + (t₂ + t₃). With 2⁵³, 1, 1, −2⁵³ that is 2⁵³ + (1 − 2⁵³) = 1 exactly, where a
        // running sum loses both ones against 2⁵³ (2⁵³ + 1 rounds back to 2⁵³) and ends at 0.
        let big = 9_007_199_254_740_992.0  // 2⁵³
        let terms = [big, 1, 1, -big]
        #expect(fixedOrderSum(terms.count) { terms[$0] } == 1)
        #expect(terms.reduce(0, +) == 0)
        // A fifth term goes to s₀: 2⁵³ + 1 rounds to 2⁵³ there, and (2⁵³ + 0) + (0 − 2⁵³) = 0, where adding it
        // last would give 1.
        let tail = [big, 0, 0, -big, 1]
        #expect(fixedOrderSum(tail.count) { tail[$0] } == 0)
        #expect(fixedOrderSum(0) { _ in 1 } == 0)
        // Terms may write the vectors they read, at their own index.
        var v = [1.0, 2, 3, 4, 5]
        let squares = fixedOrderSum(v.count) { i in
            v[i] *= 2
            return v[i] * v[i]
        }
        #expect(squares == 4 * 55 && v == [2, 4, 6, 8, 10])
    }

    @Test func rowBlocksHoldAboutEqualNumbersOfEntries() {
        // Rows of very different lengths, the long ones last (as when a corpus is sorted by source).
        var x = SparseMatrix(columnCount: 20)
        for row in 0..<4000 {
            let length = row < 3000 ? 2 : 20
            x.appendRow((0..<length).map { (Int32($0), Double(row % 7 + 1)) })
        }
        let plan = TransposePlan(x, columns: 1, threads: 2)
        #expect(plan.blocks == 16)
        for block in 0..<plan.blocks {
            let rows = plan.rows(block)
            let entries = x.rowOffsets[rows.upperBound] - x.rowOffsets[rows.lowerBound]
            #expect(abs(entries - x.nonZeroCount / plan.blocks) <= 20, "block \(block): \(entries) entries")
        }
        // Short rows over many columns: one block.
        let short = Self.randomRows(rows: 50, columns: 400, perRow: 40, seed: 2)
        #expect(TransposePlan(short, columns: 3, threads: 2).blocks == 1)
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
            let chunks = ParallelChunks.rows(count)
            var next = 0
            for chunk in 0..<chunks.chunkCount {
                #expect(chunks.range(chunk).lowerBound == next)
                next = chunks.range(chunk).upperBound
            }
            #expect(next == count)
            #expect(chunks.chunkCount <= ParallelChunks.maximumRowChunks)
        }
    }
}
