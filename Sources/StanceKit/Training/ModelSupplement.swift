/// What a model file of format version 2 or later stores beyond version 1: facts about the training that
/// `stance inspect` and `stance score --by` use, none of which changes a single score.
///
/// Stored as one optional JSON part after the last sub-model (`docs/model-format.md`, section 4.4); a version-1 file
/// reads as an empty supplement.
public struct ModelSupplement: Codable, Sendable, Equatable {
    /// Whether the labels were an outlet's label spread to its articles (`--label-from-source`).
    public var labelsFromSources: Bool
    /// One entry per sub-model, in the model's sub-model order (empty for a version-1 file).
    public var subModels: [SubModelSupplement]
    /// The model card (`train --card FILE`): what the score means, the data, the figures, the intended use and the
    /// known failures, printed by `stance inspect`; absent from files written before it existed.
    public var card: String?
    /// The evidence strength below which `stance score` abstains when not told `--min-evidence`
    /// (`train --min-evidence`), chosen from a curve of cross-lingual accuracy against evidence strength.
    public var minimumEvidence: Double?

    public init(
        labelsFromSources: Bool = false, subModels: [SubModelSupplement] = [], card: String? = nil,
        minimumEvidence: Double? = nil
    ) {
        self.labelsFromSources = labelsFromSources
        self.subModels = subModels
        self.card = card
        self.minimumEvidence = minimumEvidence
    }

    /// Whether nothing is stored (a version-1 file, or a model made in code).
    public var isEmpty: Bool { !labelsFromSources && subModels.isEmpty && card == nil && minimumEvidence == nil }
}

/// The supplement of one sub-model.
public struct SubModelSupplement: Codable, Sendable, Equatable {
    /// Feature columns that no training document had (their weight is the prior's 0, not an estimate).
    public var unseenColumns: [Int]
    /// Percentile intervals of every weight from refits on resampled training data (`train --bootstrap N`).
    public var bootstrap: WeightIntervals?
    /// Cross-validated true- and false-positive rates per class, for adjusted classify-and-count.
    public var rates: ClassifierRates?

    public init(unseenColumns: [Int] = [], bootstrap: WeightIntervals? = nil, rates: ClassifierRates? = nil) {
        self.unseenColumns = unseenColumns
        self.bootstrap = bootstrap
        self.rates = rates
    }
}

/// Percentile bootstrap intervals of a classifier's weights and intercepts, laid out as ``LogisticModel``'s
/// (`weightRowCount × featureCount`, row-major, then one per intercept).
public struct WeightIntervals: Codable, Sendable, Equatable {
    /// Replicates whose refit succeeded (those the intervals are made of).
    public var replicates: Int
    /// Replicates asked for.
    public var requested: Int
    /// The field whose groups were resampled whole, or `nil` when documents were resampled (within each class).
    public var groupBy: String?
    public var seed: UInt64
    public var confidence: Double
    public var weightLower: [Double]
    public var weightUpper: [Double]
    public var interceptLower: [Double]
    public var interceptUpper: [Double]

    public init(
        replicates: Int, requested: Int, groupBy: String?, seed: UInt64, confidence: Double, weightLower: [Double],
        weightUpper: [Double], interceptLower: [Double], interceptUpper: [Double]
    ) {
        self.replicates = replicates
        self.requested = requested
        self.groupBy = groupBy
        self.seed = seed
        self.confidence = confidence
        self.weightLower = weightLower
        self.weightUpper = weightUpper
        self.interceptLower = interceptLower
        self.interceptUpper = interceptUpper
    }

    /// The interval of weight `feature` in weight row `row`.
    public func weight(row: Int, feature: Int, featureCount: Int) -> Interval {
        Interval(low: weightLower[row * featureCount + feature], high: weightUpper[row * featureCount + feature])
    }
}

/// A classifier's cross-validated true- and false-positive rates, one vs rest for each class:
/// `tpr_k = P(predicted k | gold k)`, `fpr_k = P(predicted k | gold ≠ k)`, from pooled out-of-fold predictions.
public struct ClassifierRates: Codable, Sendable, Equatable {
    /// The classes, in code-point order.
    public var labels: [String]
    public var truePositive: [Double]
    public var falsePositive: [Double]
    /// Folds of the internal cross-validation.
    public var folds: Int
    /// The field no fold straddled, or `nil`.
    public var groupBy: String?
    /// Documents the rates were measured on.
    public var documents: Int

    public init(
        labels: [String], truePositive: [Double], falsePositive: [Double], folds: Int, groupBy: String?,
        documents: Int
    ) {
        self.labels = labels
        self.truePositive = truePositive
        self.falsePositive = falsePositive
        self.folds = folds
        self.groupBy = groupBy
        self.documents = documents
    }
}

extension SubModelSupplement {
    /// The columns of `matrix` in which no row has a non-zero value.
    ///
    /// - Complexity: O(nnz + columns).
    static func unseenColumns(of matrix: SparseMatrix) -> [Int] {
        var seen = [Bool](repeating: false, count: matrix.columnCount)
        for (column, value) in zip(matrix.columnIndices, matrix.values) where value != 0 { seen[Int(column)] = true }
        return seen.indices.filter { !seen[$0] }
    }
}
