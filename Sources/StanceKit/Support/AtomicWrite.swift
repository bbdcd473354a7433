import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a crash or a full disk never leaves half a file: the bytes go to a temporary name in the same
/// directory, are flushed to disk, and the temporary file is then renamed over the destination.
public enum AtomicFile {
    /// Writes what `body` passes to the writer into a temporary file beside `path`, and renames it to `path` only
    /// when everything went well; on any error the temporary file is removed and `path` is left as it was.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) when the directory cannot be written or the disk is full, and
    ///   whatever `body` throws.
    public static func write(to path: String, _ body: (BufferedWriter) throws -> Void) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary =
            (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw IOFailure(path: path, reason: "cannot create a file here: \(IOFailure.phrase(errno: errno))")
        }
        var isOpen = true
        do {
            let writer = BufferedWriter(descriptor: descriptor, name: path)
            try body(writer)
            try writer.flush()
            if fsync(descriptor) != 0 {
                throw IOFailure(path: path, reason: "cannot sync: \(IOFailure.phrase(errno: errno))")
            }
            isOpen = false
            if close(descriptor) != 0 {
                throw IOFailure(path: path, reason: "cannot close: \(IOFailure.phrase(errno: errno))")
            }
            if rename(temporary, path) != 0 {
                throw IOFailure(path: path, reason: "cannot rename into place: \(IOFailure.phrase(errno: errno))")
            }
        } catch {
            if isOpen { _ = close(descriptor) }
            _ = unlink(temporary)
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
