/// How the products with `Xᵀ` add up their terms. The plan depends only on the matrix's shape and the number of
/// weight columns `K`, never on the number of threads, so results are bit-identical at any thread count.
///
/// The rows are cut into `blocks` contiguous blocks (1, 2, 4, 8 or 16). Output `j` of `Xᵀ·R` is
/// `Σ_b (Σ_{i ∈ block b} x_ij R_i)`: within a block its terms are added in row order starting from 0, and the
/// blocks' partial sums are then added in block order. Each block is scattered by one worker into a buffer of its
/// own, in the same pass that computes `X·W` for its rows when a product needs both (a Hessian-vector product, a
/// gradient), so the matrix is read once. There are more blocks when rows are long compared with the number of
/// outputs `d·K` (long articles), so that adding up the blocks' buffers costs at most about a quarter of the scatter;
/// short texts with large vocabularies get one block.
///
/// With one block and several workers, the columns are split instead (``ColumnPartition``): every worker walks all
/// rows and scatters the entries in its own columns, which keeps the row order.
///
/// The trade-off: a fused product uses at most `blocks` workers (China Daily vs NYT gets 2 blocks, Article-Bias-
/// Prediction 8), so on a machine with more cores than blocks the extra cores idle during the products; more blocks
/// would make every product on fewer cores pay for adding up more buffers.
struct TransposePlan: Sendable {
    /// The number of row blocks.
    let blocks: Int
    /// With one block, the column split among the workers.
    let partition: ColumnPartition
    /// Block `b` holds rows `rowBounds[b]..<rowBounds[b + 1]`, cut so that blocks hold about equal numbers of
    /// entries (documents differ in length, and a corpus is often sorted by source).
    let rowBounds: [Int]

    init(_ matrix: SparseMatrix, columns k: Int, threads: Int) {
        let ratio = matrix.nonZeroCount / max(1, 4 * matrix.columnCount * k)
        var blocks = 1
        while blocks * 2 <= min(16, ratio, matrix.rowCount) { blocks *= 2 }
        self.blocks = blocks
        self.partition = ColumnPartition(matrix, parts: blocks == 1 ? threads : 1)
        var rowBounds = [0]
        for row in 0..<matrix.rowCount where rowBounds.count < blocks {
            // The first row whose end passes the next block's share of the entries closes that block.
            if matrix.rowOffsets[row + 1] * blocks >= matrix.nonZeroCount * rowBounds.count {
                rowBounds.append(row + 1)
            }
        }
        while rowBounds.count <= blocks { rowBounds.append(matrix.rowCount) }
        rowBounds[blocks] = matrix.rowCount
        self.rowBounds = rowBounds
    }

    /// The rows of block `block`.
    func rows(_ block: Int) -> Range<Int> {
        rowBounds[block]..<rowBounds[block + 1]
    }
}

/// A split of a matrix's columns into contiguous ranges of about equal numbers of entries, one per worker, with the
/// position in every row where each range starts: `Xᵀ·R` can then be scattered row by row by several workers at
/// once, each into the outputs of its own columns, without a transpose or per-worker buffers.
struct ColumnPartition: Sendable {
    /// Column boundaries: part `p` owns columns `bounds[p]..<bounds[p + 1]`.
    let bounds: [Int]
    /// `starts[p * (rows + 1) + i]`: the first entry of row `i` in a column ≥ `bounds[p]` (for `p = parts`, the
    /// row's end).
    let starts: [Int]

    var parts: Int { bounds.count - 1 }

