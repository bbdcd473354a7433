import RealModule

/// The regularised logistic-regression objective in scikit-learn's convention, with its gradient and
/// Hessian-vector products, for sparse features.
///
/// With `K` classes, per-sample weights `c_i = s_i · classWeight(y_i)` and logits `z_i`:
///
/// ```
/// f(θ) = C · Σ_i c_i · loss_i + ½ ‖W‖²        (intercepts are not penalised)
///
/// binary (K = 2, one weight vector w, bias b, y_i ∈ {0, 1}):
///   z_i = x_iᵀw + b,   loss_i = log(1 + exp(−z_i))  if y_i = 1,   log(1 + exp(z_i))  if y_i = 0
/// multinomial (K ≥ 3, weight vectors W_k, biases b_k):
///   z_ik = x_iᵀW_k + b_k,   loss_i = log Σ_k exp(z_ik) − z_{i,y_i}
/// ```
///
/// The parameter vector `θ` is laid out as the `d × K'` matrix of weights, feature-major (row `j` holds feature
/// `j`'s weight for each output), followed by the `K'` intercepts, where `K' = 1` for two classes and `K` otherwise.
/// Feature-major storage keeps the sparse products `X·W` and `Xᵀ·R` contiguous.
///
/// Gradient and Hessian (`p` are the predicted probabilities, `Y` the one-hot labels):
///
/// ```
/// ∇_W f = C · Xᵀ diag(c) (P − Y) + W,        ∇_b f = C · Σ_i c_i (p_i − y_i)
/// binary:      H v = C · Xᵀ D (X v_w + v_b) + v_w,   D = diag(c_i p_i (1 − p_i))
/// multinomial: (H v)_i,k = c_i p_ik (u_ik − Σ_l p_il u_il),   u = X V + v_b   (then Xᵀ·, plus V)
/// ```
///
/// `valueAndGradient` caches the probabilities at its argument; `hessianVectorProduct` uses that cache, as in
/// the trust-region Newton method of Lin, Weng & Keerthi (2008).
struct LogisticObjective: Sendable {
    let features: SparseMatrix
    /// `Xᵀ` in CSR form: `Xᵀ·R` is then a row-parallel product whose every output sums in a fixed order, with no
    /// per-chunk buffers to add up (they cost O(chunks · d · K) per product, more than the product itself for
    /// short texts and large vocabularies).
    let transposedFeatures: SparseMatrix
    let labels: [Int]
    /// `C · c_i` per sample.
    let sampleScale: [Double]
    let classCount: Int
    let threads: Int

    /// The cached curvature: binary `C c_i p_i (1 − p_i)` (n entries); multinomial the probabilities (n × K).
    private var curvature: [Double] = []

    init(features: SparseMatrix, labels: [Int], sampleScale: [Double], classCount: Int, threads: Int) {
        self.features = features
        self.transposedFeatures = features.transposed()
        self.labels = labels
        self.sampleScale = sampleScale
        self.classCount = classCount
        self.threads = max(1, threads)
    }

    /// The number of weight columns `K'`: 1 for two classes, `K` otherwise.
    var outputCount: Int { classCount == 2 ? 1 : classCount }
    /// The length of `θ`.
    var dimension: Int { (features.columnCount + 1) * outputCount }
    private var weightCount: Int { features.columnCount * outputCount }

    /// The logits `X·W + b` (n × K', row-major).
    private func logits(_ theta: [Double]) -> [Double] {
        let k = outputCount
        var z = features.multiply(Array(theta[0..<weightCount]), columns: k, threads: threads)
        for row in 0..<features.rowCount {
            for column in 0..<k { z[row * k + column] += theta[weightCount + column] }
        }
        return z
    }

    /// `log(1 + exp(t))` without overflow or loss of precision.
    static func softplus(_ t: Double) -> Double {
        t > 0 ? t + Double.log(onePlus: Double.exp(-t)) : Double.log(onePlus: Double.exp(t))
    }

    /// The logistic function `1 / (1 + exp(−t))`, stable for large |t|.
    static func sigmoid(_ t: Double) -> Double {
        if t >= 0 { return 1 / (1 + Double.exp(-t)) }
        let e = Double.exp(t)
        return e / (1 + e)
    }

