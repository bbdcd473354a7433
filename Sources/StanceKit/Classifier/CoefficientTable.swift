/// A statistician's coefficient table for a model fitted by the dense Newton solver.
///
/// Parameterisation: the first label is the reference class; every other class `k` has an intercept and one
/// coefficient per feature for the log-odds of `k` against the reference:
///
/// ```
/// log( P(y = k | x) / P(y = label₀ | x) ) = β_k0 + Σ_j β_kj x_j
/// ```
///
/// Rows come class by class (labels 1, 2, …), intercept first, then features 0, 1, …; this is also the
/// parameter order of `LogisticRegressionError.singularHessian(parameter:)`.
///
/// Standard errors are the square roots of the diagonal of the covariance `Σ = α · H⁻¹`, with `H` the Hessian of
/// the fitted objective at the optimum (computed with LAPACK `dpotri`) and `α = C` (1 when `C = +∞`): the Laplace
/// approximation, since `f/C` is the negative log-posterior under the Gaussian prior `β_kj ~ N(0, C)` of the
/// penalty. With `C = +∞` this is the inverse observed information of maximum likelihood, as statsmodels reports.
/// `z = β / SE`, the two-sided p-value is `erfc(|z| / √2)` and the 95 % interval `β ± 1.959964 · SE`.
public struct CoefficientTable: Sendable, Equatable, Codable {
    /// One parameter of the table.
    public struct Row: Sendable, Equatable, Codable {
        /// The class whose log-odds against the reference class this parameter describes.
        public var label: String
        /// The feature column, or `nil` for the intercept.
        public var feature: Int?
        public var estimate: Double
        public var standardError: Double
        public var z: Double
        public var pValue: Double
        public var lower: Double
        public var upper: Double

        public init(
            label: String, feature: Int?, estimate: Double, standardError: Double, z: Double, pValue: Double,
            lower: Double, upper: Double
        ) {
            self.label = label
            self.feature = feature
            self.estimate = estimate
            self.standardError = standardError
            self.z = z
            self.pValue = pValue
            self.lower = lower
            self.upper = upper
        }
    }

    /// The reference class (label 0).
    public var referenceLabel: String
    public var rows: [Row]

    public init(referenceLabel: String, rows: [Row]) {
        self.referenceLabel = referenceLabel
        self.rows = rows
    }
}
