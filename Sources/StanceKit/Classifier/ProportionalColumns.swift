/// The columns of a feature matrix that are multiples of one another, merged into one column each: an exact
/// reduction of an L2-penalised linear model.
///
/// If columns `j ∈ J` are all multiples of one vector, `x_j = λ_j v`, the data term sees their weights (rows `w_j`
/// of `W`) only through `t = Σ_j λ_j w_j`, and the smallest penalty `½ Σ_j ‖w_j‖²` with a given `t` is `½ ‖t‖² / Λ²`,
/// `Λ² = Σ_j λ_j²`, at `w_j = λ_j t / Λ²`. So the problem with the group replaced by the single column `Λ v` and
/// weight `z = t / Λ` has the same minimum, and its solution gives the original one as `w_j = (λ_j / Λ) z`. The map
/// `z ↦ (w_j)` is an isometry onto the subspace where the solvers' iterates stay (gradients and Hessian products at
/// its points lie in it), so in exact arithmetic gradient norms, CG steps and stopping tests are the same in both
/// problems (in floating point they differ by rounding); the reduced one costs fewer multiply-adds per product and
/// shorter vectors.
///
/// Character n-grams of short texts merge a lot: an n-gram seen in one text only is a multiple of every other such
/// n-gram of that text, and the n-grams of a rare word occur in the same texts with the same weights. A SemEval-2016
/// training fold (`--char-wb 2-5`) goes from about 94,000 columns to 24,000 and 719,000 entries to 549,000; an
/// NLPCC-2016 fold (character 1–3-grams) from 132,000 columns to 22,500. Word n-grams with `--min-df 3` (news) hardly
/// merge, and then the matrix is used as it is.
///
/// Grouping: a column's entries divided by its first entry, with their rows, are fingerprinted (two 64-bit hashes)
/// in one pass over the rows; columns with equal fingerprints and entry counts form a group, in the order of their
/// first columns. A second pass checks every member against its group's first column, entry by entry (same rows, the
/// same ratios bit for bit) while it builds the reduced matrix; a fingerprint collision gives up the merge rather
/// than fit a different problem. A column holding a zero or a non-finite entry stays alone. Everything depends on
/// the matrix only, never on the number of threads. Memory: a few arrays of one entry per column, and the reduced
/// matrix when it is used.
struct ProportionalColumns: Sendable {
    /// One column per group, in the order of the groups' first columns (so each row stays sorted).
    let reduced: SparseMatrix
    /// For each original column its group, or −1 for a column without entries (whose weight is 0 at the optimum).
    let group: [Int32]
    /// For each original column `λ_j / Λ` (0 for a column without entries): `w_j = coefficient_j · z_group`.
    let coefficient: [Double]

