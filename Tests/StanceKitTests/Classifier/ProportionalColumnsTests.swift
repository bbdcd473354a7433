import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The merge of proportional feature columns before a sparse fit: the groups and values on a matrix worked by hand,
/// the identities that make it exact, and fits with and without it reaching the same optimum.
@Suite struct ProportionalColumnsTests {
    /// Columns (rows 0, 1, 2): c0 = (1, 2, 0), c1 = (2, 4, 0) = 2·c0, c2 = (0, 0, 3), c3 = (0, 0, −1.5) = −½·c2,
    /// c4 empty, c5 = (1, 3, 0) (the support of c0, not a multiple).
    static func handMatrix() -> SparseMatrix {
        var x = SparseMatrix(columnCount: 6)
        x.appendRow([(0, 1.0), (1, 2.0), (5, 1.0)])
        x.appendRow([(0, 2.0), (1, 4.0), (5, 3.0)])
        x.appendRow([(2, 3.0), (3, -1.5)])
        return x
    }

    @Test func groupsValuesAndCoefficientsWorkedByHand() throws {
        let merge = try #require(ProportionalColumns(Self.handMatrix()))
        // Groups in the order of their first columns: {c0, c1}, {c2, c3}, {c5}; c4 has no entries.
        #expect(merge.group == [0, 0, 1, 1, -1, 2])
        // Λ² = 1² + 2² = 5 for the first group and 3² + 1.5² = 11.25 for the second; coefficients λ_j / Λ.
        let (five, second) = (5.0.squareRoot(), 11.25.squareRoot())
        let expected = [1 / five, 2 / five, 3 / second, -1.5 / second, 0, 1]
        for (got, want) in zip(merge.coefficient, expected) {
            #expect(got.isApproximatelyEqual(to: want, relativeTolerance: 1e-15))
        }
        // The reduced columns are Λ·(c_first / λ_first): √5·(1, 2, 0), Λ₂·(0, 0, 1) and c5 itself.
        let reduced = merge.reduced
        #expect(reduced.columnCount == 3 && reduced.rowCount == 3)
        #expect(Array(reduced.row(0).map(\.0)) == [0, 2] && Array(reduced.row(2).map(\.0)) == [1])
        let values = [reduced.row(0).map(\.1), reduced.row(1).map(\.1), reduced.row(2).map(\.1)]
        let wanted = [[five, 1], [2 * five, 3], [second]]
        for (row, want) in zip(values, wanted) {
            for (got, value) in zip(row, want) {
                #expect(got.isApproximatelyEqual(to: value, relativeTolerance: 1e-15))
            }
        }
    }

    @Test func aZeroEntryKeepsItsColumnAloneAndFewMergesAreNotWorthACopy() throws {
        // c0 = (1, 1), c1 = (0 stored, 1) has an explicit zero, so it may not join c0 even though the rows match.
        var x = SparseMatrix(columnCount: 4)
        x.appendRow([(0, 1.0), (1, 0.0), (2, 5.0)])
        x.appendRow([(0, 1.0), (1, 1.0), (3, 2.0)])
        // c2 and c3 are singletons in different rows: nothing merges at all.
        #expect(ProportionalColumns(x) == nil)
        // Add c4 = 2·c0: one merge out of five columns clears a 10 % saving.
        var y = SparseMatrix(columnCount: 5)
        y.appendRow([(0, 1.0), (1, 0.0), (2, 5.0), (4, 2.0)])
        y.appendRow([(0, 1.0), (1, 1.0), (3, 2.0), (4, 2.0)])
        let merge = try #require(ProportionalColumns(y))
        #expect(merge.group == [0, 1, 2, 3, 0])
        #expect(merge.coefficient[1] == 1)
        #expect(ProportionalColumns(y, minimumSaving: 0.5) == nil)
    }

    /// A matrix with every kind of merge: copies, scaled copies (also negative), several singletons per row.
    static func redundant(rows: Int, seed: UInt64) -> SparseMatrix {
        var generator = SeededGenerator(seed: seed)
        let base = 40
        // Columns 0..<40 random; 40..<80 copies of 0..<40 scaled by ±(1…3) (every other one exactly equal);
        // 80..<80+rows one singleton per row, 80+rows... a second singleton per row.
        var x = SparseMatrix(columnCount: 2 * base + 2 * rows)
        let factors = (0..<base).map { j -> Double in
            j % 2 == 0 ? 1 : (Bool.random(using: &generator) ? 1 : -1) * Double.random(in: 1...3, using: &generator)
        }
        for row in 0..<rows {
            var entries: [(Int32, Double)] = []
            var own: [(Int32, Double)] = []
            for j in 0..<base where Double.random(in: 0..<1, using: &generator) < 0.3 {
                let value = Double.random(in: 0.1...1, using: &generator)
                entries.append((Int32(j), value))
                own.append((Int32(base + j), factors[j] * value))
            }
            entries += own
            entries.append((Int32(2 * base + row), Double.random(in: 0.1...1, using: &generator)))
            entries.append((Int32(2 * base + rows + row), Double.random(in: 0.1...1, using: &generator)))
            x.appendRow(entries)
        }
        return x
    }

