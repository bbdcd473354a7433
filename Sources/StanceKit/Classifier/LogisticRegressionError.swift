/// Why a logistic regression could not be fitted.
public enum LogisticRegressionError: StanceFailure, Equatable, Sendable {
    /// Fewer than two class names were given.
    case singleClass(labels: [String])
    /// A class has no training examples.
    case emptyClass(label: String)
    /// Two classes share a name.
    case duplicateLabel(String)
    /// The feature matrix and the label (or sample-weight) array have different lengths.
    case countMismatch(rows: Int, labels: Int, what: String)
    /// A label index outside `0..<labelNames.count` at `row`.
    case labelOutOfRange(row: Int, index: Int)
    /// A negative or non-finite sample weight at `row`.
    case invalidSampleWeight(row: Int, value: Double)
    /// The warm-start model has other labels or another feature count.
    case warmStartMismatch
    /// The classes are (quasi-)perfectly separated: the maximum-likelihood coefficients diverge and fitted
    /// probabilities go to 0 or 1. `rows` counts the training rows whose class is predicted with certainty.
    case separation(rows: Int)
    /// The Hessian of the fitted objective is singular (e.g. collinear or constant features): its Cholesky
    /// factorisation failed at parameter `parameter` (0-based; see `CoefficientTable` for the order).
    case singularHessian(parameter: Int)
    /// The dense Newton solver was asked for more parameters than it supports.
    case tooManyParameters(count: Int, limit: Int)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .singleClass(let labels):
            return
                "logistic regression needs at least two classes, got \(labels.count) (\(labels.joined(separator: ", ")))"
        case .emptyClass(let label): return "class '\(label)' has no training examples"
        case .duplicateLabel(let label): return "class name '\(label)' is given twice"
        case .countMismatch(let rows, let labels, let what):
            return "the feature matrix has \(rows) rows but there are \(labels) \(what)"
        case .labelOutOfRange(let row, let index): return "row \(row): label index \(index) is out of range"
        case .invalidSampleWeight(let row, let value):
            return "row \(row): sample weight \(value) is not a finite non-negative number"
        case .warmStartMismatch: return "the warm-start model has different labels or a different feature count"
        case .separation(let rows):
            return "perfect separation: \(rows) training rows are predicted with probability 1, so the unpenalised "
                + "coefficients diverge; use a finite C or remove the separating features"
        case .singularHessian(let parameter):
            return "singular Hessian at parameter \(parameter): features are collinear or constant; "
                + "remove them or use a finite C"
        case .tooManyParameters(let count, let limit):
            return "the dense Newton solver supports at most \(limit) parameters, this problem has \(count)"
        }
    }
}
