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
    /// How products with `Xᵀ` add up their terms (fixed by the matrix's shape, not the thread count, so results are
    /// bit-identical at any number of threads); a Hessian-vector product or a gradient reads the matrix in one pass
    /// per row block (``SparseMatrix/multiplyTransformScatter(_:columns:plan:threads:q:into:scratch:transform:)``).
    let plan: TransposePlan
    let labels: [Int]
    /// `C · c_i` per sample.
    let sampleScale: [Double]
    let classCount: Int
    let threads: ThreadBudget

    /// The cached curvature: binary `C c_i p_i (1 − p_i)` (n entries); multinomial the probabilities (n × K).
    private var curvature: [Double] = []
    /// The logits of the last `value` call and its argument: a trust-region step that is accepted asks for the
    /// gradient at the point whose value it has just computed, and this saves the product `X·W` there.
    private var lastValue: (theta: [Double], logits: [Double])?
    /// The last `valueAndGradient` result and its argument (the curvature cache belongs to that point).
    private var lastGradient: (theta: [Double], value: Double, gradient: [Double])?
    /// Memory every product reuses: the rows `q` (n × K') and the other row blocks' sums of `Xᵀq`. A solver asks
    /// for dozens of products of the same sizes; fresh buffers each time cost page faults and zeroing.
    private var rowScratch: [Double]
    private var blockScratch: [Double]

    init(features: SparseMatrix, labels: [Int], sampleScale: [Double], classCount: Int, threads: ThreadBudget) {
        self.features = features
        self.plan = TransposePlan(features, columns: classCount == 2 ? 1 : classCount, threads: threads)
        self.labels = labels
        self.sampleScale = sampleScale
        self.classCount = classCount
        self.threads = threads
        let outputs = classCount == 2 ? 1 : classCount
        self.rowScratch = [Double](repeating: 0, count: features.rowCount * outputs)
        self.blockScratch = [Double](
            repeating: 0, count: features.transposeScratchCount(columns: outputs, plan: plan))
    }

    /// The number of weight columns `K'`: 1 for two classes, `K` otherwise.
    var outputCount: Int { classCount == 2 ? 1 : classCount }
    /// The length of `θ`.
    var dimension: Int { (features.columnCount + 1) * outputCount }
    private var weightCount: Int { features.columnCount * outputCount }

    /// The products `X·W` (n × K', row-major), the logits without the intercepts.
    private func products(_ theta: [Double]) -> [Double] {
        let weightCount = weightCount
        if theta[0..<weightCount].allSatisfy({ $0 == 0 }) {
            // The usual starting point (and stops at the first non-zero weight otherwise).
            return [Double](repeating: 0, count: features.rowCount * outputCount)
        }
        return theta.withUnsafeBufferPointer { buffer in
            features.multiply(
                UnsafeBufferPointer(rebasing: buffer[0..<weightCount]), columns: outputCount, threads: threads)
        }
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

    /// `f(θ)` alone (no gradient; the curvature cache is untouched).
    mutating func value(_ theta: [Double]) -> Double {
        let products = products(theta)
        lastValue = (theta, products)
        let k = outputCount
        let bias = Array(theta[weightCount...])
        var loss = 0.0
        if classCount == 2 {
            for row in 0..<features.rowCount {
                let z = products[row] + bias[0]
                loss += sampleScale[row] * Self.softplus(labels[row] == 1 ? -z : z)
            }
        } else {
            var z = [Double](repeating: 0, count: k)
            z.withUnsafeMutableBufferPointer { z in
                for row in 0..<features.rowCount {
                    for column in 0..<k { z[column] = products[row * k + column] + bias[column] }
                    loss += sampleScale[row] * (Self.logSumExp(z, k) - z[labels[row]])
                }
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

    /// `log Σ_k exp(z[k])`, shifted by the maximum.
    static func logSumExp(_ z: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var m = -Double.infinity
        for column in 0..<k { m = max(m, z[column]) }
        var sum = 0.0
        for column in 0..<k { sum += Double.exp(z[column] - m) }
        return m + Double.log(sum)
    }

    /// `f(θ)` and `∇f(θ)`; caches the curvature at `θ` for `hessianVectorProduct`.
    mutating func valueAndGradient(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
        if let last = lastGradient, last.theta == theta { return (last.value, last.gradient) }
        let n = features.rowCount
        let k = outputCount
        var losses = [Double](repeating: 0, count: n)
        var newCurvature = [Double](repeating: 0, count: n * k)
        let cached = lastValue.flatMap { $0.theta == theta ? $0.logits : nil }
        lastValue = nil
        let bias = Array(theta[weightCount...])
        let (sampleScale, labels, classCount) = (self.sampleScale, self.labels, self.classCount)
        let (features, plan, threads, weightCount) = (self.features, self.plan, self.threads, self.weightCount)
        var gradient = [Double](repeating: 0, count: dimension)
        var residual = cached ?? [Double](repeating: 0, count: n * k)
        losses.withUnsafeMutableBufferPointer { lossBuffer in
            newCurvature.withUnsafeMutableBufferPointer { curvatureBuffer in
                let (losses, curvature) = (lossBuffer, curvatureBuffer)
                // Row `row`'s logits `z` (without the bias) become its residual `C c_i (p_i − y_i)`; its loss and
                // curvature go to its own places (rows are handled by several workers at once).
                let toResidual: RowTransform = { row, z in
                    for column in 0..<k { z[column] += bias[column] }
                    let scale = sampleScale[row]
                    if classCount == 2 {
                        let positive = labels[row] == 1
                        losses[row] = scale * Self.softplus(positive ? -z[0] : z[0])
                        let p = Self.sigmoid(z[0])
                        z[0] = scale * (p - (positive ? 1 : 0))
                        curvature[row] = scale * p * (1 - p)
                        return
                    }
                    let lse = Self.logSumExp(z, k)
                    losses[row] = scale * (lse - z[labels[row]])
                    for column in 0..<k {
                        let p = Double.exp(z[column] - lse)
                        curvature[row * k + column] = p
                        z[column] = scale * (p - (labels[row] == column ? 1 : 0))
                    }
                }
                gradient.withUnsafeMutableBufferPointer { out in
                    residual.withUnsafeMutableBufferPointer { z in
                        blockScratch.withUnsafeMutableBufferPointer { scratch in
                            if cached != nil {
                                // `value` kept `X·W` at this point: only the scatter is left to do.
                                for row in 0..<n {
                                    toResidual(row, UnsafeMutableBufferPointer(rebasing: z[(row * k)..<(row * k + k)]))
                                }
                                features.transposeMultiply(
                                    UnsafeBufferPointer(z), columns: k, plan: plan, threads: threads, into: out,
                                    scratch: scratch)
                                return
                            }
                            theta.withUnsafeBufferPointer { buffer in
                                features.multiplyTransformScatter(
                                    UnsafeBufferPointer(rebasing: buffer[0..<weightCount]), columns: k, plan: plan,
                                    threads: threads, q: z, into: out, scratch: scratch, transform: toResidual)
                            }
                        }
                    }
                }
            }
        }
        var loss = 0.0
        for row in 0..<n { loss += losses[row] }
        curvature = newCurvature
        let value = loss + penalty(theta)
        gradient.withUnsafeMutableBufferPointer { out in
            theta.withUnsafeBufferPointer { t in
                residual.withUnsafeBufferPointer { r in _ = finish(out, residual: r, plus: t) }
            }
        }
        lastGradient = (theta, value, gradient)
        return (value, gradient)
    }

    /// Turns `out`, which holds `Xᵀ·R` in its first `d × K'` places, into the gradient or Hessian product: adds the
    /// weight part of `v` (the penalty's share) and writes the column sums of `R` (the intercepts' share) into the
    /// last `K'` places. Returns `vᵀ·out` (the weights' part by ``fixedOrderSum(_:_:)``, then the intercepts'),
    /// which conjugate gradients needs as the curvature along `v`.
    @discardableResult
    private func finish(
        _ out: UnsafeMutableBufferPointer<Double>, residual: UnsafeBufferPointer<Double>,
        plus v: UnsafeBufferPointer<Double>
    ) -> Double {
        let k = outputCount
        let weightCount = weightCount
        var sums = [Double](repeating: 0, count: k)
        for row in 0..<features.rowCount {
            for column in 0..<k { sums[column] += residual[row * k + column] }
        }
        for column in 0..<k { out[weightCount + column] = sums[column] }
        let weights = fixedOrderSum(weightCount) { index in
            out[index] += v[index]
            return v[index] * out[index]
        }
        var intercepts = 0.0
        for column in weightCount..<(weightCount + k) { intercepts += v[column] * out[column] }
        return weights + intercepts
    }

    /// `∇²f(θ)·v` into `out` (``dimension`` places) at the `θ` of the last `valueAndGradient` call, using the
    /// objective's own scratch memory; returns `vᵀ∇²f(θ)v` (see `finish`).
    mutating func hessianVectorProduct(
        _ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        precondition(!curvature.isEmpty, "hessianVectorProduct before valueAndGradient")
        precondition(v.count == dimension && out.count == dimension, "hessianVectorProduct: wrong length")
        let k = outputCount
        let weightCount = weightCount
        let bias = Array(v[weightCount...])
        let (curvature, sampleScale, classCount) = (self.curvature, self.sampleScale, self.classCount)
        let (features, plan, threads) = (self.features, self.plan, self.threads)
        // Row `row`'s `x_iᵀV` becomes `q_i`: the curvature applied to `u_i = x_iᵀV + v_b`.
        let curvatureTimes: RowTransform = { row, u in
            for column in 0..<k { u[column] += bias[column] }
            if classCount == 2 {
                u[0] = curvature[row] * u[0]
                return
            }
            let base = row * k
            var mean = 0.0
            for column in 0..<k { mean += curvature[base + column] * u[column] }
            let scale = sampleScale[row]
            for column in 0..<k { u[column] = scale * curvature[base + column] * (u[column] - mean) }
        }
        rowScratch.withUnsafeMutableBufferPointer { q in
            blockScratch.withUnsafeMutableBufferPointer { scratch in
                features.multiplyTransformScatter(
                    UnsafeBufferPointer(rebasing: v[0..<weightCount]), columns: k, plan: plan, threads: threads, q: q,
                    into: out, scratch: scratch, transform: curvatureTimes)
            }
        }
        return rowScratch.withUnsafeBufferPointer { q in finish(out, residual: q, plus: v) }
    }
}

extension LogisticObjective: SmoothObjective {}