    /// The merge of `matrix`'s proportional columns, or `nil` when it would remove fewer than `minimumSaving` of the
    /// columns that hold entries (then the reduction would not pay for the copy), or when fewer than `minimumSaving`
    /// of them hold a single entry (then it is not tried).
    init?(_ matrix: SparseMatrix, minimumSaving: Double = 0.1) {
        let d = matrix.columnCount
        // A cheap test first: columns with one entry merge with every other such column of their row, and where
        // there are few of them (word n-grams under min-df 2 or more) merges are rare, so the fingerprint pass is not
        // tried. On Article-Bias-Prediction it would cost a tenth of the fit and find nothing.
        // The entry counts are also part of each group's key below.
        var count = [UInt32](repeating: 0, count: d)
        for column in matrix.columnIndices { count[Int(column)] &+= 1 }
        var (nonEmpty, single) = (0, 0)
        for entries in count where entries > 0 {
            nonEmpty += 1
            if entries == 1 { single += 1 }
        }
        guard Double(single) >= minimumSaving * Double(max(1, nonEmpty)) else { return nil }
        // Everything the first pass keeps of a column, in one place (one cache line per entry visited).
        struct Column {
            var first = 0.0
            var hashA: UInt64 = 0x9E37_79B9_7F4A_7C15
            var hashB: UInt64 = 0xC2B2_AE3D_27D4_EB4F
            var seen = false
            var alone = false
        }
        var state = [Column](repeating: Column(), count: d)
        let offsets = matrix.rowOffsets
        let columns = matrix.columnIndices
        let values = matrix.values
        state.withUnsafeMutableBufferPointer { state in
            for row in 0..<matrix.rowCount {
                let rowWord = UInt64(truncatingIfNeeded: row)
                for entry in offsets[row]..<offsets[row + 1] {
                    let x = values[entry]
                    let column = state.baseAddress! + Int(columns[entry])
                    if !column.pointee.seen {
                        column.pointee.first = x
                        column.pointee.seen = true
                    }
                    guard x != 0 && x.isFinite else {
                        column.pointee.alone = true
                        continue
                    }
                    let word = (x / column.pointee.first).bitPattern
                    column.pointee.hashA = Self.mix(column.pointee.hashA ^ rowWord, word, 0xFF51_AFD7_ED55_8CCD)
                    column.pointee.hashB = Self.mix(column.pointee.hashB &+ rowWord, word, 0xC4CE_B9FE_1A85_EC53)
                }
            }
        }
        // Groups, found through an open-addressing table of group numbers keyed by (hashA, hashB, count).
        var bits = 1
        while 1 << bits < 2 * nonEmpty { bits += 1 }
        let mask = (1 << bits) - 1
        var slots = [Int32](repeating: -1, count: 1 << bits)
        var group = [Int32](repeating: -1, count: d)
        var representative: [Int] = []
        var lambdaSquared: [Double] = []
        for j in 0..<d where count[j] > 0 {
            let column = state[j]
            var g = Int32(-1)
            if !column.alone {
                // The high bits of the last multiply are the well-mixed ones.
                var slot = Int(truncatingIfNeeded: column.hashA >> UInt64(64 - bits)) & mask
                while slots[slot] >= 0 {
                    let first = representative[Int(slots[slot])]
                    let other = state[first]
                    if other.hashA == column.hashA && other.hashB == column.hashB && count[first] == count[j] {
                        g = slots[slot]
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if g < 0 { slots[slot] = Int32(representative.count) }
            }
            if g < 0 {
                g = Int32(representative.count)
                representative.append(j)
                lambdaSquared.append(0)
            }
            group[j] = g
            lambdaSquared[Int(g)] += column.first * column.first
        }
        let groups = representative.count
        guard Double(nonEmpty - groups) >= minimumSaving * Double(nonEmpty), groups < nonEmpty else { return nil }

        // Second pass: check each member against its group's first column and write the reduced rows. The reduced
        // column is `Λ v = (Λ / λ_first) x_first`; a column left alone is kept as it is.
        struct Member {
            var first = 0.0
            /// For a group's first column, the ratio bits of its entry in the row being visited.
            var ratio: UInt64 = 0
            var group: Int32 = -1
            /// For a group's first column, the last row where it had an entry.
            var stamp: Int32 = -1
            var isRepresentative = false
        }
        var members = [Member](repeating: Member(), count: d)
        for j in 0..<d {
            members[j].first = state[j].first
            members[j].group = group[j]
        }
        for j in representative { members[j].isRepresentative = true }
        var scale = [Double](repeating: 1, count: groups)
        for g in 0..<groups where !state[representative[g]].alone {
            scale[g] = lambdaSquared[g].squareRoot() / state[representative[g]].first
        }
        var reducedColumns: [Int32] = []
        var reducedValues: [Double] = []
        reducedColumns.reserveCapacity(matrix.nonZeroCount)
        reducedValues.reserveCapacity(matrix.nonZeroCount)
        var reducedOffsets = [0]
        reducedOffsets.reserveCapacity(matrix.rowCount + 1)
        let consistent = members.withUnsafeMutableBufferPointer { members -> Bool in
            for row in 0..<matrix.rowCount {
                let range = offsets[row]..<offsets[row + 1]
                let stamp = Int32(truncatingIfNeeded: row)
                for entry in range {
                    let member = members.baseAddress! + Int(columns[entry])
                    guard member.pointee.isRepresentative else { continue }
                    let x = values[entry]
                    member.pointee.stamp = stamp
                    member.pointee.ratio = (x / member.pointee.first).bitPattern
                    reducedColumns.append(member.pointee.group)
                    reducedValues.append(x * scale[Int(member.pointee.group)])
                }
                for entry in range {
                    let member = members[Int(columns[entry])]
                    guard !member.isRepresentative else { continue }
                    let first = members[representative[Int(member.group)]]
                    guard first.stamp == stamp, (values[entry] / member.first).bitPattern == first.ratio else {
                        return false
                    }
                }
                reducedOffsets.append(reducedColumns.count)
            }
            return true
        }
        guard consistent else { return nil }
        var coefficient = [Double](repeating: 0, count: d)
        for j in 0..<d where group[j] >= 0 {
            coefficient[j] = state[j].alone ? 1 : state[j].first / lambdaSquared[Int(group[j])].squareRoot()
        }
        self.reduced = SparseMatrix(
            columnCount: groups, rowOffsets: reducedOffsets, columnIndices: reducedColumns, values: reducedValues)
        self.group = group
        self.coefficient = coefficient
    }

    /// One step of a multiply–xor–rotate hash over 64-bit words.
    @inline(__always)
    private static func mix(_ state: UInt64, _ word: UInt64, _ multiplier: UInt64) -> UInt64 {
        var h = (state ^ word) &* multiplier
        h ^= h >> 29
        return (h << 27 | h >> 37) &* 0x9FB2_1C65_1E98_DF25
    }

    /// Original feature-major weights (`columnCount × outputs`, then anything after, copied) from reduced ones:
    /// `w_j = coefficient_j · z_group(j)`, 0 for a column without entries.
    func lift(_ reducedTheta: [Double], outputs: Int) -> [Double] {
        let d = group.count
        let tail = reducedTheta[(reduced.columnCount * outputs)...]
        var theta = [Double](repeating: 0, count: d * outputs + tail.count)
        for j in 0..<d where group[j] >= 0 {
            let source = Int(group[j]) * outputs
            for k in 0..<outputs { theta[j * outputs + k] = coefficient[j] * reducedTheta[source + k] }
        }
        theta.replaceSubrange((d * outputs)..., with: tail)
        return theta
    }

    /// The reduced weights nearest to original ones (the orthogonal projection onto the subspace of lifted weights:
    /// `z_g = Σ_{j ∈ g} coefficient_j · w_j`); anything after the weights is copied.
    func project(_ theta: [Double], outputs: Int) -> [Double] {
        let d = group.count
        var reducedTheta = [Double](repeating: 0, count: reduced.columnCount * outputs)
        for j in 0..<d where group[j] >= 0 {
            let target = Int(group[j]) * outputs
            for k in 0..<outputs { reducedTheta[target + k] += coefficient[j] * theta[j * outputs + k] }
        }
        return reducedTheta + theta[(d * outputs)...]
    }
}
