/// Why an evaluation could not be set up or its inputs were unusable: exit status 65 (bad data).
public enum EvaluationError: StanceFailure, Equatable, Sendable {
    /// Grouped cross-validation asked for more folds than there are groups.
    case fewerGroupsThanFolds(groups: Int, folds: Int)
    /// Ungrouped cross-validation asked for more folds than there are distinct documents (duplicates count once).
    case fewerDocumentsThanFolds(documents: Int, folds: Int)
    /// Grouped cross-validation with only two groups: every model is trained on one outlet and tested on the other.
    case onlyTwoGroups
    /// A training set (all folds but `fold`) would hold only documents labelled `label`.
    case singleClassTrainingFold(fold: Int, label: String)
    /// Inputs that do not fit together (lengths, label indices, probability rows).
    case invalidInput(String)
    /// An expectations file that cannot be read or understood.
    case invalidExpectations(file: String, reason: String)

    public var exitStatus: ExitStatus { .dataError }

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
        case .invalidInput(let reason):
            return "invalid evaluation input: \(reason)"
        case .invalidExpectations(let file, let reason):
            return "\(file): \(reason)"
        }
    }
}
