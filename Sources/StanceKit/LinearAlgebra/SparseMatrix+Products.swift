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
        precondition(w.count == columnCount * k, "multiply: W must be \(columnCount) × \(k)")
        var result = [Double](repeating: 0, count: rowCount * k)
        let chunks = RowChunks(count: rowCount)
        result.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let shared = SharedBuffer(base: base)
            rowOffsets.withUnsafeBufferPointer { offsets in
                columnIndices.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { entries in
                        w.withUnsafeBufferPointer { weights in
                            chunks.forEach(threads: threads) { chunk in
                                if k == 1 {
                                    // One column: a dot product per row, summed in a register (same order).
                                    for row in chunks.range(chunk) {
                                        var sum = 0.0
                                        for entry in offsets[row]..<offsets[row + 1] {
                                            sum += entries[entry] * weights[Int(columns[entry])]
                                        }
                                        shared.base[row] = sum
                                    }
                                    return
                                }
                                for row in chunks.range(chunk) {
                                    let target = shared.base + row * k
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) * k
                                        for column in 0..<k { target[column] += x * weights[source + column] }
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
