import Foundation
import RealModule

/// Newton–Raphson for small dense logistic regressions in the reference-class parameterisation, with the Hessian
/// factorised by LAPACK Cholesky (`dpotrf`/`dpotrs`) and inverted (`dpotri`) for the coefficient table.
///
/// With `A = [1 X]` (an intercept column, then the `d` features; `p = d + 1`), reference class 0 and parameters
/// `β_k ∈ ℝᵖ` for classes `k = 1, …, K − 1` (`η_i0 = 0`, `η_ik = a_iᵀβ_k`):
///
/// ```
/// F(β) = α · Σ_i c_i (log Σ_k exp η_ik − η_{i,y_i}) + ½ Σ_k Σ_{j≥1} β_kj²       (α = C; no penalty if C = +∞, α = 1)
/// ∇_k F = α · Aᵀ diag(c) (p_·k − y_·k) + penalty
/// ∇²_kl F = α · Aᵀ diag(c_i p_ik (δ_kl − p_il)) A + δ_kl · diag(0, 1, …, 1)
/// ```
///
/// For two classes this is exactly scikit-learn's binary objective; for `K ≥ 3` it penalises `K − 1` vectors
/// instead of `K` (the unpenalised fit, `C = +∞`, is the same multinomial logit as statsmodels `MNLogit`).
/// Each step solves `∇²F δ = ∇F` and halves `δ` until `F` does not increase (Newton with backtracking);
/// the iteration stops when `‖δ‖∞ ≤ 10⁻¹⁰ · max(1, ‖β‖∞)`.
///
/// Without a penalty, separated classes make `β` diverge: the fitted probabilities of some rows reach 1, the
/// Hessian loses rank and the iteration does not settle. When the unpenalised fit ends (or its Hessian cannot be
/// factorised) with any training row predicted with probability ≥ 1 − 10⁻¹⁰ for its own class (a margin of
/// about 23 logits, which a finite maximum-likelihood fit practically never reaches), that is reported as
/// `LogisticRegressionError.separation`, never as a table of NaNs or of 10¹⁵ standard errors.
struct NewtonRaphson: Sendable {
    static let parameterLimit = 4096
    /// A row whose own class gets at least `1 − saturation` is predicted with certainty.
    static let saturation = 1e-10

    let design: [Double]
    let rowCount: Int
    let width: Int
    let labels: [Int]
    let sampleWeights: [Double]
    let classCount: Int
    let inverseRegularization: Double
    var maxIterations: Int

    init(
        features: SparseMatrix, labels: [Int], sampleWeights: [Double], classCount: Int, C: Double,
        maxIterations: Int
    ) throws(LogisticRegressionError) {
        let width = features.columnCount + 1
        let parameters = (classCount - 1) * width
        guard parameters <= Self.parameterLimit else {
            throw .tooManyParameters(count: parameters, limit: Self.parameterLimit)
        }
        var design = [Double](repeating: 0, count: features.rowCount * width)
        for row in 0..<features.rowCount {
            design[row * width] = 1
            for (column, value) in features.row(row) { design[row * width + 1 + Int(column)] = value }
        }
        self.design = design
        self.rowCount = features.rowCount
        self.width = width
        self.labels = labels
        self.sampleWeights = sampleWeights
        self.classCount = classCount
        self.inverseRegularization = C
        self.maxIterations = maxIterations
    }

    private var penalised: Bool { inverseRegularization.isFinite }
    private var lossScale: Double { penalised ? inverseRegularization : 1 }
    var parameterCount: Int { (classCount - 1) * width }

    /// Objective value and class probabilities (n × K) at `beta`.
    func evaluate(_ beta: [Double]) -> (value: Double, probabilities: [Double]) {
        let m = classCount - 1
        var eta = [Double](repeating: 0, count: rowCount * m)
        BLAS.gemm(
            transposeA: false, transposeB: true, m: rowCount, n: m, k: width, alpha: 1, design, beta, beta: 0, &eta)
        var probabilities = [Double](repeating: 0, count: rowCount * classCount)
        var loss = 0.0
        var logits = [Double](repeating: 0, count: classCount)
        for row in 0..<rowCount {
            for k in 1..<classCount { logits[k] = eta[row * m + k - 1] }
            let lse = LogisticObjective.logSumExp(logits, 0, classCount)
            loss += sampleWeights[row] * (lse - logits[labels[row]])
            for k in 0..<classCount { probabilities[row * classCount + k] = Double.exp(logits[k] - lse) }
        }
        var value = lossScale * loss
        if penalised {
            for k in 0..<m {
                for j in 1..<width { value += 0.5 * beta[k * width + j] * beta[k * width + j] }
            }
        }
        return (value, probabilities)
    }

