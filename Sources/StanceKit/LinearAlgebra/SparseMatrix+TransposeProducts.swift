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

    init(_ matrix: SparseMatrix, columns k: Int, threads: ThreadBudget) {
        let ratio = matrix.nonZeroCount / max(1, 4 * matrix.columnCount * k)
        var blocks = 1
        while blocks * 2 <= min(16, ratio, matrix.rowCount) { blocks *= 2 }
        self.blocks = blocks
        self.partition = ColumnPartition(matrix, parts: blocks == 1 ? threads.count : 1)
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
    /// The length of the scratch buffer the products with `Xᵀ` need under `plan`: the buffers of row blocks 1, 2, …
    /// (block 0 is scattered straight into the output).
    func transposeScratchCount(columns k: Int, plan: TransposePlan) -> Int {
        (plan.blocks - 1) * columnCount * k
    }

    /// `Xᵀ·R` for a row-major `n × K` matrix `R`, as a row-major `d × K` array, summed as `plan` says.
    ///
    /// - Complexity: O(nnz · K + blocks · d · K) time.
    func transposeMultiply(
        _ r: [Double], columns k: Int, plan: TransposePlan, threads: ThreadBudget
    ) -> [Double] {
        precondition(r.count == rowCount * k, "transposeMultiply: R must be \(rowCount) × \(k)")
        var result = [Double](repeating: 0, count: columnCount * k)
        var scratch = [Double](repeating: 0, count: transposeScratchCount(columns: k, plan: plan))
        r.withUnsafeBufferPointer { r in
            result.withUnsafeMutableBufferPointer { out in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    transposeMultiply(r, columns: k, plan: plan, threads: threads, into: out, scratch: scratch)
                }
            }
        }
        return result
    }

    /// ``transposeMultiply(_:columns:plan:threads:)`` into memory the caller holds: `Xᵀ·R` overwrites the
    /// first `d × K` places of `out` (the rest is left alone), and `scratch` (at least
    /// ``transposeScratchCount(columns:plan:)`` places, any contents) holds the other blocks' sums. A solver that
    /// multiplies many times reuses the same two buffers instead of asking for fresh memory every time.
    func transposeMultiply(
        _ r: UnsafeBufferPointer<Double>, columns k: Int, plan: TransposePlan, threads: ThreadBudget,
        into out: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(r.count == rowCount * k, "transposeMultiply: R must be \(rowCount) × \(k)")
        checkOutputs(out, scratch, columns: k, plan: plan)
        if plan.blocks == 1 {
            columnSplitScatter(r, columns: k, partition: plan.partition, threads: threads, into: out)
            return
        }
        blockScatter(columns: k, plan: plan, threads: threads, into: out, scratch: scratch) { block, out in
            withRows { offsets, columns, entries in
                for row in plan.rows(block) {
                    Self.scatterRow(
                        offsets[row]..<offsets[row + 1], columns, entries, k, r.baseAddress! + row &* k, out)
                }
            }
        }
    }

    /// For every row `i`: `u_i = x_iᵀW` (its `K` values summed in registers in column order, exactly as
    /// ``multiply(_:columns:threads:)`` does), then `transform(i, u_i)` turns it into `q_i` in place; returns
    /// `Xᵀq` (`d × K`, row-major, summed as `plan` says, exactly as ``transposeMultiply(_:columns:plan:threads:)``)
    /// and `q` (`n × K`). The matrix is read once per block on one thread, or once by rows and once by columns when
    /// one block is split over several workers.
    func multiplyTransformScatter(
        _ w: UnsafeBufferPointer<Double>, columns k: Int, plan: TransposePlan, threads: ThreadBudget,
        transform: RowTransform
    ) -> (product: [Double], q: [Double]) {
        var product = [Double](repeating: 0, count: columnCount * k)
        var q = [Double](repeating: 0, count: rowCount * k)
        var scratch = [Double](repeating: 0, count: transposeScratchCount(columns: k, plan: plan))
        product.withUnsafeMutableBufferPointer { out in
            q.withUnsafeMutableBufferPointer { q in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    multiplyTransformScatter(
                        w, columns: k, plan: plan, threads: threads, q: q, into: out, scratch: scratch,
                        transform: transform)
                }
            }
        }
        return (product, q)
    }

    /// ``multiplyTransformScatter(_:columns:plan:threads:transform:)`` into memory the caller holds: `q`
    /// (`n × K`) receives the transformed rows, `Xᵀq` overwrites the first `d × K` places of `out`, and `scratch`
    /// is used as in ``transposeMultiply(_:columns:plan:threads:into:scratch:)``.
    func multiplyTransformScatter(
        _ w: UnsafeBufferPointer<Double>, columns k: Int, plan: TransposePlan, threads: ThreadBudget,
        q: UnsafeMutableBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>, transform: RowTransform
    ) {
        precondition(w.count == columnCount * k, "multiplyTransformScatter: W must be \(columnCount) × \(k)")
        precondition(q.count == rowCount * k, "multiplyTransformScatter: q must be \(rowCount) × \(k)")
        checkOutputs(out, scratch, columns: k, plan: plan)
        if plan.blocks == 1 && threads.isParallel {
            multiply(w, columns: k, threads: threads, into: q)
            let chunks = ParallelChunks.rows(rowCount)
            let rows = DisjointWrites(buffer: q)
            chunks.forEach(threads: threads) { chunk in
                for row in chunks.range(chunk) {
                    transform(row, UnsafeMutableBufferPointer(start: rows.base + row &* k, count: k))
                }
            }
            columnSplitScatter(
                UnsafeBufferPointer(q), columns: k, partition: plan.partition, threads: threads, into: out)
            return
        }
        guard rowCount > 0 else {
            out.baseAddress?.update(repeating: 0, count: columnCount * k)
            return
        }
        let shared = DisjointWrites(buffer: q)
        blockScatter(columns: k, plan: plan, threads: threads, into: out, scratch: scratch) { block, out in
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

    private func checkOutputs(
        _ out: UnsafeMutableBufferPointer<Double>, _ scratch: UnsafeMutableBufferPointer<Double>, columns k: Int,
        plan: TransposePlan
    ) {
        precondition(out.count >= columnCount * k, "Xᵀ product: the output must hold \(columnCount) × \(k)")
        precondition(
            scratch.count >= transposeScratchCount(columns: k, plan: plan), "Xᵀ product: scratch too small")
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

    /// One block: the workers split the columns (``ColumnPartition``), each zeroing its own columns of `out` and
    /// then walking every row in order.
    private func columnSplitScatter(
        _ r: UnsafeBufferPointer<Double>, columns k: Int, partition: ColumnPartition, threads: ThreadBudget,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        let rows = rowCount
        let workers = threads.workers(for: partition.parts)
        guard let base = out.baseAddress, columnCount > 0 else { return }
        guard let q = r.baseAddress else {
            base.update(repeating: 0, count: columnCount * k)
            return
        }
        let shared = DisjointWrites(buffer: out)
        partition.starts.withUnsafeBufferPointer { starts in
            withRows { _, columns, entries in
                runWorkers(workers) { worker in
                    var part = worker
                    while part < partition.parts {
                        let owned = (partition.bounds[part] * k)..<(partition.bounds[part + 1] * k)
                        (shared.base + owned.lowerBound).update(repeating: 0, count: owned.count)
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

    /// Several blocks (or one, on one thread): `fill(block, out)` scatters block `block` into its buffer `out`
    /// (block 0 straight into the result, the others into `scratch`), which the worker zeroes first; the workers
    /// take blocks `worker, worker + workers, …`. The other buffers are then added to the result in block order, the
    /// columns split among the workers.
    private func blockScatter(
        columns k: Int, plan: TransposePlan, threads: ThreadBudget, into result: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>, fill: (_ block: Int, _ out: UnsafeMutablePointer<Double>) -> Void
    ) {
        let size = columnCount * k
        let workers = threads.workers(for: plan.blocks)
        guard size > 0, result.baseAddress != nil else {
            // No columns, so no entries to scatter; the rows' transforms must still run.
            var nowhere = [0.0]
            nowhere.withUnsafeMutableBufferPointer { out in
                for block in 0..<plan.blocks { fill(block, out.baseAddress!) }
            }
            return
        }
        let target = DisjointWrites(buffer: result)
        let others = plan.blocks > 1 ? DisjointWrites(buffer: scratch) : nil
        runWorkers(workers) { worker in
            var block = worker
            while block < plan.blocks {
                let out = block == 0 ? target.base : others!.base + (block - 1) * size
                out.update(repeating: 0, count: size)
                fill(block, out)
                block += workers
            }
        }
        guard let others else { return }
        let reducers = threads.workers(for: size / 65536)
        runWorkers(reducers) { worker in
            let range = (size * worker / reducers)..<(size * (worker + 1) / reducers)
            for block in 1..<plan.blocks {
                let buffer = others.base + (block - 1) * size
                for index in range { target.base[index] += buffer[index] }
            }
        }
    }
}
