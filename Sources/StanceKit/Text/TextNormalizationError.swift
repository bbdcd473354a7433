/// Why text normalisation could not be set up.
///
/// Normalising a text never fails; only building a ``TextNormalizer`` (OpenCC must open its configuration) and
/// reading a mask-term file can (a malformed line of one is a ``TableFileError``).
public enum TextNormalizationError: StanceFailure, Equatable, Sendable {
    /// OpenCC could not open a conversion configuration such as `t2s.json` (Debian package `libopencc-data`).
    case openCCUnavailable(configuration: String, reason: String)
    /// A mask-term file could not be read.
    case cannotRead(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .openCCUnavailable: .software
        case .cannotRead: .noInput
        }
    }

    public var description: String {
        switch self {
        case .openCCUnavailable(let configuration, let reason):
            "cannot open the OpenCC configuration \(configuration) (is libopencc-data installed?): \(reason)"
        case .cannotRead(let path, let reason):
            "\(path): cannot read mask terms: \(reason)"
        }
    }
}