    /// Gradient and Hessian (row-major `P × P`) at `beta`, given its probabilities.
    func derivatives(_ beta: [Double], _ probabilities: [Double]) -> (gradient: [Double], hessian: [Double]) {
        let m = classCount - 1
        var residual = [Double](repeating: 0, count: rowCount * m)
        for row in 0..<rowCount {
            for k in 1..<classCount {
                let target: Double = labels[row] == k ? 1 : 0
                residual[row * m + k - 1] =
                    lossScale * sampleWeights[row] * (probabilities[row * classCount + k] - target)
            }
        }
        var gradient = [Double](repeating: 0, count: m * width)
        BLAS.gemm(
            transposeA: true, transposeB: false, m: m, n: width, k: rowCount, alpha: 1, residual, design, beta: 0,
            &gradient)
        let size = m * width
        var hessian = [Double](repeating: 0, count: size * size)
        var scaled = [Double](repeating: 0, count: rowCount * width)
        var block = [Double](repeating: 0, count: width * width)
        for k in 1..<classCount {
            for l in k..<classCount {
                for row in 0..<rowCount {
                    let pk = probabilities[row * classCount + k]
                    let pl = probabilities[row * classCount + l]
                    let weight = lossScale * sampleWeights[row] * pk * ((k == l ? 1 : 0) - pl)
                    for j in 0..<width { scaled[row * width + j] = weight * design[row * width + j] }
                }
                BLAS.gemm(
                    transposeA: true, transposeB: false, m: width, n: width, k: rowCount, alpha: 1, design, scaled,
                    beta: 0, &block)
                for r in 0..<width {
                    for s in 0..<width {
                        let value = block[r * width + s]
                        hessian[((k - 1) * width + r) * size + (l - 1) * width + s] = value
                        hessian[((l - 1) * width + s) * size + (k - 1) * width + r] = value
                    }
                }
            }
        }
        if penalised {
            for k in 0..<m {
                for j in 1..<width {
                    let index = k * width + j
                    gradient[index] += beta[index]
                    hessian[index * size + index] += 1
                }
            }
        }
        return (gradient, hessian)
    }

    /// The number of rows whose own class is predicted with probability ≥ 1 − `saturation`.
    func saturatedRows(_ probabilities: [Double]) -> Int {
        (0..<rowCount).count { probabilities[$0 * classCount + labels[$0]] >= 1 - Self.saturation }
    }

    /// The error to report when the Hessian cannot be factorised or the iteration does not settle.
    private func failure(_ probabilities: [Double], parameter: Int?) -> LogisticRegressionError {
        let saturated = saturatedRows(probabilities)
        if !penalised && saturated > 0 { return .separation(rows: saturated) }
        return .singularHessian(parameter: parameter ?? 0)
    }

    /// Fits `β` from zero.
    ///
    /// - Returns: the parameters (`(K − 1) × p`, row-major), the objective, the iteration count, whether the step
    ///   rule was met, and the covariance `α · H⁻¹` (row-major `P × P`).
    /// - Throws: `separation` or `singularHessian`.
    func fit() throws(LogisticRegressionError) -> (
        beta: [Double], value: Double, iterations: Int, converged: Bool, covariance: [Double]
    ) {
        let size = parameterCount
        var beta = [Double](repeating: 0, count: size)
        var (value, probabilities) = evaluate(beta)
        var converged = false
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let (gradient, hessian) = derivatives(beta, probabilities)
            let step: [Double]
            do {
                step = try LAPACK.choleskySolve(hessian, order: size, gradient)
            } catch {
                throw failure(probabilities, parameter: Self.column(of: error))
            }
            var length = 1.0
            var trial = beta
            var trialValue = value
            var trialProbabilities = probabilities
            for _ in 0..<30 {
                trial = beta
                BLAS.axpy(-length, step, &trial)
                (trialValue, trialProbabilities) = evaluate(trial)
                if trialValue <= value { break }
                length *= 0.5
            }
            guard trialValue <= value else { break }  // no decrease possible: at the floating-point optimum
            let change = step.reduce(0) { max($0, abs($1)) } * length
            beta = trial
            value = trialValue
            probabilities = trialProbabilities
            if change <= 1e-10 * max(1, beta.reduce(0) { max($0, abs($1)) }) {
                converged = true
                break
            }
        }
        let saturated = saturatedRows(probabilities)
        if !penalised && saturated > 0 { throw .separation(rows: saturated) }
        if !converged {
            // Stalled (no decrease possible in floating point) rather than out of iterations: accept when the
            // gradient is at rounding level.
            let (gradient, _) = derivatives(beta, probabilities)
            let g = gradient.reduce(0) { max($0, abs($1)) }
            converged = iterations < maxIterations && g <= 1e-9 * max(1, abs(value))
        }
        let (_, hessian) = derivatives(beta, probabilities)
        var covariance = hessian
        do {
            try LAPACK.choleskyFactorize(&covariance, order: size)
            try LAPACK.choleskyInverse(&covariance, order: size)
        } catch {
            throw failure(probabilities, parameter: Self.column(of: error))
        }
        if penalised { BLAS.scale(inverseRegularization, &covariance) }
        return (beta, value, iterations, converged, covariance)
    }

    /// The 0-based parameter at which a Cholesky factorisation failed.
    private static func column(of error: LinearAlgebraError) -> Int? {
        switch error {
        case .notPositiveDefinite(let column), .singular(let column): return column - 1
        case .invalidArgument: return nil
        }
    }

    /// The coefficient table for `beta` and its covariance.
    static func table(
        beta: [Double], covariance: [Double], labels: [String], width: Int
    ) -> CoefficientTable {
        let size = beta.count
        let critical = 1.959_963_984_540_054  // Φ⁻¹(0.975)
        var rows: [CoefficientTable.Row] = []
        rows.reserveCapacity(size)
        for index in 0..<size {
            let estimate = beta[index]
            let se = covariance[index * size + index].squareRoot()
            let z = estimate / se
            rows.append(
                CoefficientTable.Row(
                    label: labels[index / width + 1], feature: index % width == 0 ? nil : index % width - 1,
                    estimate: estimate, standardError: se, z: z, pValue: erfc(abs(z) / 2.0.squareRoot()),
                    lower: estimate - critical * se, upper: estimate + critical * se))
        }
        return CoefficientTable(referenceLabel: labels[0], rows: rows)
    }
}
