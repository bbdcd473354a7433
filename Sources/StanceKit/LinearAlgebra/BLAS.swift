import CBLAS

/// Thin wrappers over the reference CBLAS interface (`cblas_*`), converting `Int` sizes to `Int32`.
///
/// Vectors are Swift arrays or buffer pointers with unit stride; matrices are row-major and dense.
/// The wrappers check sizes with preconditions: a size mismatch is a programming error, never bad data.
enum BLAS {
    /// The dot product `xᵀy` (`ddot`).
    ///
    /// - Complexity: O(n).
    static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        precondition(x.count == y.count, "dot: length mismatch")
        guard !x.isEmpty else { return 0 }
        return cblas_ddot(Int32(x.count), x.baseAddress, 1, y.baseAddress, 1)
    }

    /// The dot product `xᵀy` of two arrays.
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        x.withUnsafeBufferPointer { xb in y.withUnsafeBufferPointer { yb in dot(xb, yb) } }
    }

    /// `y ← αx + y` (`daxpy`).
    ///
    /// - Complexity: O(n).
    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        precondition(x.count == y.count, "axpy: length mismatch")
        guard !x.isEmpty else { return }
        let n = Int32(x.count)
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in cblas_daxpy(n, alpha, xb.baseAddress, 1, yb.baseAddress, 1) }
        }
    }

    /// The Euclidean norm `‖x‖₂` (`dnrm2`, which scales to avoid overflow).
    static func norm(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        return x.withUnsafeBufferPointer { cblas_dnrm2(Int32($0.count), $0.baseAddress, 1) }
    }

    /// `x ← αx` (`dscal`).
    static func scale(_ alpha: Double, _ x: inout [Double]) {
        guard !x.isEmpty else { return }
        let n = Int32(x.count)
        x.withUnsafeMutableBufferPointer { cblas_dscal(n, alpha, $0.baseAddress, 1) }
    }

    /// `y ← α·op(A)·x + β·y` for a dense row-major `rows × columns` matrix `A` (`dgemv`).
    ///
    /// - Parameter transpose: when `true`, `op(A) = Aᵀ`, so `x` has `rows` entries and `y` has `columns`.
    static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Double, _ a: [Double], _ x: [Double], beta: Double,
        _ y: inout [Double]
    ) {
        precondition(a.count == rows * columns, "gemv: matrix size mismatch")
        precondition(x.count == (transpose ? rows : columns) && y.count == (transpose ? columns : rows))
        guard rows > 0, columns > 0 else { return }
        a.withUnsafeBufferPointer { ab in
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    cblas_dgemv(
                        CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), alpha,
                        ab.baseAddress, Int32(max(1, columns)), xb.baseAddress, 1, beta, yb.baseAddress, 1)
                }
            }
        }
    }

    /// `C ← α·op(A)·op(B) + β·C` for dense row-major matrices (`dgemm`); `C` is `m × n` and the inner size is `k`.
    ///
    /// - Parameters:
    ///   - transposeA: when `true`, `A` is stored `k × m` and used as `Aᵀ`; otherwise it is `m × k`.
    ///   - transposeB: when `true`, `B` is stored `n × k` and used as `Bᵀ`; otherwise it is `k × n`.
    /// - Complexity: O(m·n·k).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double, _ a: [Double], _ b: [Double],
        beta: Double, _ c: inout [Double]
    ) {
        precondition(a.count == m * k && b.count == k * n && c.count == m * n, "gemm: size mismatch")
        guard m > 0, n > 0 else { return }
        let lda = Int32(max(1, transposeA ? m : k))
        let ldb = Int32(max(1, transposeB ? k : n))
        a.withUnsafeBufferPointer { ab in
            b.withUnsafeBufferPointer { bb in
                c.withUnsafeMutableBufferPointer { cb in
                    cblas_dgemm(
                        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, ab.baseAddress, lda, bb.baseAddress, ldb, beta,
                        cb.baseAddress, Int32(n))
                }
            }
        }
    }
}
