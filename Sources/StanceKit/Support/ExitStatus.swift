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

/// The one protocol of every error the library throws: it knows the exit status it ends the process with, and its
/// ``description`` is one lower-case sentence for the user, naming the file (and line) where there is one, never a
/// Foundation, decoding or system error's own text. The command line maps errors to exit statuses in one place
/// (`Stance.report`).
public protocol StanceFailure: Error, CustomStringConvertible {
    /// The status the process ends with when this error stops it.
    var exitStatus: ExitStatus { get }
}
