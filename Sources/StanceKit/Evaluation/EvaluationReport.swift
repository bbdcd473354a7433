/// A value in the free-form `settings` map of a result file.
public enum SettingValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
}

/// The result of an evaluation, written as the result JSON and as a plain-text table.
///
/// The JSON has exactly these top-level keys (in code-point order, `f_avg` only when an averaged label subset was
/// requested):
///
/// ```
/// accuracy, brier, ci95 {metric: [low, high]}, confusion {labels, matrix}, ece, f_avg, folds [{metric: value}],
/// log_loss, macro_f1, per_class {label: {f1, precision, recall, support}}, per_target {target: {…}}, settings {…}
/// ```
///
/// Each `per_target` entry holds the same metric keys as the top level (accuracy … per_class, confusion). Output is
/// byte-for-byte deterministic: sorted keys, shortest round-trip numbers.
public struct EvaluationReport: Equatable, Sendable {
    public var metrics: ClassificationMetrics
    public var perTarget: [TargetMetrics]
    /// Metric values per fold, in fold order (empty when not cross-validated).
    public var folds: [[String: Double]]
    /// 95% bootstrap intervals keyed by metric name
    /// (see ``bootstrapIntervals(gold:probabilities:labels:averagedLabels:groups:settings:)``).
    public var ci95: [String: Interval]
    public var settings: [String: SettingValue]
    /// Further top-level members of the result JSON (e.g. `per_group`, added by ``attach(_:)``).
    var extraMembers: [String: JSON] = [:]

    public init(
        metrics: ClassificationMetrics, perTarget: [TargetMetrics] = [], folds: [[String: Double]] = [],
        ci95: [String: Interval] = [:], settings: [String: SettingValue] = [:]
    ) {
        self.metrics = metrics
        self.perTarget = perTarget
        self.folds = folds
        self.ci95 = ci95
        self.settings = settings
    }

    /// The result JSON, ending with a newline.
    public func jsonText() -> String {
        var root = Self.metricMembers(metrics)
        var targets: [String: JSON] = [:]
        for entry in perTarget { targets[entry.target] = .sortedObject(Self.metricMembers(entry.metrics)) }
        root["per_target"] = .sortedObject(targets)
        root["folds"] = .array(folds.map { fold in .sortedObject(fold.mapValues { .double($0) }) })
        root["ci95"] = .sortedObject(ci95.mapValues { .array([.double($0.low), .double($0.high)]) })
        root["settings"] = .sortedObject(
            settings.mapValues { value in
                switch value {
                case .string(let text): return .string(text)
                case .integer(let number): return .int(number)
                case .number(let number): return .double(number)
                }
            })
        root.merge(extraMembers) { _, added in added }
        return JSON.sortedObject(root).rendered(layout: .report) + "\n"
    }

    static func metricMembers(_ metrics: ClassificationMetrics) -> [String: JSON] {
        var members: [String: JSON] = [
            "accuracy": .double(metrics.accuracy),
            "macro_f1": .double(metrics.macroF1),
            "log_loss": .double(metrics.logLoss),
            "brier": .double(metrics.brier),
            "ece": .double(metrics.ece),
        ]
        if let fAvg = metrics.fAvg { members["f_avg"] = .double(fAvg) }
        var perClass: [String: JSON] = [:]
        for (label, entry) in zip(metrics.labels, metrics.perClass) {
            perClass[label] = .sortedObject([
                "precision": .double(entry.precision), "recall": .double(entry.recall), "f1": .double(entry.f1),
                "support": .int(entry.support),
            ])
        }
        members["per_class"] = .sortedObject(perClass)
        members["confusion"] = .sortedObject([
            "labels": .array(metrics.labels.map { .string($0) }),
            "matrix": .array(metrics.confusion.map { row in .array(row.map { .int($0) }) }),
        ])
        return members
    }

    /// A plain-text rendering for standard output: headline metrics with intervals, per-class table, confusion
    /// matrix, per-target summary and the fold spread.
    public func table() -> String {
        var lines: [String] = []
        var headline: [[String]] = [["metric", "value", "95% interval"]]
        for metric in HeadlineMetric.allCases {
            guard let value = metrics.value(of: metric) else { continue }
            let interval = ci95[metric.rawValue].map {
                "[\(formatFixed($0.low, digits: 4)), \(formatFixed($0.high, digits: 4))]"
            }
            headline.append([metric.rawValue, formatFixed(value, digits: 4), interval ?? "-"])
        }
        lines += renderColumns(headline, rightAligned: [1])
        lines.append("")
        var classes: [[String]] = [["label", "precision", "recall", "f1", "support"]]
        for (label, entry) in zip(metrics.labels, metrics.perClass) {
            classes.append([
                label, formatFixed(entry.precision, digits: 4), formatFixed(entry.recall, digits: 4),
                formatFixed(entry.f1, digits: 4),
                String(entry.support),
            ])
        }
        lines += renderColumns(classes, rightAligned: [1, 2, 3, 4])
        lines.append("")
        var confusion: [[String]] = [["gold \\ predicted"] + metrics.labels]
        for (label, row) in zip(metrics.labels, metrics.confusion) { confusion.append([label] + row.map(String.init)) }
        lines += renderColumns(confusion, rightAligned: Set(1...max(metrics.labels.count, 1)))
        if !perTarget.isEmpty {
            lines.append("")
            var targets: [[String]] = [["target", "documents", "accuracy", "macro_f1"]]
            let withFAvg = metrics.fAvg != nil
            if withFAvg { targets[0].append("f_avg") }
            for entry in perTarget {
                var row = [
                    entry.target, String(entry.metrics.documentCount), formatFixed(entry.metrics.accuracy, digits: 4),
                    formatFixed(entry.metrics.macroF1, digits: 4),
                ]
                if withFAvg { row.append(entry.metrics.fAvg.map { formatFixed($0, digits: 4) } ?? "-") }
                targets.append(row)
            }
            lines += renderColumns(targets, rightAligned: [1, 2, 3, 4])
        }
        if !folds.isEmpty {
            lines.append("")
            let summary = FoldSummary(values: folds)
            var spread: [[String]] = [["metric", "mean", "sd", "folds"]]
            for name in summary.mean.keys.sortedByCodePoint() {
                spread.append([
                    name, formatFixed(summary.mean[name]!, digits: 4),
                    formatFixed(summary.standardDeviation[name]!, digits: 4),
                    String(folds.count),
                ])
            }
            lines += renderColumns(spread, rightAligned: [1, 2, 3])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The number of terminal columns `text` takes: 2 for East Asian wide scalars (Han, kana, Hangul, full-width
/// forms), 0 for combining marks, 1 otherwise.
func displayWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        let value = scalar.value
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F: continue
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x20000...0x3FFFD:
            width += 2
        default: width += 1
        }
    }
    return width
}

/// Renders rows as space-separated columns padded to the widest cell (by display width), two spaces apart.
func renderColumns(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
    let columns = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) } }
    return rows.map { row in
        var line = ""
        for (index, cell) in row.enumerated() {
            let padding = String(repeating: " ", count: widths[index] - displayWidth(cell))
            if index > 0 { line += "  " }
            line += rightAligned.contains(index) ? padding + cell : cell + (index + 1 < row.count ? padding : "")
        }
        return line
    }
}
