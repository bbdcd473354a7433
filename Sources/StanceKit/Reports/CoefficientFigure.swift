/// The coefficient plot of a report: the strongest features per class with their weights and, where the fit has
/// them, intervals (the bootstrap's percentile intervals from `train --bootstrap N`, else the Wald intervals of an
/// unpenalised fit; a penalised fit without a bootstrap has none).
public enum CoefficientFigure {
    /// One figure per sub-model (two classes: one, the weights of the second label, the features of both sides;
    /// more: one per class), each with its caption.
    public static func figures(_ model: StanceModel, top: Int = 10) -> [(svg: String, caption: String)] {
        let inspection = ModelInspection(model: model, top: top)
        var result: [(String, String)] = []
        for (index, sub) in model.subModels.enumerated() {
            let classifier = sub.classifier
            let names = sub.vocabulary.columnNames
            let d = classifier.featureCount
            let bootstrap = index < model.supplement.subModels.count ? model.supplement.subModels[index].bootstrap : nil
            func interval(row: Int, feature: Int) -> Interval? {
                if let bootstrap { return bootstrap.weight(row: row, feature: feature, featureCount: d) }
                guard !model.settings.C.isFinite, let table = classifier.coefficients else { return nil }
                // The table's rows are log-odds against the first label: for two classes, those of row 0.
                guard classifier.weightRowCount == 1,
                    let entry = table.rows.first(where: { $0.feature == feature })
                else { return nil }
                return Interval(low: entry.lower, high: entry.upper)
            }
            let kind =
                bootstrap != nil
                ? "bootstrap 95% intervals"
                : (interval(row: 0, feature: 0) != nil
                    ? "Wald 95% intervals" : "no intervals (penalised fit; train --bootstrap N gives them)")
            let target = sub.target.map { "target '\($0)': " } ?? ""
            let panels: [(row: Int, title: String, features: [(label: String, feature: String)])]
            let strongest = inspection.topFeatures(sub)
            if classifier.weightRowCount == 1 {
                let features = strongest.flatMap { entry in entry.features.map { (entry.label, $0.feature) } }
                panels = [(0, "weight toward \(classifier.labels[1]) (log-odds)", features)]
            } else {
                panels = strongest.enumerated().map { row, entry in
                    (row, "weight for \(entry.label) (logit)", entry.features.map { (entry.label, $0.feature) })
                }
            }
            for panel in panels {
                let rows = panel.features.compactMap { label, name -> SVGChart.DotRow? in
                    guard let column = names.firstIndex(of: name) else { return nil }
                    let weight = classifier.weights[panel.row * d + column]
                    let bounds = interval(row: panel.row, feature: column)
                    return SVGChart.DotRow(
                        name: name, value: weight, interval: bounds,
                        colour: classifier.labels.firstIndex(of: label) ?? 7,
                        tooltip: "\(name): \(formatFixed(weight, digits: 4))"
                            + (bounds.map { " [\(formatFixed($0.low, digits: 3)), \(formatFixed($0.high, digits: 3))]" }
                                ?? ""))
                }.sorted { $0.value > $1.value }
                guard !rows.isEmpty else { continue }
                let extent = rows.map { max(abs($0.value), abs($0.interval?.low ?? 0), abs($0.interval?.high ?? 0)) }
                    .max()!
                let limit = max(extent * 1.05, 1e-6)
                let svg = SVGChart.dots(
                    rows, low: -limit, high: limit, axisTitle: panel.title, label: "coefficients: \(panel.title)",
                    legend: classifier.labels.enumerated().map { ($1, $0) }, legendTitle: "favours:")
                result.append((svg, "\(target)strongest features, \(panel.title); \(kind)"))
            }
        }
        return result
    }
}
