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

extension SparseMatrix {
    /// One pass over the rows, on one thread: for each row `i`, `u_i = x_iᵀW` (its `K` values summed in registers
    /// in column order, as ``multiply(_:columns:threads:)`` does), then `transform(i, u_i)` turns `u_i` into `q_i`
    /// in place, then `q_i` is scattered into `Xᵀq`. Returns `Xᵀq` (`d × K`, row-major) and `q` (`n × K`).
    ///
    /// Every output of `Xᵀq` starts at 0 and adds its terms in row order, exactly as
    /// ``transposeMultiply(_:columns:partition:threads:)`` sums them, so the two ways agree bit for bit; this one
    /// reads the matrix once instead of twice, on one thread.
    ///
    /// - Complexity: O(nnz · K) time; O((n + d) · K) memory besides the result.
    func multiplyTransformScatter(
        _ w: UnsafeBufferPointer<Double>, columns k: Int,
        transform: (_ row: Int, _ u: UnsafeMutableBufferPointer<Double>) -> Void
    ) -> (product: [Double], q: [Double]) {
        precondition(w.count == columnCount * k, "multiplyTransformScatter: W must be \(columnCount) × \(k)")
        var product = [Double](repeating: 0, count: columnCount * k)
        var q = [Double](repeating: 0, count: rowCount * k)
        product.withUnsafeMutableBufferPointer { out in
            q.withUnsafeMutableBufferPointer { q in
                rowOffsets.withUnsafeBufferPointer { offsets in
                    columnIndices.withUnsafeBufferPointer { columns in
                        values.withUnsafeBufferPointer { entries in
                            for row in 0..<rowCount {
                                let range = offsets[row]..<offsets[row + 1]
                                let u = UnsafeMutableBufferPointer(rebasing: q[(row &* k)..<(row &* k &+ k)])
                                switch k {
                                case 1:
                                    var s0 = 0.0
                                    for entry in range { s0 += entries[entry] * w[Int(columns[entry])] }
                                    u[0] = s0
                                    transform(row, u)
                                    let q0 = u[0]
                                    for entry in range { out[Int(columns[entry])] += entries[entry] * q0 }
                                case 3:
                                    var (s0, s1, s2) = (0.0, 0.0, 0.0)
                                    for entry in range {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) &* 3
                                        s0 += x * w[source]
                                        s1 += x * w[source &+ 1]
                                        s2 += x * w[source &+ 2]
                                    }
                                    (u[0], u[1], u[2]) = (s0, s1, s2)
                                    transform(row, u)
                                    let (q0, q1, q2) = (u[0], u[1], u[2])
                                    for entry in range {
                                        let x = entries[entry]
                                        let target = Int(columns[entry]) &* 3
                                        out[target] += x * q0
                                        out[target &+ 1] += x * q1
                                        out[target &+ 2] += x * q2
                                    }
                                default:
                                    for entry in range {
                                        let x = entries[entry]
                                        let source = Int(columns[entry]) &* k
                                        for column in 0..<k { u[column] += x * w[source &+ column] }
                                    }
                                    transform(row, u)
                                    for entry in range {
                                        let x = entries[entry]
                                        let target = Int(columns[entry]) &* k
                                        for column in 0..<k { out[target &+ column] += x * u[column] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (product, q)
    }
}

/// A split of a matrix's columns into contiguous ranges of about equal numbers of entries, one per worker, with the
/// position in every row where each range starts: the product `Xᵀ·R` can then be scattered row by row by several
/// workers at once, each into the outputs of its own columns, without a transpose or per-worker buffers.
struct ColumnPartition: Sendable {
    /// Column boundaries: worker `w` owns columns `bounds[w]..<bounds[w + 1]`.
    let bounds: [Int]
    /// `starts[w * (rows + 1) + i]`: the first entry of row `i` in a column ≥ `bounds[w]` (and for `w = parts`,
    /// the row's end).
    let starts: [Int]

    var parts: Int { bounds.count - 1 }

    /// Splits `matrix`'s columns into `requested` parts (fewer for a matrix under 16,384 entries per part, where
    /// starting workers would cost more than they save).
    init(_ matrix: SparseMatrix, parts requested: Int) {
        let parts = max(1, min(requested, matrix.columnCount, matrix.nonZeroCount / 16384 + 1))
        var counts = [Int](repeating: 0, count: matrix.columnCount + 1)
        for column in matrix.columnIndices { counts[Int(column) + 1] += 1 }
        var bounds = [0]
        var cumulative = 0
        for column in 0..<matrix.columnCount where bounds.count < parts {
            cumulative += counts[column + 1]
            if cumulative * parts >= matrix.nonZeroCount * bounds.count { bounds.append(column + 1) }
        }
        while bounds.count < parts { bounds.append(matrix.columnCount) }
        bounds.append(matrix.columnCount)
        let rows = matrix.rowCount
        var starts = [Int](repeating: 0, count: (parts + 1) * (rows + 1))
        matrix.columnIndices.withUnsafeBufferPointer { columns in
            for row in 0..<rows {
                let (begin, end) = (matrix.rowOffsets[row], matrix.rowOffsets[row + 1])
                for part in 0...parts {
                    var (low, high) = (begin, end)
                    let first = Int32(bounds[part])
                    while low < high {
                        let middle = (low + high) / 2
                        if columns[middle] < first { low = middle + 1 } else { high = middle }
                    }
                    starts[part * (rows + 1) + row] = part == parts ? end : low
                }
            }
        }
        self.bounds = bounds
        self.starts = starts
    }
}

extension SparseMatrix {
    /// `Xᵀ·R` for a row-major `n × K` matrix `R`, as a row-major `d × K` array, scattered row by row: worker `w` adds
    /// `x_ij · R[i, :]` into the outputs of its columns for every row `i` in order. Every output therefore starts at 0
    /// and adds its terms in row order whatever the partition or thread count — the same sums, in the same order, as
    /// ``multiplyTransformScatter(_:columns:transform:)``.
    ///
    /// - Complexity: O(nnz · K + rows · parts) time.
    func transposeMultiply(_ r: [Double], columns k: Int, partition: ColumnPartition, threads: Int) -> [Double] {
        precondition(r.count == rowCount * k, "transposeMultiply: R must be \(rowCount) × \(k)")
        var result = [Double](repeating: 0, count: columnCount * k)
        let rows = rowCount
        let workers = max(1, min(threads, partition.parts))
        result.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let shared = SharedBuffer(base: base)
            partition.starts.withUnsafeBufferPointer { starts in
                columnIndices.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { entries in
                        r.withUnsafeBufferPointer { r in
                            RowChunks.run(workers: workers) { worker in
                                var part = worker
                                while part < partition.parts {
                                    let from = part * (rows + 1)
                                    let to = from + rows + 1
                                    for row in 0..<rows {
                                        let range = starts[from + row]..<starts[to + row]
                                        switch k {
                                        case 1:
                                            let q0 = r[row]
                                            for entry in range {
                                                shared.base[Int(columns[entry])] += entries[entry] * q0
                                            }
                                        case 3:
                                            let (q0, q1, q2) = (r[3 &* row], r[3 &* row &+ 1], r[3 &* row &+ 2])
                                            for entry in range {
                                                let x = entries[entry]
                                                let target = shared.base + Int(columns[entry]) &* 3
                                                target[0] += x * q0
                                                target[1] += x * q1
                                                target[2] += x * q2
                                            }
                                        default:
                                            for entry in range {
                                                let x = entries[entry]
                                                let target = shared.base + Int(columns[entry]) &* k
                                                for column in 0..<k { target[column] += x * r[row &* k &+ column] }
                                            }
                                        }
                                    }
                                    part += workers
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
