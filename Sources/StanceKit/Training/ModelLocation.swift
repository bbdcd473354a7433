import Foundation

/// Where `stance score` finds its model: `--model`, else `$STANCE_MODEL`, else the default model installed with
/// stance (`../share/stance/models/default.stance` beside the executable's folder, or `models/default.stance` of
/// the repository the executable was built in).
public enum ModelLocation {
    /// The model file to use.
    ///
    /// - Parameters:
    ///   - explicit: the `--model` argument, if any.
    ///   - environment: the process environment (`STANCE_MODEL`).
    ///   - executable: the path the executable was started by (symbolic links are followed).
    /// - Throws: ``ModelFileError/noModel`` (exit status 64) when none is found.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = CommandLine.arguments[0]
    ) throws -> String {
        if let explicit { return explicit }
        if let fromEnvironment = environment["STANCE_MODEL"], !fromEnvironment.isEmpty { return fromEnvironment }
        let folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            folder.appendingPathComponent("../share/stance/models/default.stance").standardized.path,
            folder.appendingPathComponent("../../models/default.stance").standardized.path,
            folder.appendingPathComponent("../../../models/default.stance").standardized.path,
        ]
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw ModelFileError.noModel
    }
}
