import RealModule

/// A fitted logistic-regression model: labels, weights, intercepts and how the fit went.
///
/// Weight layout (row-major, `weightRowCount × featureCount`):
/// - two classes: **one** row `w` and one intercept `b`; the decision value is `z = xᵀw + b` and
///   `P(labels[1] | x) = 1 / (1 + exp(−z))` (scikit-learn's binary `LogisticRegression`: `labels[1]` is the
///   positive class);
/// - `K ≥ 3` classes: `K` rows `W_k` and `K` intercepts `b_k`, `P(labels[k] | x) = softmax_k(xᵀW_k + b_k)`.
///   A model fitted with the dense Newton solver has row 0 (the reference class) equal to zero.
///
/// A model file stores it field by field (``ModelFile``).
public struct LogisticModel: Sendable, Equatable {
    /// Class names, sorted by Unicode code point.
    public var labels: [String]
    public var featureCount: Int
    /// `weightRowCount × featureCount` weights, row-major.
    public var weights: [Double]
    /// One intercept per weight row.
    public var intercepts: [Double]
    /// The value of the fitted objective at the returned parameters.
    public var objective: Double
    public var iterations: Int
    /// `false` when the iteration limit ended the fit before the stopping rule was met.
    public var converged: Bool
    /// Estimates, standard errors, z, p and 95 % intervals (dense Newton solver only).
    public var coefficients: CoefficientTable?

    public init(
        labels: [String], featureCount: Int, weights: [Double], intercepts: [Double], objective: Double,
        iterations: Int, converged: Bool, coefficients: CoefficientTable? = nil
    ) {
        precondition(weights.count == intercepts.count * featureCount, "weights must be rows × featureCount")
        self.labels = labels
        self.featureCount = featureCount
        self.weights = weights
        self.intercepts = intercepts
        self.objective = objective
        self.iterations = iterations
        self.converged = converged
        self.coefficients = coefficients
    }

    /// The number of weight rows: 1 for two classes, the number of classes otherwise.
    public var weightRowCount: Int { intercepts.count }

    /// The weights in feature-major (`featureCount × weightRowCount`) order, as the sparse products want them.
    var featureMajorWeights: [Double] {
        let rows = weightRowCount
        var result = [Double](repeating: 0, count: weights.count)
        for row in 0..<rows {
            for feature in 0..<featureCount { result[feature * rows + row] = weights[row * featureCount + feature] }
        }
        return result
    }

    /// The decision values `z_ik = x_iᵀW_k + b_k`, row-major `n × weightRowCount` (for two classes, one value per
    /// row: the log-odds of `labels[1]`).
    ///
    /// - Precondition: `X.columnCount == featureCount`.
    /// - Complexity: O(nnz(X) · weightRowCount).
    public func decisionValues(_ X: SparseMatrix, threads: ThreadBudget = .single) -> [Double] {
        decisionValues(X, featureMajorWeights: featureMajorWeights, threads: threads)
    }

    /// ``decisionValues(_:threads:)`` with the weights already transposed (``featureMajorWeights``), for a caller
    /// that multiplies many batches by the same model (`stance score` transposed them for every batch of 512).
    func decisionValues(_ X: SparseMatrix, featureMajorWeights: [Double], threads: ThreadBudget) -> [Double] {
        precondition(X.columnCount == featureCount, "feature count mismatch")
        precondition(featureMajorWeights.count == weights.count, "one transposed weight per weight")
        let rows = weightRowCount
        var z = X.multiply(featureMajorWeights, columns: rows, threads: threads)
        for row in 0..<X.rowCount {
            for column in 0..<rows { z[row * rows + column] += intercepts[column] }
        }
        return z
    }

    /// Class probabilities, one array of `labels.count` entries per row of `X` (order of `labels`).
    ///
    /// Two classes: `[1 − σ(z), σ(z)]`; more: `softmax(z)` computed as `exp(z_k − logΣexp z)`.
    public func probabilities(_ X: SparseMatrix, threads: ThreadBudget = .single) -> [[Double]] {
        let z = decisionValues(X, threads: threads)
        let rows = weightRowCount
        return (0..<X.rowCount).map { row in
            if labels.count == 2 {
                let p = LogisticObjective.sigmoid(z[row])
                return [LogisticObjective.sigmoid(-z[row]), p]
            }
            let lse = LogisticObjective.logSumExp(z, row * rows, rows)
            return (0..<rows).map { Double.exp(z[row * rows + $0] - lse) }
        }
    }

    /// One feature's share of a row's decision values.
    public struct Contribution: Sendable, Equatable {
        public var feature: Int
        /// The feature's value `x_j` in the row.
        public var value: Double
        /// `W_kj · x_j` for each weight row `k`.
        public var logits: [Double]
    }

    /// The per-feature contributions `W_kj · x_j` to each weight row's decision value for row `row` of `X`, in
    /// column order; they add up, with the intercepts, to `decisionValues`.
    public func contributions(of X: SparseMatrix, row: Int) -> [Contribution] {
        precondition(X.columnCount == featureCount, "feature count mismatch")
        return X.row(row).map { column, value in
            let feature = Int(column)
            return Contribution(
                feature: feature, value: value,
                logits: (0..<weightRowCount).map { weights[$0 * featureCount + feature] * value })
        }
    }
}
