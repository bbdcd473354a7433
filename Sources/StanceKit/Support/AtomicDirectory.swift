import CSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a directory of files that belong together (a report: `report.html` and its figures) so that they appear
/// together: everything is written into a temporary directory beside the destination, which is then renamed into
/// place. An earlier report at the destination is swapped out in one step (`renameat2` with `RENAME_EXCHANGE`) and
/// then removed, so a reader sees the old report or the new one, never a mixture.
///
/// Only a new path, an empty directory or an earlier report (a directory holding `marker`) is replaced: a directory
/// with other files is refused, and so is anything that is not a directory (exit status 74, one sentence each).
public enum AtomicDirectory {
    /// Calls `body` with a new, empty temporary directory, then moves it to `path`.
    ///
    /// - Parameters:
    ///   - what: what the directory is, for the sentence of an error (`"the report directory"`).
    ///   - marker: a file name that marks a directory as an earlier one of the same kind, safe to replace.
    /// - Throws: ``IOFailure`` (exit status 74) naming `path`, and whatever `body` throws (the temporary directory
    ///   is removed and `path` left as it was).
    public static func write(
        to path: String, what: String, marker: String, _ body: (String) throws -> Void
    ) throws {
        let destination = try resolve(path, what: what, marker: marker)
        let parent = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        let temporary =
            (parent.isEmpty ? "." : parent) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // Missing parent directories are made, as `mkdir -p` would.
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw IOFailure.creating(parent, what: "the directory for \(what)")
            }
        }
        if mkdir(temporary, 0o755) != 0 {
            let code = errno
            if code == ENOENT {
                throw IOFailure(path: path, reason: "cannot create \(what): the directory \(parent) does not exist")
            }
            throw IOFailure(path: path, reason: "cannot create \(what): \(IOFailure.phrase(errno: code))")
        }
        // A signal before the rename removes the temporary directory and what is in it.
        stance_install_cleanup_handlers()
        let slot = stance_register_temporary_directory(temporary)
        defer { stance_forget_temporary(slot) }
        do {
            try body(temporary)
            TestSeams.pauseBeforeRename(temporary: temporary)
            var info = stat()
            if lstat(destination, &info) != 0 {
                if rename(temporary, destination) != 0 {
                    throw IOFailure(
                        path: path, reason: "cannot move \(what) into place: \(IOFailure.phrase(errno: errno))")
                }
                return
            }
            // RENAME_EXCHANGE (Linux): the earlier directory and the new one trade places in one step. Where the
            // file system cannot, the earlier one is moved aside first (a moment without either).
            if stance_exchange_paths(temporary, destination) != 0 {
                let aside = temporary + "-old"
                guard errno == EINVAL || errno == ENOSYS, rename(destination, aside) == 0 else {
                    throw IOFailure(
                        path: path, reason: "cannot move \(what) into place: \(IOFailure.phrase(errno: errno))")
                }
                if rename(temporary, destination) != 0 {
                    let code = errno
                    _ = rename(aside, destination)
                    throw IOFailure(
                        path: path, reason: "cannot move \(what) into place: \(IOFailure.phrase(errno: code))")
                }
                try? FileManager.default.removeItem(atPath: aside)
                return
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        // The temporary name now holds the earlier report.
        try? FileManager.default.removeItem(atPath: temporary)
    }

    /// The directory `path` finally names (symbolic links followed), checked to be replaceable.
    private static func resolve(_ path: String, what: String, marker: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            if lstat(current, &info) != 0 {
                if errno == ENOENT { return current }
                throw IOFailure(path: path, reason: "cannot create \(what): \(IOFailure.phrase(errno: errno))")
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: current)) ?? []
                if entries.isEmpty || entries.contains(marker) { return current }
                throw IOFailure(
                    path: path,
                    reason: "cannot write \(what) here: the directory holds other files and no \(marker); "
                        + "give a new or empty directory")
            case S_IFLNK:
                current = try OutputTarget.linkTarget(of: current, naming: path)
            case S_IFREG:
                throw IOFailure(path: path, reason: "cannot create \(what): a file of that name exists")
            default:
                throw IOFailure(path: path, reason: "cannot create \(what): a device or pipe of that name exists")
            }
        }
        throw IOFailure(path: path, reason: "cannot create \(what): it is a loop of symbolic links")
    }
}
