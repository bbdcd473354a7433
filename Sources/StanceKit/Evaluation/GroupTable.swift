/// A table of evaluated predictions with a row per value of a field (e.g. each outlet of a grouped
/// cross-validation): the number of predictions, the share predicted as each class, the mean probability of each
/// class and the share correct, each with a 95% percentile bootstrap interval over the group's predictions
/// (``StableRandom`` streams of the seed, one range per group, so rows do not depend on one another).
///
/// Groups with fewer than `minimumSize` documents are folded into one last row, `(other: k groups)`. Under
/// repeated cross-validation a document contributes one prediction per repeat: the figures average over them, `n`
/// counts documents, and the bootstrap resamples documents with all their predictions (a cluster bootstrap), so that
/// repeats do not narrow the intervals.
public struct GroupTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var value: String
        /// Groups in the row (more than 1 for the folded row).
        public var groups: Int
        /// Documents in the row (each with one prediction per repeat).
        public var count: Int
        public var sharePredicted: [Double]
        public var meanProbability: [Double]
        public var shareCorrect: Double
        /// Intervals keyed `share_predicted.LABEL`, `mean_probability.LABEL`, `share_correct` (absent for a
        /// row of fewer than two predictions).
        public var ci95: [String: Interval]
    }

    public var field: String
    public var labels: [String]
    public var minimumSize: Int
    public var rows: [Row]

    /// Builds the table.
    ///
    /// - Parameters:
    ///   - values: each prediction's value of `field`.
    ///   - gold: each prediction's gold label index into `labels`.
    ///   - units: each prediction's document (equal values are predictions of one document under repeats), or
    ///     `nil` when every prediction is its own document.
    ///   - probabilities: probability rows aligned with `labels`; the prediction is the most probable label (the
    ///     first on a tie).
    public init(
        field: String, values: [String], gold: [Int], probabilities: [[Double]], labels: [String], minimumSize: Int,
        bootstrap: BootstrapSettings, units: [Int]? = nil
    ) {
        precondition(values.count == gold.count && gold.count == probabilities.count)
        precondition(units == nil || units!.count == values.count)
        self.field = field
        self.labels = labels
        self.minimumSize = minimumSize
        let predicted = probabilities.map { row in
            row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0
        }
        // Each group's documents in first-seen order, each with its predictions.
        var members: [String: [[Int]]] = [:]
        var unitPosition: [String: [Int: Int]] = [:]
        for (index, value) in values.enumerated() {
            let unit = units?[index] ?? index
            if let position = unitPosition[value]?[unit] {
                members[value]![position].append(index)
            } else {
                unitPosition[value, default: [:]][unit] = members[value, default: []].count
                members[value, default: []].append([index])
            }
        }
        var kept: [(String, Int, [[Int]])] = []
        var folded: [[Int]] = []
        var foldedGroups = 0
        for value in members.keys.sortedByCodePoint() {
            let documents = members[value]!
            if documents.count < minimumSize {
                folded += documents
                foldedGroups += 1
            } else {
                kept.append((value, 1, documents))
            }
        }
        if foldedGroups > 0 {
            kept.append(("(other: \(foldedGroups) groups)", foldedGroups, folded.sorted { $0[0] < $1[0] }))
        }
        let classCount = labels.count
        func figures(_ rows: [Int]) -> [Double] {
            var result = [Double](repeating: 0, count: 2 * classCount + 1)
            for row in rows {
                result[predicted[row]] += 1
                for c in 0..<classCount { result[classCount + c] += probabilities[row][c] }
                if predicted[row] == gold[row] { result[2 * classCount] += 1 }
            }
            return result.map { $0 / Double(max(rows.count, 1)) }
        }
        var tableRows: [Row] = []
        for (g, (value, groups, documents)) in kept.enumerated() {
            let point = figures(documents.flatMap { $0 })
            var ci95: [String: Interval] = [:]
            if documents.count >= 2 {
                var replicates: [[Double]] = []
                replicates.reserveCapacity(bootstrap.replicates)
                for b in 0..<bootstrap.replicates {
                    var random = StableRandom(
                        seed: bootstrap.seed, stream: UInt64(g) << 32 | UInt64(b))
                    replicates.append(
                        figures(documents.flatMap { _ in documents[random.nextIndex(below: documents.count)] }))
                }
                let names =
                    labels.map { "share_predicted.\($0)" } + labels.map { "mean_probability.\($0)" } + ["share_correct"]
                for (position, name) in names.enumerated() {
                    ci95[name] = percentileInterval(replicates.map { $0[position] }, confidence: bootstrap.confidence)
                }
            }
            tableRows.append(
                Row(
                    value: value, groups: groups, count: documents.count,
                    sharePredicted: Array(point[0..<classCount]),
                    meanProbability: Array(point[classCount..<(2 * classCount)]), shareCorrect: point[2 * classCount],
                    ci95: ci95))
        }
        rows = tableRows
    }

    /// A plain-text table: per row n, share predicted and mean probability per class, share correct, with intervals.
    public func table() -> String {
        func cell(_ value: Double, _ interval: Interval?) -> String {
            guard let interval else { return formatFixed(value, digits: 3) }
            return
                "\(formatFixed(value, digits: 3)) [\(formatFixed(interval.low, digits: 2)), \(formatFixed(interval.high, digits: 2))]"
        }
        var header = [field, "n"]
        header += labels.map { "predicted \($0)" }
        header += labels.map { "mean p(\($0))" }
        header.append("correct")
        var lines = ["per \(field) (95% bootstrap intervals over each group's predictions):"]
        var body: [[String]] = [header]
        for row in rows {
            var cells = [row.value, String(row.count)]
            cells += labels.enumerated().map { c, label in
                cell(row.sharePredicted[c], row.ci95["share_predicted.\(label)"])
            }
            cells += labels.enumerated().map { c, label in
                cell(row.meanProbability[c], row.ci95["mean_probability.\(label)"])
            }
            cells.append(cell(row.shareCorrect, row.ci95["share_correct"]))
            body.append(cells)
        }
        lines += renderColumns(body, rightAligned: Set(1..<header.count))
        return lines.joined(separator: "\n") + "\n"
    }

    func json() -> JSON {
        .sortedObject([
            "field": .string(field),
            "min_group_size": .int(minimumSize),
            "labels": .array(labels.map { .string($0) }),
            "rows": .array(
                rows.map { row in
                    .sortedObject([
                        "value": .string(row.value), "groups": .int(row.groups), "n": .int(row.count),
                        "share_predicted": .sortedObject(
                            Dictionary(
                                uniqueKeysWithValues: zip(labels, row.sharePredicted.map { JSON.double($0) }))),
                        "mean_probability": .sortedObject(
                            Dictionary(
                                uniqueKeysWithValues: zip(labels, row.meanProbability.map { JSON.double($0) }))),
                        "share_correct": .double(row.shareCorrect),
                        "ci95": .sortedObject(row.ci95.mapValues { .array([.double($0.low), .double($0.high)]) }),
                    ])
                }),
        ])
    }
}

extension EvaluationReport {
    /// Adds `table` to the result JSON under `per_group`.
    public mutating func attach(_ table: GroupTable) {
        extraMembers["per_group"] = table.json()
    }
}
