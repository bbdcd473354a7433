import Dispatch

extension SparseMatrix {
    /// The product `X·W` of this `n × d` matrix with a dense `d × K` matrix `W` (row-major, so for `K = 1` it is a
    /// plain vector), as a row-major `n × K` array.
    ///
    /// ```
    /// (X·W)[i, k] = Σ_j X[i, j] · W[j, k]
    /// ```
    ///
    /// Rows are split in fixed chunks over up to `threads` cores; each output row is computed by one worker in
    /// column order, so the result does not depend on `threads`.
    ///
    /// - Complexity: O(nnz · K).
    func multiply(_ w: [Double], columns k: Int = 1, threads: Int = 1) -> [Double] {
        w.withUnsafeBufferPointer { multiply($0, columns: k, threads: threads) }
    }

    /// ``multiply(_:columns:threads:)`` for `W` in memory the caller holds (say, the weight part of a parameter
    /// vector), without copying it.
    func multiply(_ w: UnsafeBufferPointer<Double>, columns k: Int = 1, threads: Int = 1) -> [Double] {
        precondition(w.count == columnCount * k, "multiply: W must be \(columnCount) × \(k)")
        var result = [Double](repeating: 0, count: rowCount * k)
        let chunks = RowChunks(count: rowCount)
        result.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let shared = SharedBuffer(base: base)
            rowOffsets.withUnsafeBufferPointer { offsets in
                columnIndices.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { entries in
                        let weights = w
                        chunks.forEach(threads: threads) { chunk in
                            let rows = chunks.range(chunk)
                            // Each output is summed in a register over the row's entries in column order; one
                            // product per column count so that the compiler keeps the sums out of memory (a sum in
                            // memory makes every entry wait for the previous store).
                            switch k {
                            case 1:
                                for row in rows {
                                    var s0 = 0.0
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        s0 += entries[entry] * weights[Int(columns[entry])]
                                    }
                                    shared.base[row] = s0
                                }
                            case 2:
                                for row in rows {
                                    var (s0, s1) = (0.0, 0.0)
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) &* 2
                                        s0 += x * weights[source]
                                        s1 += x * weights[source &+ 1]
                                    }
                                    (shared.base[2 &* row], shared.base[2 &* row &+ 1]) = (s0, s1)
                                }
                            case 3:
                                for row in rows {
                                    var (s0, s1, s2) = (0.0, 0.0, 0.0)
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) &* 3
                                        s0 += x * weights[source]
                                        s1 += x * weights[source &+ 1]
                                        s2 += x * weights[source &+ 2]
                                    }
                                    let target = shared.base + 3 &* row
                                    (target[0], target[1], target[2]) = (s0, s1, s2)
                                }
                            case 4:
                                for row in rows {
                                    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) &* 4
                                        s0 += x * weights[source]
                                        s1 += x * weights[source &+ 1]
                                        s2 += x * weights[source &+ 2]
                                        s3 += x * weights[source &+ 3]
                                    }
                                    let target = shared.base + 4 &* row
                                    (target[0], target[1], target[2], target[3]) = (s0, s1, s2, s3)
                                }
                            default:
                                for row in rows {
                                    let target = shared.base + row &* k
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) &* k
                                        for column in 0..<k { target[column] += x * weights[source &+ column] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
