/// Each source's position on the model's scale, with a bootstrap interval, for the report plots.
///
/// The scale: with two classes, the probability of the second label (code-point order); with ordered labels
/// (`--order left,center,right`), the expected position `Σ_k r_k · p_k / (K − 1)` with `r_k` the rank of label `k`
/// in the order (0 … K − 1), so 0 is the first label of the order and 1 the last; otherwise one panel per class,
/// each the mean probability of that class.
public struct PositionScale: Sendable, Equatable {
    public var labels: [String]
    /// The order of ranks, when given.
    public var order: [String]?

    /// - Throws: ``EvaluationError/invalidInput(_:)`` when `order` does not list each label exactly once.
    public init(labels: [String], order: [String]?) throws {
        if let order, Set(order) != Set(labels) || order.count != labels.count {
            throw EvaluationError.invalidInput(
                "--order must list each label once: \(labels.joined(separator: ","))")
        }
        self.labels = labels
        self.order = order
    }

    /// The panels: one value per article and panel.
    public var panels: [String] {
        if let order { return ["expected position (0 = \(order.first!), 1 = \(order.last!))"] }
        if labels.count == 2 { return ["P(\(labels[1]))"] }
        return labels.map { "P(\($0))" }
    }

    /// The article's value in each panel.
    public func values(_ probabilities: [Double]) -> [Double] {
        if let order {
            let k = Double(order.count - 1)
            return [
                labels.indices.reduce(0) { $0 + Double(order.firstIndex(of: labels[$1])!) * probabilities[$1] } / k
            ]
        }
        if labels.count == 2 { return [probabilities[1]] }
        return probabilities
    }
}

/// One source's position in every panel.
public struct SourcePosition: Sendable {
    public var source: String
    public var articles: Int
    public var values: [Double]
    /// `nil` under ``SourceAggregation/minimumForInterval`` articles.
    public var intervals: [Interval]?
    /// The label that colours it (majority gold label in `eval`, most frequent prediction in `score`).
    public var colourLabel: String?

    /// Positions per group of `keys` (duplicate texts once per group), sorted by the first panel's value.
    public static func make(
        keys: [String], probabilities: [[Double]], colourLabels: [String?], duplicateKeys: [UInt64],
        scale: PositionScale, settings: BootstrapSettings
    ) throws -> [SourcePosition] {
        var members: [String: [Int]] = [:]
        var seen: [String: Set<UInt64>] = [:]
        for (index, key) in keys.enumerated() where seen[key, default: []].insert(duplicateKeys[index]).inserted {
            members[key, default: []].append(index)
        }
        var result: [SourcePosition] = []
        for key in codePointSorted(members.keys) {
            let rows = members[key]!
            let values = rows.map { scale.values(probabilities[$0]) }
            let panels = scale.panels.count
            let means = (0..<panels).map { p in values.reduce(0) { $0 + $1[p] } / Double(rows.count) }
            var intervals: [Interval]?
            if rows.count >= SourceAggregation.minimumForInterval {
                var mixer = StableRandom(seed: settings.seed, stream: duplicateKey(of: key))
                let groupSettings = BootstrapSettings(
                    replicates: settings.replicates, seed: mixer.next(), confidence: settings.confidence)
                intervals = try (0..<panels).map { p in
                    try bootstrapMeanInterval(values.map { $0[p] }, settings: groupSettings)
                }
            }
            var counts: [String: Int] = [:]
            for row in rows { if let label = colourLabels[row] { counts[label, default: 0] += 1 } }
            let colour = codePointSorted(counts.keys).max {
                counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && $0 > $1)
            }
            result.append(
                SourcePosition(
                    source: key, articles: rows.count, values: means, intervals: intervals, colourLabel: colour))
        }
        return result.sorted {
            $0.values[0] != $1.values[0] ? $0.values[0] < $1.values[0] : codePointPrecedes([$0.source], [$1.source])
        }
    }

    /// One dot-and-interval figure per panel, dots coloured by ``colourLabel``.
    static func figures(
        _ positions: [SourcePosition], scale: PositionScale, colourTitle: String
    ) -> [String] {
        let colourLabels = scale.order ?? scale.labels
        let entries = colourLabels.enumerated().map { ($1, $0) }
        return scale.panels.enumerated().map { panel, title in
            let rows = positions.map { position in
                SVGChart.DotRow(
                    name: "\(position.source) (\(position.articles))", value: position.values[panel],
                    interval: position.intervals?[panel],
                    colour: position.colourLabel.flatMap { colourLabels.firstIndex(of: $0) } ?? 7,
                    hollow: position.intervals == nil,
                    tooltip: "\(position.source): \(formatFixed(position.values[panel], digits: 3)), "
                        + "\(position.articles) articles, \(colourTitle) \(position.colourLabel ?? "none")")
            }
            return SVGChart.dots(
                rows, axisTitle: title, label: "source positions: \(title)", legend: entries,
                legendTitle: colourTitle + ":")
        }
    }
}
