import RealModule
import Testing

@testable import StanceKit

@Suite struct BLASTests {
    @Test func levelOneRoutines() {
        let x = [1.0, -2, 3, 0.5]
        let y = [4.0, 0.25, -1, 2]
        // 1·4 − 2·0.25 − 3·1 + 0.5·2 = 1.5
        #expect(BLAS.dot(x, y) == 1.5)
        var z = y
        BLAS.axpy(2, x, &z)
        #expect(z == [6, -3.75, 5, 3])
        // ‖(3, 4)‖ = 5, also for values whose squares would overflow.
        #expect(BLAS.norm([3, 4]) == 5)
        #expect(BLAS.norm([3e200, 4e200]).isApproximatelyEqual(to: 5e200, relativeTolerance: 1e-15))
        var s = x
        BLAS.scale(-2, &s)
        #expect(s == [-2, 4, -6, -1])
        #expect(BLAS.dot([], []) == 0)
    }

    @Test func matrixVector() {
        // A = [[1, 2, 3], [4, 5, 6]] row-major.
        let a: [Double] = [1, 2, 3, 4, 5, 6]
        var y = [1.0, 1]
        BLAS.gemv(transpose: false, rows: 2, columns: 3, alpha: 2, a, [1, 0, -1], beta: 3, &y)
        // 2·(1 − 3, 4 − 6) + 3·(1, 1) = (−1, −1)
        #expect(y == [-1, -1])
        var t = [0.0, 0, 0]
        BLAS.gemv(transpose: true, rows: 2, columns: 3, alpha: 1, a, [1, -1], beta: 0, &t)
        #expect(t == [-3, -3, -3])
    }

    @Test func matrixMatrix() {
        let a: [Double] = [1, 2, 3, 4, 5, 6]  // 2 × 3
        let b: [Double] = [1, 0, 0, 1, 1, 1]  // 3 × 2
        var c = [Double](repeating: 0, count: 4)
        BLAS.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 3, alpha: 1, a, b, beta: 0, &c)
        #expect(c == [4, 5, 10, 11])
        // AᵀA (3 × 3) with A stored 2 × 3.
        var gram = [Double](repeating: 0, count: 9)
        BLAS.gemm(transposeA: true, transposeB: false, m: 3, n: 3, k: 2, alpha: 1, a, a, beta: 0, &gram)
        #expect(gram == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        // A Aᵀ (2 × 2) with B = A used transposed.
        var outer = [Double](repeating: 1, count: 4)
        BLAS.gemm(transposeA: false, transposeB: true, m: 2, n: 2, k: 3, alpha: 1, a, a, beta: 1, &outer)
        #expect(outer == [15, 33, 33, 78])
    }
}
