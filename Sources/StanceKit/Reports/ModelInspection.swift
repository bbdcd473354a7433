import Foundation

/// What `stance inspect` shows of a model: settings, training data, strongest features per class and, for models
/// fitted by Newton's method, the coefficient table.
public struct ModelInspection: Sendable {
    public let model: StanceModel
    public let top: Int

    public init(model: StanceModel, top: Int) {
        self.model = model
        self.top = max(0, top)
    }

    /// A feature and its weight for a class.
    public struct WeightedFeature: Sendable, Equatable {
        public var feature: String
        public var weight: Double
    }

    /// The strongest features for each class of a sub-model: for two classes, the largest positive weights favour
    /// the second label and the most negative the first; for more, each class's largest weights.
    public func topFeatures(_ sub: StanceModel.SubModel) -> [(label: String, features: [WeightedFeature])] {
        let classifier = sub.classifier
        let names = sub.vocabulary.columnNames
        let d = classifier.featureCount
        func strongest(row: Int, sign: Double) -> [WeightedFeature] {
            (0..<d).filter { sign * classifier.weights[row * d + $0] > 0 }
                .sorted {
                    let a = sign * classifier.weights[row * d + $0]
                    let b = sign * classifier.weights[row * d + $1]
                    return a != b ? a > b : $0 < $1
                }
                .prefix(top)
                .map { WeightedFeature(feature: names[$0], weight: classifier.weights[row * d + $0]) }
        }
        if classifier.weightRowCount == 1 {
            return [
                (classifier.labels[0], strongest(row: 0, sign: -1)), (classifier.labels[1], strongest(row: 0, sign: 1)),
            ]
        }
        return classifier.labels.enumerated().map { ($1, strongest(row: $0, sign: 1)) }
    }

    public var json: JSON {
        let settings = model.settings.json
        return .object([
            ("format_version", .int(Int(model.formatVersion))),
            ("labels", .array(model.labels.map(JSON.string))),
            ("settings", settings),
            (
                "training",
                .object([
                    ("documents", .int(model.summary.documentCount)),
                    (
                        "class_counts",
                        .object(
                            codePointSorted(model.summary.classCounts.keys).map {
                                ($0, .int(model.summary.classCounts[$0]!))
                            })
                    ),
                    ("input_hash", .string(model.summary.inputHash)),
                ])
            ),
            ("lexicon_concepts", .array((model.lexicon?.concepts ?? []).map(JSON.string))),
            ("labels_from_sources", .bool(model.supplement.labelsFromSources)),
            ("warnings", .array(warnings.map(JSON.string))),
            (
                "sub_models",
                .array(
                    model.subModels.enumerated().map { subIndex, sub in
                        var members: [(String, JSON)] = [
                            ("target", .optional(sub.target)),
                            ("documents", .int(sub.vocabulary.documentCount)),
                            ("class_counts", .object(sub.classCounts.map { ($0.label, JSON.int($0.count)) })),
                            ("features", .int(sub.classifier.featureCount)),
                            ("iterations", .int(sub.classifier.iterations)),
                            ("converged", .bool(sub.classifier.converged)),
                            ("objective", .double(sub.classifier.objective)),
                            (
                                "intercepts",
                                .array(sub.classifier.intercepts.map(JSON.double))
                            ),
                            (
                                "top_features",
                                .object(
                                    topFeatures(sub).map { entry in
                                        (
                                            entry.label,
                                            .array(
                                                entry.features.map { feature in
                                                    var fields: [(String, JSON)] = [
                                                        ("feature", .string(feature.feature)),
                                                        ("weight", .double(feature.weight)),
                                                    ]
                                                    if let interval = bootstrapInterval(
                                                        subIndex, label: entry.label, feature: feature.feature)
                                                    {
                                                        fields.append(
                                                            (
                                                                "ci95_bootstrap",
                                                                .array([.double(interval.low), .double(interval.high)])
                                                            ))
                                                    }
                                                    return .object(fields)
                                                })
                                        )
                                    })
                            ),
                        ]
                        if let table = sub.classifier.coefficients {
                            if showsWaldStatistics {
                                members.append(
                                    (
                                        "coefficients",
                                        coefficientJSON(
                                            table, names: sub.vocabulary.columnNames,
                                            unseen: Set(unseenColumns(subIndex)))
                                    ))
                            } else {
                                members.append(("coefficients_omitted", .string(Self.penalisedNote)))
                            }
                        }
                        members.append(contentsOf: statisticsJSON(subIndex))
                        return .object(members)
                    })
            ),
        ])
    }

