import Foundation

/// The plain-text tables `stance eval` prints besides ``EvaluationReport/table()``.
enum EvaluationTables {
    /// The C chosen in every training fold, with the figure `rule` ranked at each C of the grid (the mean inner
    /// score, or the pooled figure of the rules that read the inner folds' predictions), so that the chosen C is
    /// the best of the row shown.
    static func cChoices(_ choices: [CChoice], rule: CSelectionRule) -> String {
        guard let grid = choices.first?.grid else { return "" }
        var lines = ["C chosen by inner cross-validation, rule \(rule.rawValue) (\(rule.rankedFigure) per C):"]
        lines.append("fold  " + grid.map { String(format: "%8.4g", $0) }.joined() + "    chosen")
        for choice in choices {
            let name = choice.repetition > 0 ? "\(choice.repetition + 1).\(choice.fold + 1)" : "\(choice.fold + 1)"
            lines.append(
                name.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + (choice.ruleCurve ?? choice.meanScore).map { String(format: "%8.4f", $0) }.joined() + "    "
                    + String(format: "%.4g", choice.chosen))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The paired bootstrap of this run against another run's predictions file.
    static func comparison(_ outcomes: [PairedComparison], path: String, replicates: Int) -> String {
        var lines = ["paired bootstrap against \(path) (this run − other; \(replicates) replicates):"]
        for outcome in outcomes {
            let verdict = outcome.beyondChance ? "beyond chance" : "within chance"
            lines.append(
                "\(outcome.metric.rawValue): \(String(format: "%+.4f", outcome.difference)) 95% [\(String(format: "%+.4f", outcome.interval.low)), \(String(format: "%+.4f", outcome.interval.high))] \(verdict)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
