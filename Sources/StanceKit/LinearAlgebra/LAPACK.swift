import CLAPACK

/// Thin wrappers over the LAPACK Cholesky routines (`dpotrf_`, `dpotrs_`, `dpotri_`) for symmetric positive
/// definite matrices.
///
/// LAPACK is column-major; a symmetric matrix is its own transpose, so a row-major `n × n` array can be handed
/// over unchanged. The wrappers ask LAPACK for the *upper* triangle in column-major terms, which is the *lower*
/// triangle of the row-major array; `choleskyInverse` mirrors the result so the whole array is filled.
/// Every char argument of the Fortran routines carries a hidden trailing length (`size_t`), passed as 1.
enum LAPACK {
    /// Factorises a symmetric positive definite `n × n` matrix in place: `A = UᵀU` (`dpotrf`).
    ///
    /// - Throws: `LinearAlgebraError.notPositiveDefinite(column:)` when the leading minor of that order is not
    ///   positive (LAPACK's `info > 0`).
    /// - Complexity: O(n³/3).
    static func choleskyFactorize(_ a: inout [Double], order n: Int) throws(LinearAlgebraError) {
        precondition(a.count == n * n, "choleskyFactorize: size mismatch")
        guard n > 0 else { return }
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var lda = Int32(n)
        var info: Int32 = 0
        a.withUnsafeMutableBufferPointer { dpotrf_(&uplo, &order, $0.baseAddress, &lda, &info, 1) }
        try check(info, routine: "dpotrf") { .notPositiveDefinite(column: $0) }
    }

    /// Solves `A·X = B` given the factor from `choleskyFactorize` (`dpotrs`).
    ///
    /// - Parameters:
    ///   - factor: the output of `choleskyFactorize` for the `n × n` matrix `A`.
    ///   - b: `n` right-hand sides laid out one after another (`b.count == n · rightHandSides`); overwritten by X.
    static func choleskySolve(
        factor: [Double], order n: Int, _ b: inout [Double], rightHandSides: Int = 1
    ) throws(LinearAlgebraError) {
        precondition(factor.count == n * n && b.count == n * rightHandSides, "choleskySolve: size mismatch")
        guard n > 0, rightHandSides > 0 else { return }
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var nrhs = Int32(rightHandSides)
        var lda = Int32(n)
        var ldb = Int32(n)
        var info: Int32 = 0
        factor.withUnsafeBufferPointer { fb in
            b.withUnsafeMutableBufferPointer { bb in
                dpotrs_(&uplo, &order, &nrhs, fb.baseAddress, &lda, bb.baseAddress, &ldb, &info, 1)
            }
        }
        try check(info, routine: "dpotrs") { .singular(column: $0) }
    }

    /// Replaces the factor from `choleskyFactorize` by the full symmetric inverse `A⁻¹` (`dpotri`, then the
    /// missing triangle is mirrored).
    ///
    /// - Throws: `LinearAlgebraError.singular(column:)` when the factor has a zero diagonal entry.
    static func choleskyInverse(_ factor: inout [Double], order n: Int) throws(LinearAlgebraError) {
        precondition(factor.count == n * n, "choleskyInverse: size mismatch")
        guard n > 0 else { return }
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var lda = Int32(n)
        var info: Int32 = 0
        factor.withUnsafeMutableBufferPointer { dpotri_(&uplo, &order, $0.baseAddress, &lda, &info, 1) }
        try check(info, routine: "dpotri") { .singular(column: $0) }
        // Column-major upper triangle (row ≤ column) is stored at column·n + row: the row-major lower triangle.
        for row in 0..<n {
            for column in (row + 1)..<n { factor[row * n + column] = factor[column * n + row] }
        }
    }

    /// Factorises, then solves `A·x = b` for one right-hand side; a convenience for Newton steps.
    static func choleskySolve(_ a: [Double], order n: Int, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        var factor = a
        try choleskyFactorize(&factor, order: n)
        var x = b
        try choleskySolve(factor: factor, order: n, &x)
        return x
    }

    private static func check(
        _ info: Int32, routine: String, positive: (Int) -> LinearAlgebraError
    ) throws(LinearAlgebraError) {
        if info < 0 { throw .invalidArgument(routine: routine, position: Int(-info)) }
        if info > 0 { throw positive(Int(info)) }
    }
}
