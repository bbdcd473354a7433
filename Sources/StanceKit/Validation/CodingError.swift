/// Why coding sheets, a sample file or a label map cannot be used: exit status 65 (bad data) unless stated.
public enum CodingError: StanceFailure, Equatable, Sendable {
    /// Two documents of the corpus share an id, so units could not be joined back to them.
    case duplicateDocument(id: String, location: SourceLocation, first: SourceLocation)
    /// A sheet or sample file with a problem at a line (0 when not tied to a line).
    case invalidFile(path: String, line: Int, reason: String)
    /// A code with no counterpart among the model's labels and no `--label-map` entry.
    case unmappedCode(code: String, path: String, modelLabels: [String])
    /// Gold labels the model does not know (held-out evaluation).
    case unknownGoldLabels(labels: [String], modelLabels: [String])
    /// Inputs that cannot give an agreement figure (e.g. fewer than two coders with codes).
    case insufficient(String)
    /// A request that cannot work as given (exit status 64).
    case usage(String)

    public var exitStatus: ExitStatus {
        if case .usage = self { return .usage }
        return .dataError
    }

    public var description: String {
        switch self {
        case .duplicateDocument(let id, let location, let first):
            return "\(location): document id '\(id)' appears twice (first at \(first)); units need unique ids"
        case .invalidFile(let path, let line, let reason):
            return line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)"
        case .unmappedCode(let code, let path, let modelLabels):
            return "\(path): code '\(code)' is not one of the model's labels ("
                + modelLabels.joined(separator: ", ")
                + ") and --label-map does not map it (write LABEL=\(code), or \(code)=_drop to leave it out)"
        case .unknownGoldLabels(let labels, let modelLabels):
            return "gold label(s) " + labels.map { "'\($0)'" }.joined(separator: ", ")
                + " are not among the model's labels (" + modelLabels.joined(separator: ", ")
                + "): map them with --label-map MODEL_LABEL=GOLD,… or leave them out with GOLD=_drop"
        case .insufficient(let reason), .usage(let reason):
            return reason
        }
    }
}
