/// Inputs a statistical routine cannot work with (lengths that do not match, too few replicates, nothing to
/// resample): exit status 65, bad data.
public enum StatisticsError: StanceFailure, Equatable, Sendable {
    case invalidInput(String)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .invalidInput(let reason): return "invalid input: \(reason)"
        }
    }
}
