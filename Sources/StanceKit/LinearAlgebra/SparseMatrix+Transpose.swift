extension SparseMatrix {
    /// The transpose, in CSR form (that is, this matrix in compressed sparse column form).
    ///
    /// Built by a counting sort on the column index; within each row of the result the entries keep the order of
    /// this matrix's rows, so products with the transpose sum in a fixed order.
    ///
    /// - Complexity: O(nnz + rows + columns) time and memory.
    func transposed() -> SparseMatrix {
        var offsets = [Int](repeating: 0, count: columnCount + 1)
        for column in columnIndices { offsets[Int(column) + 1] += 1 }
        for index in 0..<columnCount { offsets[index + 1] += offsets[index] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: nonZeroCount)
        var entries = [Double](repeating: 0, count: nonZeroCount)
        rows.withUnsafeMutableBufferPointer { rows in
            entries.withUnsafeMutableBufferPointer { entries in
                for row in 0..<rowCount {
                    for entry in rowOffsets[row]..<rowOffsets[row + 1] {
                        let column = Int(columnIndices[entry])
                        let position = next[column]
                        next[column] = position + 1
                        rows[position] = Int32(row)
                        entries[position] = values[entry]
                    }
                }
            }
        }
        return SparseMatrix(columnCount: rowCount, rowOffsets: offsets, columnIndices: rows, values: entries)
    }
}
