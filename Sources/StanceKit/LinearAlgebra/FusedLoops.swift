/// `Σ_{i < count} term(i)` in a fixed order: four interleaved partial sums (terms `i ≡ 0, 1, 2, 3 mod 4`, the tail
/// in the first) added as `(s₀ + s₁) + (s₂ + s₃)`.
///
/// The solvers fuse several vector updates into one pass with it (`term` may write to the vectors it reads, at
/// index `i` only), so that each pass over vectors of `d · K` doubles does all the work of a step instead of one
/// BLAS call each; the four sums break the chain of dependent additions that a single running sum would make. The
/// order depends only on `count`, so results are the same at any thread count and with any BLAS library.
@inline(__always)
func fixedOrderSum(_ count: Int, _ term: (Int) -> Double) -> Double {
    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
    var index = 0
    while index &+ 4 <= count {
        s0 += term(index)
        s1 += term(index &+ 1)
        s2 += term(index &+ 2)
        s3 += term(index &+ 3)
        index &+= 4
    }
    while index < count {
        s0 += term(index)
        index &+= 1
    }
    return (s0 + s1) + (s2 + s3)
}
