/// What `stance inspect` says about uncertainty: which coefficient statistics mean what they seem, the bootstrap
/// intervals, and the features that training never saw.
extension ModelInspection {
    /// Whether the Wald statistics (standard errors, z, p-values, intervals) of the coefficient table are shown:
    /// only for unpenalised fits, since under a ridge penalty the estimates are shrunk towards 0 and the Laplace
    /// standard errors describe a posterior, so that a p-value there does not mean what a reader thinks.
    public var showsWaldStatistics: Bool { !model.settings.C.isFinite }

    /// The line that explains why the coefficient table is left out for a penalised fit.
    static let penalisedNote =
        "p-values and Wald intervals are shown only for unpenalised fits (--C inf): under a penalty the estimates "
        + "are shrunk and a p-value does not mean what it seems; train --bootstrap N gives percentile intervals"

    /// The warning for Wald statistics when the labels are outlets' labels spread to their articles.
    static let outletLabelWarning =
        "the labels are outlets' labels spread to their articles: these standard errors, p-values and intervals "
        + "assume independent articles, which one outlet's articles are not (train --bootstrap N resamples outlets)"

    /// The warnings `inspect` gives for this model.
    public var warnings: [String] {
        var result: [String] = []
        let hasTable = model.subModels.contains { $0.classifier.coefficients != nil }
        if hasTable && showsWaldStatistics && model.supplement.labelsFromSources {
            result.append(Self.outletLabelWarning)
        }
        return result
    }

    /// The supplement of sub-model `index` (empty for a version-1 file).
    func supplement(_ index: Int) -> SubModelSupplement? {
        index < model.supplement.subModels.count ? model.supplement.subModels[index] : nil
    }

    /// Columns no training document had: stored since format version 2; for a version-1 file, columns whose every
    /// weight is exactly 0 (what every solver returns for a column with no entries, since the penalty's gradient
    /// alone acts on it).
    public func unseenColumns(_ index: Int) -> [Int] {
        if let stored = supplement(index), model.formatVersion >= 2 {
            return stored.unseenColumns
        }
        let classifier = model.subModels[index].classifier
        let d = classifier.featureCount
        return (0..<d).filter { j in (0..<classifier.weightRowCount).allSatisfy { classifier.weights[$0 * d + j] == 0 }
        }
    }

    /// The bootstrap interval of a top feature's weight, when the model has intervals.
    func bootstrapInterval(_ index: Int, label: String, feature: String) -> Interval? {
        guard let intervals = supplement(index)?.bootstrap else { return nil }
        let sub = model.subModels[index]
        let classifier = sub.classifier
        guard let column = sub.vocabulary.columnNames.firstIndex(of: feature) else { return nil }
        let row = classifier.weightRowCount == 1 ? 0 : classifier.labels.firstIndex(of: label)!
        return intervals.weight(row: row, feature: column, featureCount: classifier.featureCount)
    }

    /// A description of how the intervals were made.
    static func describe(_ intervals: WeightIntervals) -> String {
        let resampled =
            intervals.groupBy.map { "whole groups of '\($0)'" } ?? "documents within each class"
        return
            "\(Int((intervals.confidence * 100).rounded()))% percentile intervals from \(intervals.replicates) refits"
            + " on resampled \(resampled) (seed \(intervals.seed))"
            + (intervals.replicates < intervals.requested ? ", \(intervals.requested) asked for" : "")
    }

    /// The JSON members `inspect --format json` adds per sub-model.
    func statisticsJSON(_ index: Int) -> [(String, JSON)] {
        let names = model.subModels[index].vocabulary.columnNames
        var members: [(String, JSON)] = [
            ("unseen_features", .array(unseenColumns(index).map { .string(names[$0]) }))
        ]
        if let intervals = supplement(index)?.bootstrap {
            members.append(
                (
                    "bootstrap",
                    .object([
                        ("replicates", .int(intervals.replicates)), ("requested", .int(intervals.requested)),
                        ("group_by", .optional(intervals.groupBy)), ("seed", .string(String(intervals.seed))),
                        ("confidence", .double(intervals.confidence)),
                        ("intercept_low", .array(intervals.interceptLower.map(JSON.double))),
                        ("intercept_high", .array(intervals.interceptUpper.map(JSON.double))),
                    ])
                ))
        }
        if let rates = supplement(index)?.rates {
            members.append(
                (
                    "rates",
                    .object([
                        ("folds", .int(rates.folds)), ("group_by", .optional(rates.groupBy)),
                        ("documents", .int(rates.documents)),
                        ("true_positive", .object(zip(rates.labels, rates.truePositive).map { ($0, .double($1)) })),
                        ("false_positive", .object(zip(rates.labels, rates.falsePositive).map { ($0, .double($1)) })),
                    ])
                ))
        }
        return members
    }

    /// The lines `inspect` adds per sub-model after the strongest features.
    func statisticsLines(_ index: Int) -> [String] {
        var lines: [String] = []
        let names = model.subModels[index].vocabulary.columnNames
        if let intervals = supplement(index)?.bootstrap {
            lines.append("  bootstrap: \(Self.describe(intervals))")
        }
        if let rates = supplement(index)?.rates {
            let cells = rates.labels.indices.map {
                "\(rates.labels[$0]) tpr \(formatFixed(rates.truePositive[$0], digits: 3)) fpr \(formatFixed(rates.falsePositive[$0], digits: 3))"
            }
            lines.append(
                "  rates (\(rates.folds)-fold cross-validation\(rates.groupBy.map { " grouped by \($0)" } ?? ""), "
                    + "\(rates.documents) documents): \(cells.joined(separator: "; "))")
        }
        let unseen = unseenColumns(index)
        if !unseen.isEmpty {
            lines.append(
                "  features never seen in training (\(unseen.count); their weight 0 is the prior, not an estimate, "
                    + "and they have no standard error):")
            lines.append("    " + unseen.map { names[$0] }.joined(separator: ", "))
        }
        return lines
    }
}
