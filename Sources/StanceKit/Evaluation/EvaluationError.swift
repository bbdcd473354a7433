/// Why an evaluation could not be set up, its inputs were unusable (exit status 65, bad data), or its results missed
/// the floors of `--expect` (exit status 1).
public enum EvaluationError: StanceFailure, Equatable, Sendable {
    /// Grouped cross-validation asked for more folds than there are groups.
    case fewerGroupsThanFolds(groups: Int, folds: Int)
    /// Ungrouped cross-validation asked for more folds than there are distinct documents (duplicates count once).
    case fewerDocumentsThanFolds(documents: Int, folds: Int)
    /// Grouped cross-validation with only two groups: every model is trained on one outlet and tested on the other.
    case onlyTwoGroups
    /// A training set (all folds but `fold`) would hold only documents labelled `label`.
    case singleClassTrainingFold(fold: Int, label: String)
    /// A training set (all folds but `fold`) would hold one document of a class (`label` is the stratum: the label,
    /// or target U+001F label), which training refuses.
    case singletonClassTrainingFold(fold: Int, folds: Int, label: String, documents: Int, grouped: Bool)
    /// Inputs that do not fit together (lengths, label indices, probability rows).
    case invalidInput(String)
    /// An expectations file that cannot be read or understood.
    case invalidExpectations(file: String, reason: String)
    /// A line of a `--compare` file that is not a `stance eval --predictions` line.
    case invalidPredictions(file: String, line: Int)
    /// A `--compare` file without a prediction for a document (and repeat) of this run.
    case missingPrediction(file: String, id: String, repetition: Int)
    /// A `--c-trace` file that cannot be understood.
    case invalidTrace(file: String, reason: String)
    /// `--f1-labels` names a label no document carries.
    case unknownAveragedLabel(String, labels: [String])
    /// `--expect` floors not met: `failed` of `checks` checks failed.
    case expectationsNotMet(failed: Int, checks: Int)

    public var exitStatus: ExitStatus {
        switch self {
        case .expectationsNotMet: return .checkFailed
        case .unknownAveragedLabel: return .usage
        default: return .dataError
        }
    }

    public var description: String {
        switch self {
        case .fewerGroupsThanFolds(let groups, let folds):
            return "cannot split \(groups) groups into \(folds) folds: fewer groups than folds"
        case .fewerDocumentsThanFolds(let documents, let folds):
            return "cannot split \(documents) distinct documents into \(folds) folds: fewer documents than folds"
        case .onlyTwoGroups:
            return "only two groups in all: each model would be trained on one group and tested on the other; "
                + "use more groups or evaluate without grouping"
        case .singleClassTrainingFold(let fold, let label):
            return "the training set for fold \(fold + 1) holds only the label \"\(label)\": "
                + "the groups are too unevenly labelled for this many folds"
        case .singletonClassTrainingFold(let fold, let folds, let stratum, let documents, let grouped):
            let parts = stratum.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            let named =
                parts.count == 2 ? "class '\(parts[1])' of target '\(parts[0])'" : "class '\(stratum)'"
            // Ungrouped folds hold about n/k documents of a class, so training keeps n - ceil(n/k) of them.
            var needed = 2
            while needed - (needed + folds - 1) / folds < 2 { needed += 1 }
            let hint =
                grouped
                ? "the groups put all but one of them in one fold; use fewer folds or more groups"
                : "with \(folds) folds a class needs at least \(needed) documents"
            return "\(named) has \(documents) documents, and the training set for fold \(fold + 1) of \(folds) holds "
                + "only one of them, but training needs at least two per class: \(hint)"
        case .invalidInput(let reason):
            return "invalid evaluation input: \(reason)"
        case .invalidExpectations(let file, let reason):
            return "\(file): \(reason)"
        case .invalidPredictions(let file, let line):
            return "\(file):\(line): expected a stance eval --predictions line"
        case .missingPrediction(let file, let id, let repetition):
            return
                "\(file) has no prediction for document '\(id)' (repeat \(repetition)): compare runs on the same data"
        case .invalidTrace(let file, let reason):
            return "\(file): not a stance C trace: \(reason)"
        case .unknownAveragedLabel(let label, let labels):
            return "--f1-labels: no document is labelled '\(label)' (labels: \(labels.joined(separator: ", ")))"
        case .expectationsNotMet(let failed, let checks):
            return "expectations not met: \(failed) of \(checks) checks failed"
        }
    }
}
