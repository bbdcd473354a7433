import Foundation

/// A classification measured against a reference with unit weights: the weighted confusion matrix
/// `C[g][p] = Σ w_i` over units with reference `g` and prediction `p`, and from it
///
/// ```
/// accuracy = Σ_c C[c][c] / Σ C     precision_c = C[c][c] / Σ_g C[g][c]     recall_c = C[c][c] / Σ_p C[c][p]
/// F1_c = 2 P R / (P + R)  (0 when P + R = 0)      macro-F1 = mean of F1_c over the model's labels
/// ```
///
/// With the design weights `w = 1/π` of a stratified sample these estimate the figures over the whole corpus
/// (Horvitz–Thompson); with `w = 1` they are the sample's own figures.
public struct WeightedClassification: Sendable, Equatable {
    public var units: Int
    public var accuracy: Double
    public var macroF1: Double
    public var precision: [Double]
    public var recall: [Double]
    public var f1: [Double]
    /// Weighted count per reference class.
    public var support: [Double]
    public var confusion: [[Double]]

    /// The figures of rows `rows` (indices into the arrays, repeats allowed), or of all.
    public init(reference: [Int], predicted: [Int], weights: [Double], classCount: Int, rows: [Int]? = nil) {
        var confusion = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        let chosen = rows ?? Array(reference.indices)
        for i in chosen { confusion[reference[i]][predicted[i]] += weights[i] }
        units = chosen.count
        let total = confusion.reduce(0) { $0 + $1.reduce(0, +) }
        let diagonal = (0..<classCount).reduce(0.0) { $0 + confusion[$1][$1] }
        accuracy = total > 0 ? diagonal / total : .nan
        let precision = (0..<classCount).map { c in
            let column = (0..<classCount).reduce(0) { $0 + confusion[$1][c] }
            return column > 0 ? confusion[c][c] / column : 0
        }
        let support = confusion.map { $0.reduce(0, +) }
        let recall = (0..<classCount).map { c in support[c] > 0 ? confusion[c][c] / support[c] : 0 }
        let f1 = (0..<classCount).map { c in
            let (p, r) = (precision[c], recall[c])
            return p + r > 0 ? 2 * p * r / (p + r) : 0
        }
        macroF1 = classCount > 0 && total > 0 ? f1.reduce(0, +) / Double(classCount) : .nan
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.support = support
        self.confusion = confusion
    }
}

/// The model against the coders: against each coder, against the coders' majority (units with a tie and units with
/// a single code reported apart), per language and per source, and Krippendorff's alpha (nominal, in the model's
/// labels) of the coders with and without the model as one more coder.
///
/// Codes are mapped to the model's labels with a ``LabelMap``; a dropped code counts as not coded in the comparisons
/// with each coder and in alpha. The majority is the most frequent of a unit's codes before mapping (a unique
/// most frequent code; otherwise the unit is a tie), then mapped; units whose majority code is dropped are left out.
public struct ModelAgreementReport: Sendable {
    /// One reference the model is compared with.
    public struct Comparison: Sendable {
        public var name: String
        public var metrics: WeightedClassification
        public var ci95: [String: Interval]
        /// Unit ids compared.
        public var units: [String]
    }

    /// One row per group value (language or source), against the majority.
    public struct GroupRow: Sendable {
        public var value: String
        public var metrics: WeightedClassification
        public var ci95: [String: Interval]
    }

    public var labels: [String]
    public var weighted: Bool
    public var comparisons: [Comparison]
    /// Units with two or more codes and no single most frequent one.
    public var ties: [String]
    public var perLanguage: [GroupRow]
    public var perSource: [GroupRow]
    public var alphaCoders: Double
    public var alphaWithModel: Double
    public var alphaIntervals: [String: Interval]
    /// Codes left out by `_drop`, with how many times they were given.
    public var droppedCodes: [String: Int]