    /// Splits `matrix`'s columns into `requested` parts (fewer for a matrix under 16,384 entries per part, where
    /// starting workers would cost more than they save).
    init(_ matrix: SparseMatrix, parts requested: Int) {
        let parts = max(1, min(requested, matrix.columnCount, matrix.nonZeroCount / 16384 + 1))
        let rows = matrix.rowCount
        if parts == 1 {
            self.bounds = [0, matrix.columnCount]
            self.starts = matrix.rowOffsets + matrix.rowOffsets.dropFirst() + [matrix.nonZeroCount]
            return
        }
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

/// What a fused product does with row `row`'s `u = x_iᵀW` (its `K` values): turn it into `q_i` in place. Called
/// for different rows from several workers at once, so it may write only to row `row`'s own places.
typealias RowTransform = (_ row: Int, _ u: UnsafeMutableBufferPointer<Double>) -> Void

extension SparseMatrix {
    /// `Xᵀ·R` for a row-major `n × K` matrix `R`, as a row-major `d × K` array, summed as `plan` says.
    ///
    /// `trailing` zeros follow the `d × K` outputs, room for the caller to append to the result without copying it.
    ///
    /// - Complexity: O(nnz · K + blocks · d · K) time.
    func transposeMultiply(
        _ r: [Double], columns k: Int, plan: TransposePlan, threads: Int, trailing: Int = 0
    ) -> [Double] {
        precondition(r.count == rowCount * k, "transposeMultiply: R must be \(rowCount) × \(k)")
        return r.withUnsafeBufferPointer { r in
            if plan.blocks == 1 {
                return columnSplitScatter(
                    r, columns: k, partition: plan.partition, threads: threads, trailing: trailing)
            }
            return blockScatter(columns: k, plan: plan, threads: threads, trailing: trailing) { block, out in
                withRows { offsets, columns, entries in
                    for row in plan.rows(block) {
                        Self.scatterRow(
                            offsets[row]..<offsets[row + 1], columns, entries, k, r.baseAddress! + row &* k, out)
                    }
                }
            }
        }
    }

    /// For every row `i`: `u_i = x_iᵀW` (its `K` values summed in registers in column order, exactly as
    /// ``multiply(_:columns:threads:)`` does), then `transform(i, u_i)` turns it into `q_i` in place; returns
    /// `Xᵀq` (`d × K`, row-major, summed as `plan` says, exactly as ``transposeMultiply(_:columns:plan:threads:)``)
    /// and `q` (`n × K`). The matrix is read once per block on one thread, or once by rows and once by columns when
    /// one block is split over several workers. `trailing` zeros follow `Xᵀq`, as in `transposeMultiply`.
    func multiplyTransformScatter(
        _ w: UnsafeBufferPointer<Double>, columns k: Int, plan: TransposePlan, threads: Int, trailing: Int = 0,
        transform: RowTransform
    ) -> (product: [Double], q: [Double]) {
        precondition(w.count == columnCount * k, "multiplyTransformScatter: W must be \(columnCount) × \(k)")
        if plan.blocks == 1 && threads > 1 {
            var q = multiply(w, columns: k, threads: threads)
            q.withUnsafeMutableBufferPointer { q in
                let chunks = RowChunks(count: rowCount)
                chunks.forEach(threads: threads) { chunk in
                    for row in chunks.range(chunk) {
                        transform(row, UnsafeMutableBufferPointer(rebasing: q[(row &* k)..<(row &* k &+ k)]))
                    }
                }
            }
            let product = q.withUnsafeBufferPointer {
                columnSplitScatter($0, columns: k, partition: plan.partition, threads: threads, trailing: trailing)
            }
            return (product, q)
        }
        var q = [Double](repeating: 0, count: rowCount * k)
        guard rowCount > 0 else { return ([Double](repeating: 0, count: columnCount * k + trailing), q) }
        let product = q.withUnsafeMutableBufferPointer { q in
            let shared = DisjointWrites(buffer: q)
            return blockScatter(columns: k, plan: plan, threads: threads, trailing: trailing) { block, out in
                withRows { offsets, columns, entries in
                    for row in plan.rows(block) {
                        let range = offsets[row]..<offsets[row + 1]
                        let u = UnsafeMutableBufferPointer(start: shared.base + row &* k, count: k)
                        Self.gatherRow(range, columns, entries, k, w, u)
                        transform(row, u)
                        Self.scatterRow(range, columns, entries, k, UnsafePointer(u.baseAddress!), out)
                    }
                }
            }
        }
        return (product, q)
    }

    /// `body(rowOffsets, columnIndices, values)` with the CSR arrays as buffers.
    private func withRows<Result>(
        _ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Double>) -> Result
    ) -> Result {
        rowOffsets.withUnsafeBufferPointer { offsets in
            columnIndices.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { entries in body(offsets, columns, entries) }
            }
        }
    }