    @Test func reducedColumnsAreTheCoefficientSumsAndLiftingIsAnIsometry() throws {
        let x = Self.redundant(rows: 50, seed: 5)
        let merge = try #require(ProportionalColumns(x))
        // One group per random column and its exact copy, the scaled copies that merged (a rounded ratio can keep
        // one apart), and one group of singletons per row.
        #expect(merge.reduced.columnCount >= 40 + 50 && merge.reduced.columnCount <= 40 + 20 + 50)
        // Each reduced column is Σ_{j ∈ g} c_j x_j, and Σ_{j ∈ g} c_j² = 1.
        var squares = [Double](repeating: 0, count: merge.reduced.columnCount)
        for (j, g) in merge.group.enumerated() where g >= 0 {
            squares[Int(g)] += merge.coefficient[j] * merge.coefficient[j]
        }
        for value in squares { #expect(value.isApproximatelyEqual(to: 1, relativeTolerance: 1e-14)) }
        var generator = SeededGenerator(seed: 6)
        for outputs in [1, 3] {
            let z = (0..<(merge.reduced.columnCount * outputs + outputs)).map { _ in
                Double.random(in: -1...1, using: &generator)
            }
            let w = merge.lift(z, outputs: outputs)
            #expect(w.count == x.columnCount * outputs + outputs)
            #expect(Array(w.suffix(outputs)) == Array(z.suffix(outputs)), "intercepts are copied")
            // X·lift(z) = X'·z, ‖lift(z)‖ = ‖z‖ on the weights, and projecting back gives z.
            let full = x.multiply(Array(w.prefix(x.columnCount * outputs)), columns: outputs)
            let small = merge.reduced.multiply(Array(z.prefix(merge.reduced.columnCount * outputs)), columns: outputs)
            for (a, b) in zip(full, small) { #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-13)) }
            let normW = w.prefix(x.columnCount * outputs).reduce(0) { $0 + $1 * $1 }
            let normZ = z.prefix(merge.reduced.columnCount * outputs).reduce(0) { $0 + $1 * $1 }
            #expect(normW.isApproximatelyEqual(to: normZ, relativeTolerance: 1e-13))
            for (a, b) in zip(merge.project(w, outputs: outputs), z) {
                #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-14))
            }
        }
    }

    @Test(arguments: [2, 3], LogisticRegressionTests.sparseSolvers)
    func mergedAndUnmergedFitsReachTheSameOptimum(classes: Int, solver: LogisticRegression.Solver) throws {
        let x = Self.redundant(rows: 60, seed: UInt64(10 + classes))
        let labels = (0..<60).map { ($0 * 7 + $0 / 5) % classes }
        let names = (0..<classes).map { "c\($0)" }
        var regression = LogisticRegression(C: 2, classWeight: .balanced, tolerance: 1e-10, threads: 1, solver: solver)
        let merged = try regression.fit(X: x, labels: labels, labelNames: names)
        regression.mergesProportionalColumns = false
        let plain = try regression.fit(X: x, labels: labels, labelNames: names)
        #expect(merged.converged && plain.converged)
        #expect(merged.objective.isApproximatelyEqual(to: plain.objective, relativeTolerance: 1e-12))
        let scale = plain.weights.map(abs).max()!
        for (a, b) in zip(merged.weights, plain.weights) { #expect(abs(a - b) <= 1e-7 * scale) }
        for (a, b) in zip(merged.intercepts, plain.intercepts) { #expect(abs(a - b) <= 1e-7 * max(1, scale)) }
        // Exact copies (even columns j and 40 + j) get the same weight, bit for bit.
        let d = x.columnCount
        for row in 0..<(classes == 2 ? 1 : classes) {
            for j in stride(from: 0, to: 40, by: 2) {
                #expect(merged.weights[row * d + j] == merged.weights[row * d + 40 + j])
            }
        }
        // The merged solution meets the stopping test on the original problem: the gradient norms are the same.
        let problem = try Problem(
            X: x, labels: labels, labelNames: names, sampleWeights: nil, classWeight: .balanced)
        var objective = LogisticObjective(
            features: x, labels: problem.labels, sampleScale: problem.sampleWeights.map { 2 * $0 },
            classCount: classes, threads: 1)
        let reference = BLAS.norm(
            objective.valueAndGradient([Double](repeating: 0, count: objective.dimension)).gradient)
        let gradient = objective.valueAndGradient(merged.featureMajorWeights + merged.intercepts).gradient
        #expect(BLAS.norm(gradient) <= 2e-10 * reference)
    }

    @Test func warmStartFromTheMergedOptimumStopsAtOnce() throws {
        let x = Self.redundant(rows: 40, seed: 21)
        let labels = (0..<40).map { $0 % 3 }
        let regression = LogisticRegression(C: 1, tolerance: 1e-8, threads: 1)
        let cold = try regression.fit(X: x, labels: labels, labelNames: ["a", "b", "c"])
        let warm = try regression.fit(X: x, labels: labels, labelNames: ["a", "b", "c"], warmStart: cold)
        #expect(cold.iterations > 1)
        #expect(warm.iterations <= 1)
        #expect(warm.objective.isApproximatelyEqual(to: cold.objective, relativeTolerance: 1e-12))
    }
}