    /// Compares.
    ///
    /// - Parameters:
    ///   - data: the coders' codes.
    ///   - sheetPaths: the sheets, in coder order (for messages).
    ///   - predictions: the model's label for each unit of `data` (in the model's labels).
    ///   - labels: the model's labels.
    ///   - weights: each unit's design weight (1 when not from a sample).
    ///   - languages, sources: each unit's language and source (`(none)` when unknown).
    /// - Throws: ``CodingError/unmappedCode(code:path:modelLabels:)`` for a code with no counterpart.
    public init(
        data: ReliabilityData, sheetPaths: [String], predictions: [String], labels: [String], labelMap: LabelMap,
        weights: [Double], weighted: Bool, languages: [String], sources: [String], bootstrap: BootstrapSettings
    ) throws {
        self.labels = labels
        self.weighted = weighted
        try labelMap.check(modelLabels: labels)
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        // Every category to a model label index, or nil when dropped.
        var mapped: [Int?] = []
        for category in data.categories {
            switch labelMap.resolve(category, modelLabels: labels) {
            case .label(let label): mapped.append(index[label]!)
            case .dropped: mapped.append(nil)
            case .unmapped:
                let used = data.codes.indices.lazy.flatMap { u in data.coders.indices.map { (u, $0) } }
                    .first { u, j in data.codes[u][j].map { data.categories[$0] } == category }
                if let (u, j) = used {
                    throw CodingError.unmappedCode(
                        code: category, path: "\(sheetPaths[j]):\(data.lines[u][j] ?? 0)", modelLabels: labels)
                }
                mapped.append(nil)  // in --order only, never used
            }
        }
        var droppedCodes: [String: Int] = [:]
        for unit in data.codes {
            for case let code? in unit where mapped[code] == nil {
                droppedCodes[data.categories[code], default: 0] += 1
            }
        }
        self.droppedCodes = droppedCodes
        let codes: [[Int?]] = data.codes.map { unit in unit.map { $0.flatMap { mapped[$0] } } }
        let predicted = predictions.map { index[$0]! }

        func compare(_ name: String, _ pairs: [(unit: Int, reference: Int)]) -> Comparison {
            let reference = pairs.map(\.reference)
            let guesses = pairs.map { predicted[$0.unit] }
            let unitWeights = pairs.map { weights[$0.unit] }
            let metrics = WeightedClassification(
                reference: reference, predicted: guesses, weights: unitWeights, classCount: labels.count)
            let intervals = Self.intervals(
                reference: reference, predicted: guesses, weights: unitWeights, labels: labels, bootstrap: bootstrap)
            return Comparison(name: name, metrics: metrics, ci95: intervals, units: pairs.map { data.units[$0.unit] })
        }
        var comparisons: [Comparison] = []
        for (j, coder) in data.coders.enumerated() {
            let pairs = codes.indices.compactMap { u in codes[u][j].map { (u, $0) } }
            comparisons.append(compare(coder, pairs))
        }
        var majority: [(unit: Int, reference: Int)] = []
        var single: [(unit: Int, reference: Int)] = []
        var ties: [String] = []
        // The majority is the coders' own: taken over their codes before mapping, so that two coders who differ
        // stay a tie even when one of their codes is dropped; a majority code that is dropped leaves the unit out.
        for (u, unit) in data.codes.enumerated() {
            let given = unit.compactMap { $0 }
            if given.count == 1 {
                if let label = mapped[given[0]] { single.append((u, label)) }
            } else if given.count >= 2 {
                var counts = [Int](repeating: 0, count: data.categories.count)
                for code in given { counts[code] += 1 }
                let top = counts.max()!
                if counts.count(where: { $0 == top }) == 1 {
                    if let label = mapped[counts.firstIndex(of: top)!] { majority.append((u, label)) }
                } else {
                    ties.append(data.units[u])
                }
            }
        }
        comparisons.append(compare("majority", majority))
        comparisons.append(compare("single_coder", single))
        self.comparisons = comparisons
        self.ties = ties

        func groups(_ values: [String]) -> [GroupRow] {
            var members: [String: [(unit: Int, reference: Int)]] = [:]
            for pair in majority { members[values[pair.unit], default: []].append(pair) }
            return members.keys.sortedByCodePoint().map { value in
                let comparison = compare(value, members[value]!)
                return GroupRow(value: value, metrics: comparison.metrics, ci95: comparison.ci95)
            }
        }
        perLanguage = groups(languages)
        perSource = groups(sources)

        // Alpha in the model's labels, without and with the model as one more coder.
        let withModel = codes.enumerated().map { u, unit in unit + [predicted[u]] }
        let coders = KrippendorffAlpha(codes: codes, categoryCount: labels.count)
        let all = KrippendorffAlpha(codes: withModel, categoryCount: labels.count)
        alphaCoders = coders.alpha(level: .nominal)
        alphaWithModel = all.alpha(level: .nominal)
        let resampler = try Resampler(documentCount: codes.count, groups: nil)
        let replicates = resampler.replicate(bootstrap, placeholder: [Double]()) { rows in
            [coders.alpha(level: .nominal, rows: rows), all.alpha(level: .nominal, rows: rows)]
        }
        var alphaIntervals: [String: Interval] = [:]
        for (position, name) in ["alpha_coders", "alpha_with_model"].enumerated() {
            let finite = replicates.map { $0[position] }.filter(\.isFinite)
            if finite.count >= 2 {
                alphaIntervals[name] = percentileInterval(finite, confidence: bootstrap.confidence)
            }
        }
        self.alphaIntervals = alphaIntervals
    }

