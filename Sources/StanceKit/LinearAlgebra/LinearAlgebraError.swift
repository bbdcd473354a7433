/// A failure reported by a LAPACK routine: an internal error (exit status 70) when it reaches the user, since the
/// solvers catch the failures data can cause.
enum LinearAlgebraError: StanceFailure, Equatable, Sendable {
    /// The matrix is not positive definite: the leading minor of order `column` (1-based) is not positive, so
    /// the Cholesky factorisation could not be completed.
    case notPositiveDefinite(column: Int)
    /// The Cholesky factor has a zero on its diagonal at `column` (1-based), so the inverse does not exist.
    case singular(column: Int)
    /// LAPACK rejected argument number `position` of `routine` (a programming error in the wrapper).
    case invalidArgument(routine: String, position: Int)

    var exitStatus: ExitStatus { .software }

    var description: String {
        switch self {
        case .notPositiveDefinite(let column):
            return "matrix is not positive definite: leading minor of order \(column) is not positive"
        case .singular(let column): return "matrix is singular: zero pivot at column \(column)"
        case .invalidArgument(let routine, let position):
            return "\(routine): argument \(position) has an illegal value"
        }
    }
}