    private func penalty(_ theta: [Double]) -> Double {
        theta.withUnsafeBufferPointer { buffer in
            let w = UnsafeBufferPointer(rebasing: buffer[0..<weightCount])
            return 0.5 * BLAS.dot(w, w)
        }
    }

    /// `f(θ)` alone (no gradient, cache untouched).
    func value(_ theta: [Double]) -> Double {
        let z = logits(theta)
        var loss = 0.0
        if classCount == 2 {
            for row in 0..<features.rowCount {
                let t = labels[row] == 1 ? -z[row] : z[row]
                loss += sampleScale[row] * Self.softplus(t)
            }
        } else {
            let k = classCount
            for row in 0..<features.rowCount {
                let base = row * k
                loss += sampleScale[row] * (Self.logSumExp(z, base, k) - z[base + labels[row]])
            }
        }
        return loss + penalty(theta)
    }

    /// `log Σ_k exp(z[base + k])`, shifted by the maximum.
    static func logSumExp(_ z: [Double], _ base: Int, _ k: Int) -> Double {
        var m = -Double.infinity
        for column in 0..<k { m = max(m, z[base + column]) }
        var sum = 0.0
        for column in 0..<k { sum += Double.exp(z[base + column] - m) }
        return m + Double.log(sum)
    }

    /// `f(θ)` and `∇f(θ)`; caches the curvature at `θ` for `hessianVectorProduct`.
    mutating func valueAndGradient(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
        let n = features.rowCount
        let k = outputCount
        let z = logits(theta)
        var loss = 0.0
        var residual = [Double](repeating: 0, count: n * k)
        if classCount == 2 {
            var d = [Double](repeating: 0, count: n)
            for row in 0..<n {
                let positive = labels[row] == 1
                let scale = sampleScale[row]
                loss += scale * Self.softplus(positive ? -z[row] : z[row])
                let p = Self.sigmoid(z[row])
                residual[row] = scale * (p - (positive ? 1 : 0))
                d[row] = scale * p * (1 - p)
            }
            curvature = d
        } else {
            var probabilities = [Double](repeating: 0, count: n * k)
            for row in 0..<n {
                let base = row * k
                let lse = Self.logSumExp(z, base, k)
                let scale = sampleScale[row]
                loss += scale * (lse - z[base + labels[row]])
                for column in 0..<k {
                    let p = Double.exp(z[base + column] - lse)
                    probabilities[base + column] = p
                    residual[base + column] = scale * (p - (labels[row] == column ? 1 : 0))
                }
            }
            curvature = probabilities
        }
        return (loss + penalty(theta), gradient(from: residual, plus: theta))
    }

    /// `Xᵀ R + W` followed by the column sums of `R`, the common shape of the gradient and of `H v`.
    private func gradient(from residual: [Double], plus theta: [Double]) -> [Double] {
        let k = outputCount
        var result = transposedFeatures.multiply(residual, columns: k, threads: threads)
        result.withUnsafeMutableBufferPointer { out in
            theta.withUnsafeBufferPointer { t in
                for index in 0..<weightCount { out[index] += t[index] }
            }
        }
        var sums = [Double](repeating: 0, count: k)
        for row in 0..<features.rowCount {
            for column in 0..<k { sums[column] += residual[row * k + column] }
        }
        result.append(contentsOf: sums)
        return result
    }

    /// `∇²f(θ)·v` at the `θ` of the last `valueAndGradient` call.
    func hessianVectorProduct(_ v: [Double]) -> [Double] {
        precondition(!curvature.isEmpty, "hessianVectorProduct before valueAndGradient")
        let n = features.rowCount
        let k = outputCount
        let u = logits(v)
        var q = [Double](repeating: 0, count: n * k)
        if classCount == 2 {
            for row in 0..<n { q[row] = curvature[row] * u[row] }
        } else {
            for row in 0..<n {
                let base = row * k
                var mean = 0.0
                for column in 0..<k { mean += curvature[base + column] * u[base + column] }
                let scale = sampleScale[row]
                for column in 0..<k {
                    q[base + column] = scale * curvature[base + column] * (u[base + column] - mean)
                }
            }
        }
        return gradient(from: q, plus: v)
    }
}