    /// Percentile bootstrap intervals over units of accuracy, macro-F1, each class's precision, recall and F1, and
    /// each confusion cell (`confusion.GOLD.PREDICTED`).
    static func intervals(
        reference: [Int], predicted: [Int], weights: [Double], labels: [String], bootstrap: BootstrapSettings
    ) -> [String: Interval] {
        guard reference.count >= 2, let resampler = try? Resampler(documentCount: reference.count, groups: nil)
        else { return [:] }
        let replicates = resampler.replicate(bootstrap, placeholder: WeightedClassification?.none) { rows in
            WeightedClassification(
                reference: reference, predicted: predicted, weights: weights, classCount: labels.count, rows: rows)
        }.compactMap { $0 }
        var result: [String: Interval] = [:]
        func add(_ name: String, _ value: (WeightedClassification) -> Double) {
            let finite = replicates.map(value).filter(\.isFinite)
            if finite.count >= 2 { result[name] = percentileInterval(finite, confidence: bootstrap.confidence) }
        }
        add("accuracy") { $0.accuracy }
        add("macro_f1") { $0.macroF1 }
        for (c, label) in labels.enumerated() {
            add("precision.\(label)") { $0.precision[c] }
            add("recall.\(label)") { $0.recall[c] }
            add("f1.\(label)") { $0.f1[c] }
            for (p, other) in labels.enumerated() { add("confusion.\(label).\(other)") { $0.confusion[c][p] } }
        }
        return result
    }

    private func metricsJSON(_ metrics: WeightedClassification, _ ci95: [String: Interval]) -> JSON {
        var perClass: [String: JSON] = [:]
        for (c, label) in labels.enumerated() {
            perClass[label] = .sortedObject([
                "precision": .double(metrics.precision[c]), "recall": .double(metrics.recall[c]),
                "f1": .double(metrics.f1[c]), "support": .double(metrics.support[c]),
            ])
        }
        return .sortedObject([
            "units": .int(metrics.units),
            "accuracy": .double(metrics.accuracy),
            "macro_f1": .double(metrics.macroF1),
            "per_class": .sortedObject(perClass),
            "confusion": .sortedObject([
                "labels": .array(labels.map { .string($0) }),
                "matrix": .array(metrics.confusion.map { row in .array(row.map { .double($0) }) }),
            ]),
            "ci95": .sortedObject(ci95.mapValues { .array([.double($0.low), .double($0.high)]) }),
        ])
    }

