import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct LogisticObjectiveTests {
    /// A small problem; `threads` 1 takes the one-pass products, more threads the row- and column-split ones.
    static func problem(classes: Int, seed: UInt64, threads: Int = 2) -> (LogisticObjective, [Double]) {
        let x = SparseProductTests.randomMatrix(rows: 30, columns: 6, density: 0.5, seed: seed)
        var generator = SeededGenerator(seed: seed + 1)
        let labels = (0..<30).map { $0 % classes }
        // Sample weights × C = 0.7, uneven so that weighting errors show.
        let scale = (0..<30).map { _ in 0.7 * Double.random(in: 0.2...3, using: &generator) }
        let objective = LogisticObjective(
            features: x, labels: labels, sampleScale: scale, classCount: classes,
            threads: ThreadBudget(requested: threads)!)
        let theta = (0..<objective.dimension).map { _ in Double.random(in: -1...1, using: &generator) }
        return (objective, theta)
    }

    @Test(arguments: [2, 3, 4], [1, 2])
    func gradientMatchesCentralDifferences(classes: Int, threads: Int) {
        var (objective, theta) = Self.problem(classes: classes, seed: UInt64(10 * classes), threads: threads)
        let (value, gradient) = objective.valueAndGradient(theta)
        #expect(value.isApproximatelyEqual(to: objective.value(theta), relativeTolerance: 1e-14))
        let h = 1e-5
        for index in 0..<theta.count {
            var plus = theta
            var minus = theta
            plus[index] += h
            minus[index] -= h
            let difference = (objective.value(plus) - objective.value(minus)) / (2 * h)
            #expect(
                gradient[index].isApproximatelyEqual(to: difference, absoluteTolerance: 1e-7),
                "parameter \(index) of \(theta.count)")
        }
    }

    @Test(arguments: [2, 3], [1, 2])
    func hessianVectorProductMatchesGradientDifferences(classes: Int, threads: Int) {
        var (objective, theta) = Self.problem(classes: classes, seed: UInt64(20 + classes), threads: threads)
        var generator = SeededGenerator(seed: 99)
        let v = (0..<theta.count).map { _ in Double.random(in: -1...1, using: &generator) }
        _ = objective.valueAndGradient(theta)
        let hv = objective.hessianTimes(v)
        let h = 1e-5
        var plus = theta
        var minus = theta
        BLAS.axpy(h, v, &plus)
        BLAS.axpy(-h, v, &minus)
        let gPlus = objective.valueAndGradient(plus).gradient
        let gMinus = objective.valueAndGradient(minus).gradient
        for index in 0..<theta.count {
            let difference = (gPlus[index] - gMinus[index]) / (2 * h)
            #expect(hv[index].isApproximatelyEqual(to: difference, absoluteTolerance: 1e-7), "parameter \(index)")
        }
    }

    @Test(arguments: [2, 3], [1, 2])
    func hessianProductIntoReturnsTheCurvatureAndReusesItsScratch(classes: Int, threads: Int) {
        var (objective, theta) = Self.problem(classes: classes, seed: UInt64(30 + classes), threads: threads)
        _ = objective.valueAndGradient(theta)
        let v = theta.map { 1 - 2 * $0 }
        let expected = objective.hessianTimes(v)
        var out = [Double](repeating: .nan, count: objective.dimension)
        for _ in 0..<2 {
            let curvature = v.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { objective.hessianVectorProduct(v, into: $0) }
            }
            #expect(out == expected)
            // vᵀHv, summed independently here.
            let direct = zip(v, expected).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(curvature.isApproximatelyEqual(to: direct, relativeTolerance: 1e-13))
            #expect(curvature > 0, "the Hessian is positive definite")
        }
    }

    @Test func binaryValueMatchesDirectFormula() {
        // One row x = (2), label 1, weight·C = 3, w = 0.5, b = −0.25 ⇒ z = 0.75:
        // f = 3 · log(1 + e^{−0.75}) + ½ · 0.25.
        var x = SparseMatrix(columnCount: 1)
        x.appendRow([(0, 2.0)])
        var objective = LogisticObjective(features: x, labels: [1], sampleScale: [3], classCount: 2, threads: 1)
        let expected = 3 * Double.log(1 + Double.exp(-0.75)) + 0.125
        #expect(objective.value([0.5, -0.25]).isApproximatelyEqual(to: expected, relativeTolerance: 1e-15))
        // Far in the tail the log-loss neither overflows nor rounds to 0: log(1 + e^{−800}) ≈ e^{−800}... = 0 in
        // double, and log(1 + e^{800}) ≈ 800.
        #expect(LogisticObjective.softplus(800) == 800)
        #expect(LogisticObjective.softplus(-40).isApproximatelyEqual(to: Double.exp(-40), relativeTolerance: 1e-15))
        #expect(LogisticObjective.sigmoid(-800) == 0 && LogisticObjective.sigmoid(800) == 1)
    }

    @Test(arguments: [2, 3, 5])
    func onePassAndSplitProductsAgreeToTheLastBit(classes: Int) {
        // The one-thread objective fuses X·W with the scatter of Xᵀ·R; the two-thread one splits them by rows and
        // by columns. Same sums in the same order: identical values, gradients and Hessian products, also after a
        // `value` call whose logits the gradient then reuses.
        var (one, theta) = Self.problem(classes: classes, seed: 41, threads: 1)
        var (two, _) = Self.problem(classes: classes, seed: 41, threads: 2)
        let v = theta.map { 0.5 - $0 }
        let a = one.valueAndGradient(theta)
        let b = two.valueAndGradient(theta)
        #expect(a.value == b.value && a.gradient == b.gradient)
        #expect(one.hessianTimes(v) == two.hessianTimes(v))
        #expect(one.value(v) == two.value(v))
        let c = one.valueAndGradient(v)
        let d = two.valueAndGradient(v)
        #expect(c.value == d.value && c.gradient == d.gradient)
        // The cached point gives back the same result.
        #expect(one.valueAndGradient(v).gradient == c.gradient)
        #expect(one.valueAndGradient(theta).gradient == a.gradient)
    }
}

extension LogisticObjective {
    /// `∇²f(θ)·v` as a new array, through the solvers' entry point ``hessianVectorProduct(_:into:)``.
    fileprivate mutating func hessianTimes(_ v: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: dimension)
        v.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { _ = hessianVectorProduct(v, into: $0) }
        }
        return result
    }
}
