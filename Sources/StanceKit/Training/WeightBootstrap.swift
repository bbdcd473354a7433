/// Percentile bootstrap intervals for a trained model's weights (`stance train --bootstrap N`).
///
/// Each replicate refits the classifier, with the model's own settings (C, class weights, solver, tolerance), on a
/// resample of the training documents and keeps every weight and intercept; the interval of a parameter is the
/// percentile interval of its replicate values (Efron & Tibshirani 1993, ch. 13; quantiles as in
/// ``BootstrapSettings``). The vocabulary and its weighting stay those of the full fit, so that every replicate has
/// the same columns: the intervals describe the classifier's sampling variability given the features.
///
/// Resampling:
/// - without a group field, documents are drawn with replacement **within each class** (each class keeps its size,
///   so no replicate lacks a class);
/// - with a group field (`--group-by source`, the default when labels come from outlets), whole groups are drawn
///   with replacement, as many as there are groups, so that articles of one outlet move together; a draw that lacks
///   a class is drawn again from the same stream.
///
/// Replicate `b` draws from ``StableRandom`` stream `b` of the seed and is fitted on one thread; replicates run in
/// parallel and are gathered in order, so the intervals are the same at any thread count. A replicate whose fit
/// fails (an unpenalised fit on separable data) is left out and counted.
///
/// - Complexity: `replicates` fits, and memory for `replicates × parameters` doubles.
public struct WeightBootstrap: Sendable {
    public var replicates: Int
    public var seed: UInt64
    public var groupBy: String?
    public var confidence: Double
    public var threads: ThreadBudget

    /// Attempts at drawing a replicate that holds every class before the replicate counts as failed.
    static let redrawLimit = 1000

    public init(
        replicates: Int, seed: UInt64, groupBy: String?, confidence: Double = 0.95, threads: ThreadBudget = .single
    ) {
        self.replicates = replicates
        self.seed = seed
        self.groupBy = groupBy
        self.confidence = confidence
        self.threads = threads
    }

    /// Adds bootstrap intervals to every sub-model of `model`, which was trained on `documents`.
    ///
    /// - Parameter normalized: the documents' texts normalised with the model's settings.
    /// - Throws: ``WeightBootstrapError`` when fewer than two replicates could be fitted.
    public func run(_ model: inout StanceModel, documents: [Document], normalized: [NormalizedText]) throws {
        precondition(documents.count == normalized.count)
        let vocabularies = model.subModels.map(\.vocabulary)
        try run(&model, documents: documents, languages: normalized.map(\.language)) { sub, indices in
            vocabularies[sub].transform(indices.map { normalized[$0] }, threads: threads)
        }
    }

    /// ``run(_:documents:normalized:)`` for documents whose texts are known by their languages, and whose rows under
    /// a sub-model's vocabulary `rows(s, indices)` builds (for sub-model `s` and the documents `indices`).
    func run(
        _ model: inout StanceModel, documents: [Document], languages: [Language],
        rows: (_ subModel: Int, _ indices: [Int]) -> SparseMatrix
    ) throws {
        precondition(documents.count == languages.count)
        if model.supplement.subModels.count != model.subModels.count {
            model.supplement.subModels = model.subModels.map { _ in SubModelSupplement() }
        }
        for (subIndex, sub) in model.subModels.enumerated() {
            let indices = documents.indices.filter { !model.settings.perTarget || documents[$0].target == sub.target }
            let matrix = rows(subIndex, indices)
            let classifier = sub.classifier
            let labelIndex = Dictionary(uniqueKeysWithValues: classifier.labels.enumerated().map { ($1, $0) })
            let y = indices.map { labelIndex[documents[$0].label!]! }
            let groups = groupBy.map { field in
                indices.map { index in
                    documents[index].groupValue(field, language: languages[index])
                        ?? "\u{0}document \(index)"
                }
            }
            let intervals = try self.intervals(
                matrix: matrix, labels: y, labelNames: classifier.labels, groups: groups,
                settings: model.settings, target: sub.target)
            model.supplement.subModels[subIndex].bootstrap = intervals
        }
    }

