import RealModule
import Testing

@testable import StanceKit

@Suite struct LAPACKTests {
    // A = LLᵀ with L = [[2, 0, 0], [1, 3, 0], [−1, 2, 1]]: A = [[4, 2, −2], [2, 10, 5], [−2, 5, 6]].
    let matrix: [Double] = [4, 2, -2, 2, 10, 5, -2, 5, 6]

    @Test func solvesPositiveDefiniteSystem() throws {
        // x = (1, −1, 2) ⇒ b = A x = (4 − 2 − 4, 2 − 10 + 10, −2 − 5 + 12) = (−2, 2, 5).
        let x = try LAPACK.choleskySolve(matrix, order: 3, [-2, 2, 5])
        for (value, expected) in zip(x, [1.0, -1, 2]) {
            #expect(value.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-14))
        }
    }

    @Test func factorIsTheTransposedCholeskyFactor() throws {
        var factor = matrix
        try LAPACK.choleskyFactorize(&factor, order: 3)
        // Row-major lower triangle holds L.
        #expect(factor[0] == 2)
        #expect(factor[3] == 1 && factor[4] == 3)
        #expect(factor[6] == -1 && factor[7] == 2 && factor[8] == 1)
    }

    @Test func inverseTimesMatrixIsIdentity() throws {
        var inverse = matrix
        try LAPACK.choleskyFactorize(&inverse, order: 3)
        try LAPACK.choleskyInverse(&inverse, order: 3)
        var product = [Double](repeating: 0, count: 9)
        BLAS.gemm(transposeA: false, transposeB: false, m: 3, n: 3, k: 3, alpha: 1, matrix, inverse, beta: 0, &product)
        for row in 0..<3 {
            for column in 0..<3 {
                #expect(
                    product[row * 3 + column].isApproximatelyEqual(
                        to: row == column ? 1 : 0, absoluteTolerance: 1e-13))
            }
        }
        // Symmetric after mirroring.
        #expect(inverse[1] == inverse[3] && inverse[2] == inverse[6] && inverse[5] == inverse[7])
    }

    @Test func reportsColumnWhereFactorisationFails() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second leading minor (1 − 4) is negative.
        var indefinite: [Double] = [1, 2, 2, 1]
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 2)) {
            try LAPACK.choleskyFactorize(&indefinite, order: 2)
        }
        // A singular 3 × 3 (third row = first + second) fails at order 3.
        var singular: [Double] = [2, 1, 3, 1, 2, 3, 3, 3, 6]
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 3)) {
            try LAPACK.choleskyFactorize(&singular, order: 3)
        }
    }
}