    func json() -> JSON {
        var against: [String: JSON] = [:]
        for comparison in comparisons { against[comparison.name] = metricsJSON(comparison.metrics, comparison.ci95) }
        func rows(_ groups: [GroupRow]) -> JSON {
            .sortedObject(Dictionary(uniqueKeysWithValues: groups.map { ($0.value, metricsJSON($0.metrics, $0.ci95)) }))
        }
        return .sortedObject([
            "labels": .array(labels.map { .string($0) }),
            "weighted": .bool(weighted),
            "against": .sortedObject(against),
            "ties": .array(ties.map { .string($0) }),
            "per_language": rows(perLanguage),
            "per_source": rows(perSource),
            "alpha_coders": .double(alphaCoders),
            "alpha_with_model": .double(alphaWithModel),
            "ci95": .sortedObject(alphaIntervals.mapValues { .array([.double($0.low), .double($0.high)]) }),
            "dropped_codes": .sortedObject(droppedCodes.mapValues { .int($0) }),
        ])
    }

    /// A plain-text rendering.
    public func table() -> String {
        func number(_ value: Double) -> String { value.isFinite ? formatFixed(value, digits: 3) : "-" }
        func withInterval(_ value: Double, _ interval: Interval?) -> String {
            guard let interval else { return number(value) }
            return "\(number(value)) [\(number(interval.low)), \(number(interval.high))]"
        }
        var lines = [
            "the model against the coders ("
                + (weighted ? "weighted by inclusion probabilities" : "unweighted") + "; labels: "
                + labels.joined(separator: ", ") + ")"
        ]
        var rows: [[String]] = [["against", "units", "accuracy [95%]", "macro-F1 [95%]"]]
        for comparison in comparisons {
            rows.append([
                comparison.name, String(comparison.metrics.units),
                withInterval(comparison.metrics.accuracy, comparison.ci95["accuracy"]),
                withInterval(comparison.metrics.macroF1, comparison.ci95["macro_f1"]),
            ])
        }
        lines += renderColumns(rows, rightAligned: [1])
        lines.append("ties among coders (left out of the majority): \(ties.count)")
        if let majority = comparisons.first(where: { $0.name == "majority" }), majority.metrics.units > 0 {
            lines.append("")
            lines.append("against the majority, per class:")
            var perClass: [[String]] = [["label", "precision", "recall", "F1", "support"]]
            for (c, label) in labels.enumerated() {
                perClass.append([
                    label, withInterval(majority.metrics.precision[c], majority.ci95["precision.\(label)"]),
                    withInterval(majority.metrics.recall[c], majority.ci95["recall.\(label)"]),
                    withInterval(majority.metrics.f1[c], majority.ci95["f1.\(label)"]),
                    formatFixed(majority.metrics.support[c], digits: weighted ? 1 : 0),
                ])
            }
            lines += renderColumns(perClass, rightAligned: [4])
            lines.append("confusion (rows: majority code, columns: model):")
            var confusion: [[String]] = [[""] + labels]
            for (c, label) in labels.enumerated() {
                confusion.append(
                    [label] + majority.metrics.confusion[c].map { formatFixed($0, digits: weighted ? 1 : 0) })
            }
            lines += renderColumns(confusion, rightAligned: Set(1...labels.count))
        }
        for (title, groups) in [("language", perLanguage), ("source", perSource)] where !groups.isEmpty {
            lines.append("")
            var table: [[String]] = [[title, "units", "accuracy [95%]", "macro-F1"]]
            for row in groups {
                table.append([
                    row.value, String(row.metrics.units), withInterval(row.metrics.accuracy, row.ci95["accuracy"]),
                    number(row.metrics.macroF1),
                ])
            }
            lines += renderColumns(table, rightAligned: [1])
        }
        lines.append("")
        lines.append(
            "alpha (nominal, in the model's labels): coders \(withInterval(alphaCoders, alphaIntervals["alpha_coders"])), "
                + "coders and model \(withInterval(alphaWithModel, alphaIntervals["alpha_with_model"]))")
        if !droppedCodes.isEmpty {
            lines.append(
                "codes left out by --label-map: "
                    + droppedCodes.keys.sortedByCodePoint().map { "\($0) (\(droppedCodes[$0]!))" }.joined(
                        separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