    /// `out[j, :] += x_ij · q` for the entries `range` of one row, in column order.
    @inline(__always)
    private static func scatterRow(
        _ range: Range<Int>, _ columns: UnsafeBufferPointer<Int32>, _ entries: UnsafeBufferPointer<Double>, _ k: Int,
        _ q: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
    ) {
        switch k {
        case 1:
            let q0 = q[0]
            for entry in range { out[Int(columns[entry])] += entries[entry] * q0 }
        case 3:
            let (q0, q1, q2) = (q[0], q[1], q[2])
            for entry in range {
                let x = entries[entry]
                let target = out + Int(columns[entry]) &* 3
                target[0] += x * q0
                target[1] += x * q1
                target[2] += x * q2
            }
        default:
            for entry in range {
                let x = entries[entry]
                let target = out + Int(columns[entry]) &* k
                for column in 0..<k { target[column] += x * q[column] }
            }
        }
    }

    /// One block: the workers split the columns (``ColumnPartition``), each walking every row in order.
    private func columnSplitScatter(
        _ r: UnsafeBufferPointer<Double>, columns k: Int, partition: ColumnPartition, threads: Int, trailing: Int
    ) -> [Double] {
        var result = [Double](repeating: 0, count: columnCount * k + trailing)
        let rows = rowCount
        let workers = max(1, min(threads, partition.parts))
        result.withUnsafeMutableBufferPointer { out in
            guard out.baseAddress != nil, let q = r.baseAddress else { return }
            let shared = DisjointWrites(buffer: out)
            partition.starts.withUnsafeBufferPointer { starts in
                withRows { _, columns, entries in
                    runWorkers(workers) { worker in
                        var part = worker
                        while part < partition.parts {
                            let from = part * (rows + 1)
                            let to = from + rows + 1
                            for row in 0..<rows {
                                Self.scatterRow(
                                    starts[from + row]..<starts[to + row], columns, entries, k, q + row &* k,
                                    shared.base)
                            }
                            part += workers
                        }
                    }
                }
            }
        }
        return result
    }

    /// Several blocks (or one, on one thread): `fill(block, out)` scatters block `block` into its zeroed buffer
    /// `out` (block 0 straight into the result); the workers take blocks `worker, worker + workers, …`. The other
    /// buffers are then added to the result in block order, the columns split among the workers.
    private func blockScatter(
        columns k: Int, plan: TransposePlan, threads: Int, trailing: Int,
        fill: (_ block: Int, _ out: UnsafeMutablePointer<Double>) -> Void
    ) -> [Double] {
        let size = columnCount * k
        var result = [Double](repeating: 0, count: size + trailing)
        var scratch = [Double](repeating: 0, count: (plan.blocks - 1) * size)
        let workers = max(1, min(threads, plan.blocks))
        result.withUnsafeMutableBufferPointer { result in
            scratch.withUnsafeMutableBufferPointer { scratch in
                guard result.baseAddress != nil else { return }
                let target = DisjointWrites(buffer: result)
                let others = scratch.isEmpty ? nil : DisjointWrites(buffer: scratch)
                runWorkers(workers) { worker in
                    var block = worker
                    while block < plan.blocks {
                        fill(block, block == 0 ? target.base : others!.base + (block - 1) * size)
                        block += workers
                    }
                }
                guard let others else { return }
                let reducers = max(1, min(threads, size / 65536))
                runWorkers(reducers) { worker in
                    let range = (size * worker / reducers)..<(size * (worker + 1) / reducers)
                    for block in 1..<plan.blocks {
                        let buffer = others.base + (block - 1) * size
                        for index in range { target.base[index] += buffer[index] }
                    }
                }
            }
        }
        return result
    }
}