    /// The rows of replicate `b`: within each class, or whole groups (see the type's discussion); `nil` when no draw
    /// within the limit held every class.
    static func rows(
        replicate b: Int, seed: UInt64, labels: [Int], classCount: Int, groups: [[Int]]?
    ) -> [Int]? {
        var random = StableRandom(seed: seed, stream: UInt64(b))
        guard let groups else {
            var members = [[Int]](repeating: [], count: classCount)
            for (row, label) in labels.enumerated() { members[label].append(row) }
            var rows: [Int] = []
            rows.reserveCapacity(labels.count)
            for list in members {
                for _ in list.indices { rows.append(list[random.nextIndex(below: list.count)]) }
            }
            return rows
        }
        for _ in 0..<redrawLimit {
            var rows: [Int] = []
            for _ in groups.indices { rows.append(contentsOf: groups[random.nextIndex(below: groups.count)]) }
            if Set(rows.map { labels[$0] }).count == classCount { return rows }
        }
        return nil
    }

    /// Percentile intervals of each parameter over replicate vectors (failed replicates left out).
    ///
    /// - Precondition: at least one replicate; every replicate has the same length.
    static func percentiles(_ values: [[Double]], confidence: Double) -> (lower: [Double], upper: [Double]) {
        let width = values[0].count
        var lower = [Double](repeating: 0, count: width)
        var upper = [Double](repeating: 0, count: width)
        for parameter in 0..<width {
            let interval = percentileInterval(values.map { $0[parameter] }, confidence: confidence)
            lower[parameter] = interval.low
            upper[parameter] = interval.high
        }
        return (lower, upper)
    }

    func intervals(
        matrix: SparseMatrix, labels: [Int], labelNames: [String], groups: [String]?, settings: TrainingSettings,
        target: String?
    ) throws -> WeightIntervals {
        var groupRows: [[Int]]?
        if let groups {
            var index: [String: Int] = [:]
            var rows: [[Int]] = []
            for (row, group) in groups.enumerated() {
                if let g = index[group] {
                    rows[g].append(row)
                } else {
                    index[group] = rows.count
                    rows.append([row])
                }
            }
            groupRows = rows
        }
        let regression = LogisticRegression(
            C: settings.C, classWeight: settings.balancedClassWeights ? .balanced : .uniform,
            tolerance: settings.tolerance, maxIterations: settings.maxIterations, threads: 1,
            solver: settings.solver)
        let classCount = labelNames.count
        let seed = self.seed
        let groupMembers = groupRows
        let fits = parallelMap(count: replicates, threads: threads) { b -> [Double]? in
            guard
                let rows = Self.rows(
                    replicate: b, seed: seed, labels: labels, classCount: classCount, groups: groupMembers)
            else { return nil }
            guard
                let fitted = try? regression.fit(
                    X: matrix.rows(rows), labels: rows.map { labels[$0] }, labelNames: labelNames)
            else { return nil }
            return fitted.weights + fitted.intercepts
        }
        let succeeded = fits.compactMap { $0 }
        guard succeeded.count >= 2 else {
            throw WeightBootstrapError.tooFewFits(succeeded: succeeded.count, requested: replicates, target: target)
        }
        let (lower, upper) = Self.percentiles(succeeded, confidence: confidence)
        let weightCount = lower.count - (classCount == 2 ? 1 : classCount)
        return WeightIntervals(
            replicates: succeeded.count, requested: replicates, groupBy: groupBy, seed: seed, confidence: confidence,
            weightLower: Array(lower[..<weightCount]), weightUpper: Array(upper[..<weightCount]),
            interceptLower: Array(lower[weightCount...]), interceptUpper: Array(upper[weightCount...]))
    }
}

/// Why bootstrap intervals could not be made (exit status 65).
public enum WeightBootstrapError: StanceFailure, Equatable {
    case tooFewFits(succeeded: Int, requested: Int, target: String?)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .tooFewFits(let succeeded, let requested, let target):
            let scope = target.map { " for target '\($0)'" } ?? ""
            return
                "the bootstrap\(scope) fitted \(succeeded) of \(requested) replicates: intervals need at least 2 "
                + "(an unpenalised fit fails on resamples whose classes separate; use a finite --C)"
        }
    }
}
