import RealModule
import Testing

@testable import StanceKit

/// Writes a Hessian-vector product computed as an array into the solver's buffer and returns `vᵀHv`, as
/// ``SmoothObjective/hessianVectorProduct(_:into:)`` must.
private func store(
    _ product: [Double], along v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
) -> Double {
    for index in product.indices { out[index] = product[index] }
    return zip(v, product).reduce(0) { $0 + $1.0 * $1.1 }
}

/// The iterative solvers on smooth convex functions whose minimum is known in closed form.
@Suite struct SolverTests {
    /// `f(x) = ½ xᵀAx − bᵀx` with `A = [[4, 1], [1, 3]]`, `b = (1, 2)`: the minimum is `A⁻¹b = (1/11, 7/11)`
    /// (det A = 11, A⁻¹ = [[3, −1], [−1, 4]] / 11), with value `−½ bᵀA⁻¹b = −15/22`.
    struct Quadratic: SmoothObjective {
        var dimension: Int { 2 }
        func value(_ x: [Double]) -> Double {
            0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) - x[0] - 2 * x[1]
        }
        mutating func valueAndGradient(_ x: [Double]) -> (value: Double, gradient: [Double]) {
            (value(x), [4 * x[0] + x[1] - 1, x[0] + 3 * x[1] - 2])
        }
        func hessianVectorProduct(
            _ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
        ) -> Double {
            store([4 * v[0] + v[1], v[0] + 3 * v[1]], along: v, into: out)
        }
    }

    /// `f(x) = Σ_j (log cosh(x_j − c_j) + ½ x_j²/10)`: separable and strictly convex; each coordinate's minimum solves
    /// `tanh(x − c) + x/10 = 0`, found here by bisection.
    struct LogCosh: SmoothObjective {
        let centres: [Double]
        private var point: [Double] = []
        init(centres: [Double]) { self.centres = centres }
        var dimension: Int { centres.count }
        func value(_ x: [Double]) -> Double {
            x.indices.reduce(0) { sum, j in
                let t = x[j] - centres[j]
                // log cosh t = |t| + log(1 + e^{−2|t|}) − log 2
                return sum + abs(t) + Double.log(onePlus: Double.exp(-2 * abs(t))) - Double.log(2) + 0.05 * x[j] * x[j]
            }
        }
        mutating func valueAndGradient(_ x: [Double]) -> (value: Double, gradient: [Double]) {
            point = x
            return (value(x), x.indices.map { Double.tanh(x[$0] - centres[$0]) + x[$0] / 10 })
        }
        func hessianVectorProduct(
            _ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
        ) -> Double {
            let product = v.indices.map { j in
                let t = Double.tanh(point[j] - centres[j])
                return (1 - t * t + 0.1) * v[j]
            }
            return store(product, along: v, into: out)
        }
        static func coordinateMinimum(_ c: Double) -> Double {
            var (lo, hi) = (-100.0, 100.0)
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                if Double.tanh(mid - c) + mid / 10 > 0 { hi = mid } else { lo = mid }
            }
            return (lo + hi) / 2
        }
    }

    @Test func quadraticMinimum() {
        for useLBFGS in [false, true] {
            var f = Quadratic()
            let start = [5.0, -7]
            let reference = BLAS.norm(f.valueAndGradient(start).gradient)
            let result =
                useLBFGS
                ? LimitedMemoryBFGS(tolerance: 1e-12, maxIterations: 100).minimize(
                    &f, from: start, referenceGradientNorm: reference)
                : TrustRegionNewton(tolerance: 1e-12, maxIterations: 100).minimize(
                    &f, from: start, referenceGradientNorm: reference)
            #expect(result.converged)
            #expect(result.theta[0].isApproximatelyEqual(to: 1.0 / 11, absoluteTolerance: 1e-10))
            #expect(result.theta[1].isApproximatelyEqual(to: 7.0 / 11, absoluteTolerance: 1e-10))
            #expect(result.value.isApproximatelyEqual(to: -15.0 / 22, relativeTolerance: 1e-14))
        }
    }

    @Test func nonQuadraticMinimumFromFarAway() {
        // Far starting points force TRON's trust region to its boundary and L-BFGS's line search to bracket.
        let centres = [3.0, -2, 0.5, 8, -6]
        let expected = centres.map(LogCosh.coordinateMinimum)
        for useLBFGS in [false, true] {
            var f = LogCosh(centres: centres)
            let start = [40.0, -35, 20, -50, 60]
            let reference = BLAS.norm(f.valueAndGradient(start).gradient)
            let result =
                useLBFGS
                ? LimitedMemoryBFGS(tolerance: 1e-10, maxIterations: 200).minimize(
                    &f, from: start, referenceGradientNorm: reference)
                : TrustRegionNewton(tolerance: 1e-10, maxIterations: 200).minimize(
                    &f, from: start, referenceGradientNorm: reference)
            #expect(result.converged, "L-BFGS: \(useLBFGS)")
            for (x, e) in zip(result.theta, expected) {
                #expect(x.isApproximatelyEqual(to: e, absoluteTolerance: 1e-8), "L-BFGS: \(useLBFGS)")
            }
        }
    }

    @Test func iterationLimitLeavesConvergedFalse() {
        var f = LogCosh(centres: [3, -2, 0.5, 8, -6])
        let start = [40.0, -35, 20, -50, 60]
        let reference = BLAS.norm(f.valueAndGradient(start).gradient)
        let result = TrustRegionNewton(tolerance: 1e-12, maxIterations: 1).minimize(
            &f, from: start, referenceGradientNorm: reference)
        #expect(result.iterations == 1 && !result.converged)
        #expect(result.value < f.value(start))
    }
}
