/// The process exit statuses every `stance` subcommand uses (BSD `sysexits.h` where one fits).
///
/// | status | meaning |
/// | --- | --- |
/// | 0 | success |
/// | 1 | a regression check failed (`eval --expect`) |
/// | 64 | wrong usage |
/// | 65 | bad data |
/// | 66 | an input file that does not exist |
/// | 70 | an internal error |
/// | 74 | a read or write error |
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    case checkFailed = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case software = 70
    case ioError = 74
}

/// An error that knows which exit status it should end the process with.
public protocol StanceFailure: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}
