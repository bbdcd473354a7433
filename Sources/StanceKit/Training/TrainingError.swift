/// Why a labeled set cannot be trained on (exit status 65): found before any work is done.
public enum TrainingError: StanceFailure, Equatable {
    case missingLabel(location: SourceLocation, id: String, field: String)
    case singleClass(label: String, count: Int, target: String?)
    case singletonClass(label: String, location: SourceLocation, target: String?)
    case missingTarget(location: SourceLocation, id: String)
    case unlabeledOutlets([String], file: String)
    case unknownLabels([String], known: [String])
    /// Nothing survived the vocabulary's document-frequency limits: a model would have no feature.
    case noFeatures(documents: Int, minDF: Int, target: String?)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        func scope(_ target: String?) -> String { target.map { " for target '\($0)'" } ?? "" }
        switch self {
        case .missingLabel(let location, let id, let field):
            return "\(location): document '\(id)' has no label (field '\(field)'); every training document needs one"
        case .singleClass(let label, let count, let target):
            return
                "the training data\(scope(target)) has a single class, '\(label)' (\(count) documents): a classifier needs at least two"
        case .singletonClass(let label, let location, let target):
            return
                "\(location): class '\(label)'\(scope(target)) has only this one example: every class needs at least two"
        case .missingTarget(let location, let id):
            return "\(location): document '\(id)' has no target, but --per-target trains one model per target"
        case .unlabeledOutlets(let outlets, let file):
            let shown = outlets.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
            let more = outlets.count > 20 ? " and \(outlets.count - 20) more" : ""
            return
                "\(outlets.count) outlet\(outlets.count == 1 ? " is" : "s are") not in \(file): \(shown)\(more) (add them, or pass --skip-unlabeled)"
        case .noFeatures(let documents, let minDF, let target):
            return
                "no feature is left to train on\(scope(target)): no n-gram occurs in at least \(minDF) of the \(documents) training documents (--min-df \(minDF)) within the --max-df limit, and there is no lexicon column: lower --min-df or raise --max-df"
        case .unknownLabels(let labels, let known):
            return
                "labels not known to the model: \(labels.joined(separator: ", ")) (the model knows \(known.joined(separator: ", ")))"
        }
    }
}
