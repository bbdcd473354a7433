import Foundation

/// Where `stance score` finds its model: `--model`, else `$STANCE_MODEL`, else the default model of this copy of
/// stance, found from the executable's real path (``Installation``): `share/stance/models/default.stance` beside an
/// installed binary, `models/default.stance` in a source checkout, never anything in the current directory.
public enum ModelLocation {
    /// The model file to use.
    ///
    /// - Parameters:
    ///   - explicit: the `--model` argument, if any.
    ///   - environment: the process environment (`STANCE_MODEL`).
    ///   - installation: where this copy of stance keeps its files (the running process's by default).
    /// - Throws: ``ModelFileError/noModel(lookedIn:)`` (exit status 64) when none is found.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        installation: Installation = .current
    ) throws -> String {
        if let explicit { return explicit }
        if let fromEnvironment = environment["STANCE_MODEL"], !fromEnvironment.isEmpty { return fromEnvironment }
        if let found = installation.defaultModel { return found }
        throw ModelFileError.noModel(lookedIn: installation.modelsDirectory)
    }
}
