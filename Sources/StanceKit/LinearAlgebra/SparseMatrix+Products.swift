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

    /// The product `Xᵀ·R` of the transpose of this `n × d` matrix with a dense `n × K` matrix `R` (row-major), as a
    /// row-major `d × K` array.
    ///
    /// ```
    /// (Xᵀ·R)[j, k] = Σ_i X[i, j] · R[i, k]
    /// ```
    ///
    /// Each fixed chunk of rows accumulates into its own `d × K` buffer; the buffers are then added in chunk
    /// order, so the result is bit-identical at any thread count.
    ///
    /// - Complexity: O(nnz · K + chunks · d · K); memory O(chunks · d · K) with at most
    ///   `RowChunks.maximumChunks` chunks.
    func transposeMultiply(_ r: [Double], columns k: Int = 1, threads: Int = 1) -> [Double] {
        precondition(r.count == rowCount * k, "transposeMultiply: R must be \(rowCount) × \(k)")
        let chunks = RowChunks(count: rowCount)
        let width = columnCount * k
        var partial = [Double](repeating: 0, count: chunks.chunkCount * width)
        partial.withUnsafeMutableBufferPointer { buffers in
            guard let base = buffers.baseAddress else { return }
            let shared = SharedBuffer(base: base)
            rowOffsets.withUnsafeBufferPointer { offsets in
                columnIndices.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { entries in
                        r.withUnsafeBufferPointer { residuals in
                            chunks.forEach(threads: threads) { chunk in
                                let buffer = shared.base + chunk * width
                                for row in chunks.range(chunk) {
                                    let source = row * k
                                    for entry in offsets[row]..<offsets[row + 1] {
                                        let x = entries[entry]
                                        let target = buffer + Int(columns[entry]) * k
                                        for column in 0..<k { target[column] += x * residuals[source + column] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if chunks.chunkCount == 1 { return partial }
        // Sum the chunk buffers in chunk order; the columns of the sum are split over the workers.
        var result = [Double](repeating: 0, count: width)
        let sumChunks = RowChunks(count: width)
        result.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let shared = SharedBuffer(base: base)
            partial.withUnsafeBufferPointer { buffers in
                sumChunks.forEach(threads: threads) { part in
                    let range = sumChunks.range(part)
                    for chunk in 0..<chunks.chunkCount {
                        let buffer = chunk * width
                        for index in range { shared.base[index] += buffers[buffer + index] }
                    }
                }
            }
        }
        return result
    }
}
