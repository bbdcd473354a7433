/// Why a model file cannot be read (one sentence, exit status 65), or none was found (exit status 64).
public enum ModelFileError: StanceFailure, Equatable {
    case foreign(path: String)
    case newerVersion(path: String, version: UInt32)
    case truncated(path: String, expected: Int, found: Int)
    case corrupted(path: String, reason: String)
    /// No `--model`, no `$STANCE_MODEL` and no default model where this stance keeps its models (``ModelLocation``).
    case noModel(lookedIn: String?)

    public var exitStatus: ExitStatus {
        if case .noModel = self { return .usage }
        return .dataError
    }

    public var description: String {
        switch self {
        case .foreign(let path):
            return "\(path): not a stance model file (it does not start with the stance model signature)"
        case .newerVersion(let path, let version):
            return
                "\(path): written by a newer stance (model format version \(version); this stance reads up to version \(ModelFile.newestFormatVersion)): upgrade stance to use it"
        case .truncated(let path, let expected, let found):
            return "\(path): the model file is truncated: it should hold \(expected) bytes but holds \(found)"
        case .corrupted(let path, let reason):
            return "\(path): the model file is corrupted: \(reason)"
        case .noModel(let directory):
            return
                "no model: pass --model MODEL, set STANCE_MODEL, or train one with 'stance train --data FILE --out MODEL' "
                + (directory.map { "(no default.stance in \($0))" }
                    ?? "(this stance is neither installed nor in a source checkout, so it has no default model)")
        }
    }
}