    private func coefficientJSON(_ table: CoefficientTable, names: [String], unseen: Set<Int>) -> JSON {
        .object([
            ("reference", .string(table.referenceLabel)),
            (
                "rows",
                .array(
                    table.rows.filter { !unseen.contains($0.feature ?? -1) }.map { row in
                        .object([
                            ("label", .string(row.label)),
                            ("feature", .string(row.feature.map { names[$0] } ?? "(intercept)")),
                            ("estimate", .double(row.estimate)), ("std_error", .double(row.standardError)),
                            ("z", .double(row.z)), ("p_value", .double(row.pValue)),
                            ("ci95_low", .double(row.lower)), ("ci95_high", .double(row.upper)),
                        ])
                    })
            ),
        ])
    }

    public func table() -> String {
        var lines: [String] = []
        lines.append("stance model (format version \(model.formatVersion))")
        lines.append("labels: \(model.labels.joined(separator: ", "))")
        lines.append("settings: \(model.settings.json.rendered())")
        let counts = codePointSorted(model.summary.classCounts.keys).map { "\($0) \(model.summary.classCounts[$0]!)" }
        lines.append(
            "training data: \(model.summary.documentCount) documents (\(counts.joined(separator: ", "))), inputs \(model.summary.inputHash)"
        )
        if let lexicon = model.lexicon {
            lines.append("lexicon: \(lexicon.concepts.count) concepts, \(lexicon.entries.count) terms")
        }
        if let minimum = model.supplement.minimumEvidence {
            lines.append("default --min-evidence: \(minimum)")
        }
        if let card = model.supplement.card {
            lines.append("")
            lines.append("model card:")
            lines.append(contentsOf: card.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        for (subIndex, sub) in model.subModels.enumerated() {
            lines.append("")
            let title = sub.target.map { "target '\($0)'" } ?? "model"
            lines.append(
                "\(title): \(sub.vocabulary.documentCount) documents, \(sub.classifier.featureCount) features, "
                    + "\(sub.classifier.iterations) iterations, \(sub.classifier.converged ? "converged" : "NOT converged"), objective \(sub.classifier.objective)"
            )
            for (label, features) in topFeatures(sub) {
                lines.append("  strongest features for \(label):")
                for feature in features {
                    let interval = bootstrapInterval(subIndex, label: label, feature: feature.feature).map {
                        "  [\(formatFixed($0.low, digits: 3)), \(formatFixed($0.high, digits: 3))]"
                    }
                    lines.append(
                        "    \(formatFixed(feature.weight, digits: 4).leftPadded(9))\(interval ?? "")  \(feature.feature)"
                    )
                }
            }
            lines.append(contentsOf: statisticsLines(subIndex))
            if sub.classifier.coefficients != nil && !showsWaldStatistics {
                lines.append("  coefficients: \(Self.penalisedNote)")
            }
            if let table = sub.classifier.coefficients, showsWaldStatistics {
                let unseen = Set(unseenColumns(subIndex))
                let names = sub.vocabulary.columnNames
                let labelWidth = max(5, table.rows.map { $0.label.unicodeScalars.count }.max() ?? 0)
                let featureWidth = max(
                    11, table.rows.compactMap { $0.feature.map { names[$0].unicodeScalars.count } }.max() ?? 0)
                lines.append(
                    "  coefficients (log-odds against '\(table.referenceLabel)'; SE from the inverse Hessian):")
                lines.append(
                    "    \("label".rightPadded(labelWidth)) \("feature".rightPadded(featureWidth))   estimate   std.err        z        p   95% interval"
                )
                for row in table.rows where !unseen.contains(row.feature ?? -1) {
                    let feature = row.feature.map { names[$0] } ?? "(intercept)"
                    lines.append(
                        "    \(row.label.rightPadded(labelWidth)) \(feature.rightPadded(featureWidth)) \(formatFixed(row.estimate, digits: 4).leftPadded(10)) \(formatFixed(row.standardError, digits: 4).leftPadded(9)) \(formatFixed(row.z, digits: 2).leftPadded(8)) \(formatPValue(row.pValue).leftPadded(8))   [\(formatFixed(row.lower, digits: 3)), \(formatFixed(row.upper, digits: 3))]"
                    )
                }
            }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Top features (and coefficient rows) as CSV: `target,kind,label,feature,weight,std_error,z,p_value,ci95_low,ci95_high`.
    public func csv() -> String {
        var lines = ["target,kind,label,feature,weight,std_error,z,p_value,ci95_low,ci95_high"]
        for (subIndex, sub) in model.subModels.enumerated() {
            let target = csvField(sub.target ?? "")
            for (label, features) in topFeatures(sub) {
                for feature in features {
                    let interval = bootstrapInterval(subIndex, label: label, feature: feature.feature)
                    lines.append(
                        "\(target),top_feature,\(csvField(label)),\(csvField(feature.feature)),\(feature.weight),,,,"
                            + (interval.map { "\($0.low),\($0.high)" } ?? ","))
                }
            }
            if let table = sub.classifier.coefficients, showsWaldStatistics {
                let names = sub.vocabulary.columnNames
                let unseen = Set(unseenColumns(subIndex))
                for row in table.rows where !unseen.contains(row.feature ?? -1) {
                    let feature = row.feature.map { names[$0] } ?? "(intercept)"
                    lines.append(
                        "\(target),coefficient,\(csvField(row.label)),\(csvField(feature)),\(row.estimate),\(row.standardError),\(row.z),\(row.pValue),\(row.lower),\(row.upper)"
                    )
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ModelInspection {
    /// The header of ``writeWeights(_:)``'s CSV.
    public static let weightsHeader = "target,output,feature,weight"

    /// Every weight and intercept of every sub-model, one CSV line each (after ``weightsHeader``):
    /// `target,output,feature,weight`, feature `(intercept)` for the intercepts. `output` is the label whose logit
    /// the weight adds to: every label for three or more classes; for two classes the model has one weight vector,
    /// that of the second label in code-point order (the first label's logit is 0), as in scikit-learn.
    /// Lines go to `emit` one at a time, so a model with a million features is never held as one string.
    public func writeWeights(_ emit: (String) throws -> Void) rethrows {
        try emit(Self.weightsHeader + "\n")
        for sub in model.subModels {
            let target = csvField(sub.target ?? "")
            let classifier = sub.classifier
            let names = sub.vocabulary.columnNames.map(csvField)
            let d = classifier.featureCount
            let outputs = classifier.weightRowCount == 1 ? [classifier.labels[1]] : classifier.labels
            for (row, label) in outputs.enumerated() {
                let output = csvField(label)
                for feature in 0..<d {
                    try emit("\(target),\(output),\(names[feature]),\(classifier.weights[row * d + feature])\n")
                }
                try emit("\(target),\(output),(intercept),\(classifier.intercepts[row])\n")
            }
        }
    }
}

/// A p-value for a table: four decimals, or `<1e-4`.
func formatPValue(_ p: Double) -> String { p < 1e-4 ? "<1e-4" : formatFixed(p, digits: 4) }

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
public func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension String {
    /// The string padded with spaces on the left to `width` scalars.
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - unicodeScalars.count)) + self
    }

    /// The string padded with spaces on the right to `width` scalars.
    func rightPadded(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - unicodeScalars.count))
    }
}
