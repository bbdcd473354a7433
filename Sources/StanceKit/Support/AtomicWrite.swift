import CSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a crash, a signal or a full disk never leaves half a file, and so that nothing but a regular
/// file is ever replaced.
///
/// Where the output goes depends on what the path names (``OutputTarget``):
/// - nothing yet, or a regular file: the bytes go to a temporary name in the same directory, are flushed to disk,
///   and the temporary file is renamed over the destination;
/// - a symbolic link: the link is followed and its final target is written as above (the link stays a link);
/// - a character or block device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a pipe): written to directly, never
///   replaced;
/// - a directory, or a symbolic link that loops: ``IOFailure`` (exit status 74) in one sentence.
///
/// While a temporary file exists it is registered for removal on SIGINT, SIGTERM and SIGHUP (`CSupport`).
public enum AtomicFile {
    /// Writes what `body` passes to the writer to `path` (see ``AtomicFile`` for where it goes); on any error a
    /// temporary file is removed and `path` is left as it was.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) when the directory cannot be written, the path is a directory or
    ///   the disk is full, and whatever `body` throws.
    public static func write(to path: String, _ body: (BufferedWriter) throws -> Void) throws {
        switch try OutputTarget(path) {
        case .direct(let device):
            try writeDirectly(to: device, shownAs: path, body)
        case .replace(let destination):
            try replace(destination, shownAs: path, body)
        }
    }

    private static func writeDirectly(to device: String, shownAs path: String, _ body: (BufferedWriter) throws -> Void)
        throws
    {
        let descriptor = open(device, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw IOFailure(path: path, reason: "cannot open for writing: \(IOFailure.phrase(errno: errno))")
        }
        defer { _ = close(descriptor) }
        let writer = BufferedWriter(descriptor: descriptor, name: path)
        try body(writer)
        try writer.flush()
    }

    private static func replace(_ destination: String, shownAs path: String, _ body: (BufferedWriter) throws -> Void)
        throws
    {
        let staged = try stage(destination, shownAs: path, body)
        defer { stance_forget_temporary(staged.slot) }
        TestSeams.pauseBeforeRename(temporary: staged.temporary)
        try staged.moveIntoPlace()
    }

    /// A file written in full under a temporary name beside its destination, flushed to disk and closed, not yet
    /// renamed: registered for removal on a signal until the caller forgets `slot`.
    struct Staged {
        var temporary: String
        var destination: String
        /// The path as the user gave it, for messages.
        var shownAs: String
        var slot: Int32
        /// The number of bytes written.
        var size: Int

        /// Renames the temporary file over the destination; on failure removes it.
        func moveIntoPlace() throws {
            if rename(temporary, destination) != 0 {
                let failure = IOFailure(
                    path: shownAs, reason: "cannot rename into place: \(IOFailure.phrase(errno: errno))")
                _ = unlink(temporary)
                throw failure
            }
        }
    }

    /// Writes what `body` passes to the writer to a new temporary file beside `destination` and flushes it to disk;
    /// on any error removes it.
    static func stage(_ destination: String, shownAs path: String, _ body: (BufferedWriter) throws -> Void)
        throws -> Staged
    {
        let directory = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        let temporary =
            (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        stance_install_cleanup_handlers()
        let slot = stance_register_temporary(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            stance_forget_temporary(slot)
            throw IOFailure(path: path, reason: "cannot create a file here: \(IOFailure.phrase(errno: errno))")
        }
        var isOpen = true
        do {
            let writer = BufferedWriter(descriptor: descriptor, name: path)
            try body(writer)
            try writer.flush()
            if TestSeams.failsWithNoSpace(destination) {
                throw IOFailure(path: path, reason: "cannot write: \(IOFailure.phrase(errno: ENOSPC))")
            }
            if fsync(descriptor) != 0 {
                throw IOFailure(path: path, reason: "cannot sync: \(IOFailure.phrase(errno: errno))")
            }
            var info = stat()
            let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
            isOpen = false
            if close(descriptor) != 0 {
                throw IOFailure(path: path, reason: "cannot close: \(IOFailure.phrase(errno: errno))")
            }
            return Staged(temporary: temporary, destination: destination, shownAs: path, slot: slot, size: size)
        } catch {
            if isOpen { _ = close(descriptor) }
            _ = unlink(temporary)
            stance_forget_temporary(slot)
            throw error
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { try $0.write(bytes: bytes) }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(to: path) { try $0.write(text) }
    }
}

/// What an output path names, and so how ``AtomicFile`` writes to it.
public enum OutputTarget: Equatable, Sendable {
    /// Write to a temporary file beside this regular file (existing or not) and rename it into place.
    case replace(String)
    /// Write straight to this device, FIFO or socket.
    case direct(String)

    /// Follows symbolic links (at most 40, as the kernel does) to what `path` finally names.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) for a directory, a symbolic-link loop, or a path that cannot be
    ///   examined.
    public init(_ path: String) throws {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            if lstat(current, &info) != 0 {
                if errno == ENOENT {
                    self = .replace(current)
                    return
                }
                throw IOFailure(
                    path: path, reason: "cannot examine the output path: \(IOFailure.phrase(errno: errno))")
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                self = .replace(current)
                return
            case S_IFDIR:
                throw IOFailure(path: path, reason: "is a directory, not a file to write")
            case S_IFLNK:
                current = try OutputTarget.linkTarget(of: current, naming: path)
            default:
                // Character and block devices, FIFOs and sockets are written to, never replaced.
                self = .direct(current)
                return
            }
        }
        throw IOFailure(path: path, reason: "is a loop of symbolic links")
    }
}

/// Hooks for tests that must catch a write at a given moment; each is off unless its environment variable is set.
enum TestSeams {
    /// `STANCE_TEST_NO_SPACE=1`: every atomic write fails as a full disk would, after its bytes were written;
    /// `STANCE_TEST_NO_SPACE=SUFFIX` (e.g. `.names`): only the writes of paths ending in SUFFIX do.
    static func failsWithNoSpace(_ path: String) -> Bool {
        guard let value = ProcessInfo.processInfo.environment["STANCE_TEST_NO_SPACE"], !value.isEmpty else {
            return false
        }
        return value == "1" || path.hasSuffix(value)
    }

    /// `STANCE_TEST_PAUSE_BEFORE_RENAME=FILE`: before renaming a temporary file into place, write its path to FILE and
    /// wait (up to a minute) for FILE to be removed, so that a test can send a signal at that moment.
    static func pauseBeforeRename(temporary: String) {
        guard let marker = ProcessInfo.processInfo.environment["STANCE_TEST_PAUSE_BEFORE_RENAME"], !marker.isEmpty
        else { return }
        // Written under another name and renamed, so that the test never reads half a path.
        guard FileManager.default.createFile(atPath: marker + ".new", contents: Data(temporary.utf8)),
            rename(marker + ".new", marker) == 0
        else { return }
        for _ in 0..<600 where FileManager.default.fileExists(atPath: marker) {
            usleep(100_000)
        }
    }
}

extension OutputTarget {
    /// Where the symbolic link `link` points, as a path (a relative target taken from the link's directory).
    ///
    /// - Throws: ``IOFailure`` naming `path`, the path the user gave, when the link cannot be read.
    static func linkTarget(of link: String, naming path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count >= 0 else {
            throw IOFailure(path: path, reason: "cannot read the symbolic link: \(IOFailure.phrase(errno: errno))")
        }
        let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.hasPrefix("/")
            ? target : ((link as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
    }
}
