/// An error of the feature stage.
public enum FeatureError: StanceFailure, Equatable, Sendable {
    /// A setting of ``FeatureConfiguration`` is out of range.
    case invalidConfiguration(String)
    /// Fitted vocabulary arrays that do not fit together (from a damaged model file).
    case inconsistentVocabulary(String)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidConfiguration: return .usage
        case .inconsistentVocabulary: return .dataError
        }
    }

    public var description: String {
        switch self {
        case .invalidConfiguration(let problem): return "invalid feature configuration: \(problem)"
        case .inconsistentVocabulary(let problem): return "inconsistent feature vocabulary: \(problem)"
        }
    }
}
