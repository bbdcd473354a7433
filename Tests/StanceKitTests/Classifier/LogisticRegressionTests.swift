import Foundation
import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct LogisticRegressionTests {
    static let sparseSolvers: [LogisticRegression.Solver] = [.trustRegionNewton, .lbfgs]

    /// A synthetic sparse text-like problem: `classes` classes, each with its own preferred features.
    static func synthetic(rows: Int, columns: Int, classes: Int, seed: UInt64) -> (SparseMatrix, [Int]) {
        var generator = SeededGenerator(seed: seed)
        var x = SparseMatrix(columnCount: columns)
        var labels: [Int] = []
        for _ in 0..<rows {
            let label = Int.random(in: 0..<classes, using: &generator)
            var columnsSet = Set<Int32>()
            for _ in 0..<12 {
                // Half of the features are drawn from the class's own band, so the classes are learnable.
                let band = Bool.random(using: &generator) ? label : Int.random(in: 0..<classes, using: &generator)
                let width = columns / classes
                columnsSet.insert(Int32(band * width + Int.random(in: 0..<width, using: &generator)))
            }
            x.appendRow(columnsSet.sorted().map { ($0, Double.random(in: 0.1...1, using: &generator)) })
            labels.append(label)
        }
        return (x, labels)
    }

    @Test(arguments: [LogisticRegression.Solver.trustRegionNewton, .lbfgs, .newton])
    func interceptOnlyBinaryIsLogitOfWeightedShare(solver: LogisticRegression.Solver) throws {
        // No features: σ(b) = Σ s_i y_i / Σ s_i ⇒ b = log(π / (1 − π)).
        var x = SparseMatrix(columnCount: 0)
        for _ in 0..<5 { x.appendRow([]) }
        let labels = [1, 0, 1, 1, 0]
        let weights = [2.0, 1, 0.5, 1.5, 3]
        let model = try LogisticRegression(C: 3, tolerance: 1e-10, threads: 1, solver: solver).fit(
            X: x, labels: labels, labelNames: ["no", "yes"], sampleWeights: weights)
        let share = (2.0 + 0.5 + 1.5) / 8
        #expect(model.converged)
        #expect(model.intercepts[0].isApproximatelyEqual(to: Double.log(share / (1 - share)), absoluteTolerance: 1e-9))
    }

    @Test func interceptOnlyMultinomialReproducesBalancedShares() throws {
        // Balanced class weights make every class weigh the same in total, so the fitted shares are all 1/3.
        var x = SparseMatrix(columnCount: 0)
        for _ in 0..<6 { x.appendRow([]) }
        let model = try LogisticRegression(C: 1, classWeight: .balanced, tolerance: 1e-10, threads: 1).fit(
            X: x, labels: [0, 0, 0, 1, 2, 2], labelNames: ["a", "b", "c"])
        let p = model.probabilities(x)[0]
        for value in p { #expect(value.isApproximatelyEqual(to: 1.0 / 3, absoluteTolerance: 1e-9)) }
        // Unweighted, the shares are the class frequencies.
        let plain = try LogisticRegression(C: 1, tolerance: 1e-10, threads: 1).fit(
            X: x, labels: [0, 0, 0, 1, 2, 2], labelNames: ["a", "b", "c"])
        let q = plain.probabilities(x)[0]
        for (value, expected) in zip(q, [0.5, 1.0 / 6, 1.0 / 3]) {
            #expect(value.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-9))
        }
    }

    /// The optimum of a one-feature binary problem, solved independently by nested bisection on the optimality
    /// conditions `Σ c_i (p_i − y_i) = 0` (intercept) and `C Σ c_i (p_i − y_i) x_i + w = 0` (slope).
    static func bisectionOptimum(x: [Double], y: [Double], c: [Double], C: Double) -> (w: Double, b: Double) {
        func sigmoid(_ t: Double) -> Double { 1 / (1 + Double.exp(-t)) }
        func intercept(_ w: Double) -> Double {
            var (lo, hi) = (-50.0, 50.0)  // Σ c_i (p_i − y_i) increases with b
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                let g = x.indices.reduce(0.0) { $0 + c[$1] * (sigmoid(w * x[$1] + mid) - y[$1]) }
                if g > 0 { hi = mid } else { lo = mid }
            }
            return (lo + hi) / 2
        }
        var (lo, hi) = (-50.0, 50.0)  // the profiled derivative increases with w (convexity)
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            let b = intercept(mid)
            let g = C * x.indices.reduce(0.0) { $0 + c[$1] * (sigmoid(mid * x[$1] + b) - y[$1]) * x[$1] } + mid
            if g > 0 { hi = mid } else { lo = mid }
        }
        let w = (lo + hi) / 2
        return (w, intercept(w))
    }

    @Test(arguments: [LogisticRegression.Solver.trustRegionNewton, .lbfgs, .newton])
    func oneFeatureOptimumMatchesBisection(solver: LogisticRegression.Solver) throws {
        let values = [-1.5, -0.3, 0.2, 0.9, 1.4, 2.2, -2.0, 0.0, 0.7, -0.8]
        let labels = [0, 0, 1, 1, 1, 1, 0, 1, 0, 1]
        let weights = [1.0, 2, 0.5, 1, 1, 3, 1, 0.25, 1, 2]
        var x = SparseMatrix(columnCount: 1)
        for value in values { x.appendRow(value == 0 ? [] : [(Int32(0), value)]) }
        let model = try LogisticRegression(C: 0.8, tolerance: 1e-10, threads: 1, solver: solver).fit(
            X: x, labels: labels, labelNames: ["0", "1"], sampleWeights: weights)
        let expected = Self.bisectionOptimum(x: values, y: labels.map(Double.init), c: weights, C: 0.8)
        #expect(model.weights[0].isApproximatelyEqual(to: expected.w, absoluteTolerance: 1e-8))
        #expect(model.intercepts[0].isApproximatelyEqual(to: expected.b, absoluteTolerance: 1e-8))
    }

    @Test func solversAgreeOnTheOptimum() throws {
        let (x, labels) = Self.synthetic(rows: 600, columns: 300, classes: 2, seed: 41)
        let names = ["con", "pro"]
        let newton = try LogisticRegression(C: 2, threads: 1, solver: .newton).fit(
            X: x, labels: labels, labelNames: names)
        for solver in Self.sparseSolvers {
            let model = try LogisticRegression(C: 2, threads: 1, solver: solver).fit(
                X: x, labels: labels, labelNames: names)
            #expect(model.converged)
            // Default tolerance 1e-6: the objective agrees with the Newton optimum to 1e-10 relative.
            #expect(model.objective.isApproximatelyEqual(to: newton.objective, relativeTolerance: 1e-10))
            // …and the weights to about 1e-5 (the objective is flat near its minimum).
            for (a, b) in zip(model.weights, newton.weights) {
                #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-4))
            }
            let tight = try LogisticRegression(C: 2, tolerance: 1e-9, threads: 1, solver: solver).fit(
                X: x, labels: labels, labelNames: names)
            #expect(tight.converged)
            for (a, b) in zip(tight.weights, newton.weights) {
                #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-7))
            }
        }
    }

    @Test func multinomialSolversAgree() throws {
        let (x, labels) = Self.synthetic(rows: 500, columns: 240, classes: 3, seed: 8)
        let names = ["a", "b", "c"]
        let tron = try LogisticRegression(C: 1, tolerance: 1e-8, threads: 1, solver: .trustRegionNewton).fit(
            X: x, labels: labels, labelNames: names)
        let lbfgs = try LogisticRegression(C: 1, tolerance: 1e-8, threads: 1, solver: .lbfgs).fit(
            X: x, labels: labels, labelNames: names)
        #expect(tron.converged && lbfgs.converged)
        #expect(tron.weightRowCount == 3 && tron.weights.count == 3 * 240)
        #expect(tron.objective.isApproximatelyEqual(to: lbfgs.objective, relativeTolerance: 1e-12))
        for (a, b) in zip(tron.weights, lbfgs.weights) {
            #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-6))
        }
        // Probabilities are a distribution and the most likely class is mostly right on training data.
        let p = tron.probabilities(x)
        #expect(p.allSatisfy { $0.reduce(0, +).isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12) })
        let correct = zip(p, labels).filter { row, label in row.indices.max { row[$0] < row[$1] } == label }.count
        #expect(correct > 400)
    }

    @Test(arguments: [LogisticRegression.Solver.trustRegionNewton, .lbfgs])
    func bitIdenticalAtOneAndTwoThreads(solver: LogisticRegression.Solver) throws {
        let (x, labels) = Self.synthetic(rows: 7000, columns: 600, classes: 3, seed: 17)
        #expect(ParallelChunks.rows(x.rowCount).chunkCount > 1)
        let one = try LogisticRegression(C: 1, threads: 1, solver: solver).fit(
            X: x, labels: labels, labelNames: ["a", "b", "c"])
        let two = try LogisticRegression(C: 1, threads: 2, solver: solver).fit(
            X: x, labels: labels, labelNames: ["a", "b", "c"])
        #expect(one.weights == two.weights)
        #expect(one.intercepts == two.intercepts)
        #expect(one.objective == two.objective && one.iterations == two.iterations)
        #expect(one.decisionValues(x, threads: 1) == two.decisionValues(x, threads: 2))
    }

    @Test func warmStartFromTheOptimumStopsAtOnce() throws {
        let (x, labels) = Self.synthetic(rows: 400, columns: 200, classes: 2, seed: 5)
        let trainer = LogisticRegression(C: 1, threads: 1, solver: .trustRegionNewton)
        let cold = try trainer.fit(X: x, labels: labels, labelNames: ["n", "y"])
        let warm = try trainer.fit(X: x, labels: labels, labelNames: ["n", "y"], warmStart: cold)
        #expect(cold.iterations > 1)
        #expect(warm.iterations == 0 && warm.converged)
        #expect(warm.weights == cold.weights)
        let other = try LogisticRegression(C: 1, threads: 1).fit(
            X: SparseMatrix(columnCount: 3).rowsPadded(count: 2), labels: [0, 1], labelNames: ["n", "y"])
        #expect(throws: LogisticRegressionError.warmStartMismatch) {
            try trainer.fit(X: x, labels: labels, labelNames: ["n", "y"], warmStart: other)
        }
    }

    @Test func iterationLimitIsReported() throws {
        let (x, labels) = Self.synthetic(rows: 400, columns: 200, classes: 3, seed: 6)
        let model = try LogisticRegression(C: 10, maxIterations: 2, threads: 1, solver: .lbfgs).fit(
            X: x, labels: labels, labelNames: ["a", "b", "c"])
        #expect(!model.converged && model.iterations == 2)
    }

    @Test func contributionsAddUpToDecisionValues() throws {
        let (x, labels) = Self.synthetic(rows: 300, columns: 90, classes: 3, seed: 9)
        let model = try LogisticRegression(C: 1, threads: 1).fit(X: x, labels: labels, labelNames: ["a", "b", "c"])
        let z = model.decisionValues(x)
        for row in [0, 17, 299] {
            let parts = model.contributions(of: x, row: row)
            #expect(parts.map(\.feature) == x.row(row).map { Int($0.0) })
            for k in 0..<3 {
                let total = parts.reduce(model.intercepts[k]) { $0 + $1.logits[k] }
                #expect(total.isApproximatelyEqual(to: z[row * 3 + k], absoluteTolerance: 1e-12))
            }
        }
    }

    @Test func modelRoundTripsThroughTheModelFile() throws {
        let model = try LogisticRegression(C: .infinity, threads: 1).fit(
            X: LogisticNewtonTests.features(), labels: LogisticNewtonTests.threeClassLabels,
            labelNames: ["a", "b", "c"])
        let vocabulary = try plainVocabulary(columns: model.featureCount)
        #expect(try throughModelFile(vocabulary, classifier: model).classifier == model)
    }

    @Test func rejectsBadInput() {
        var x = SparseMatrix(columnCount: 1)
        for value in [1.0, 2, 3] { x.appendRow([(Int32(0), value)]) }
        let trainer = LogisticRegression(threads: 1)
        #expect(throws: LogisticRegressionError.singleClass(labels: ["only"])) {
            try trainer.fit(X: x, labels: [0, 0, 0], labelNames: ["only"])
        }
        #expect(throws: LogisticRegressionError.emptyClass(label: "b")) {
            try trainer.fit(X: x, labels: [0, 0, 2], labelNames: ["a", "b", "c"])
        }
        #expect(throws: LogisticRegressionError.countMismatch(rows: 3, labels: 2, what: "labels")) {
            try trainer.fit(X: x, labels: [0, 1], labelNames: ["a", "b"])
        }
        #expect(throws: LogisticRegressionError.countMismatch(rows: 3, labels: 1, what: "sample weights")) {
            try trainer.fit(X: x, labels: [0, 1, 1], labelNames: ["a", "b"], sampleWeights: [1])
        }
        #expect(throws: LogisticRegressionError.invalidSampleWeight(row: 1, value: -1)) {
            try trainer.fit(X: x, labels: [0, 1, 1], labelNames: ["a", "b"], sampleWeights: [1, -1, 1])
        }
        #expect(throws: LogisticRegressionError.labelOutOfRange(row: 2, index: 5)) {
            try trainer.fit(X: x, labels: [0, 1, 5], labelNames: ["a", "b"])
        }
        #expect(LogisticRegressionError.emptyClass(label: "b").exitStatus == .dataError)
    }
}

extension SparseMatrix {
    /// This (empty) matrix with `count` empty rows appended.
    fileprivate func rowsPadded(count: Int) -> SparseMatrix {
        var copy = self
        for _ in 0..<count { copy.appendRow([]) }
        return copy
    }
}
