import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read or write error on a named file: exit status 74, or 66 when a file to read does not exist.
public struct IOFailure: StanceFailure, Equatable {
    public var path: String
    /// What went wrong, lower case, without the path.
    public var reason: String
    public var exitStatus: ExitStatus

    public init(path: String, reason: String, exitStatus: ExitStatus = .ioError) {
        self.path = path
        self.reason = reason
        self.exitStatus = exitStatus
    }

    public var description: String { "\(path): \(reason)" }

    /// Why `path` could not be read as `what` (e.g. "the lexicon"), told from the file system rather than from
    /// Foundation's error text: no such file (exit status 66), a directory, no permission, or unreadable (74).
    public static func reading(_ path: String, what: String) -> IOFailure {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return IOFailure(path: path, reason: "no such file or directory", exitStatus: .noInput)
        }
        if isDirectory.boolValue { return IOFailure(path: path, reason: "cannot read \(what): it is a directory") }
        if access(path, R_OK) != 0 { return IOFailure(path: path, reason: "cannot read \(what): permission denied") }
        return IOFailure(path: path, reason: "cannot read \(what)")
    }

    /// Why a file or directory could not be created at `path` as `what`, told from the file system: an existing
    /// file in the way, a missing or read-only parent directory (exit status 74).
    public static func creating(_ path: String, what: String) -> IOFailure {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return IOFailure(
                path: path,
                reason: isDirectory.boolValue
                    ? "cannot create \(what): a directory of that name exists"
                    : "cannot create \(what): a file of that name exists")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            return IOFailure(path: path, reason: "cannot create \(what): the directory \(parent) does not exist")
        }
        return IOFailure(path: path, reason: "cannot create \(what): permission denied or read-only file system")
    }
}

extension IOFailure {
    /// A lower-case phrase for a system error number, in the project's words rather than the C library's.
    public static func phrase(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the file system is read-only"
        case EISDIR: return "it is a directory"
        case ENOTDIR: return "a part of the path is not a directory"
        case EEXIST: return "a file of that name exists"
        case EIO: return "an input/output error occurred"
        case EFBIG: return "the file is too large"
        case EMFILE, ENFILE: return "too many files are open"
        case ENAMETOOLONG: return "the name is too long"
        case EXDEV: return "the temporary file is on another file system"
        default: return "system error \(code)"
        }
    }
}
