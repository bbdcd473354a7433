#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `text` (UTF-8) to `path` atomically: into a new temporary file in the same directory, flushed to disk,
/// then renamed over `path`, so a crash leaves either the old file or the new one, never half of one.
///
/// - Throws: ``IOFailure`` (exit status 74) naming `path` when any step fails; the temporary file is removed then.
public func writeFileAtomically(_ text: String, toPath path: String) throws {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let temporary = "\(directory).\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else {
        throw IOFailure(path: path, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))")
    }
    var failure: String?
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = "cannot write: \(String(cString: strerror(errno)))"
                return
            }
            offset += written
        }
    }
    if failure == nil && fsync(descriptor) != 0 { failure = "cannot flush: \(String(cString: strerror(errno)))" }
    if close(descriptor) != 0 && failure == nil { failure = "cannot close: \(String(cString: strerror(errno)))" }
    if failure == nil && rename(temporary, path) != 0 {
        failure = "cannot rename the temporary file into place: \(String(cString: strerror(errno)))"
    }
    if let failure {
        unlink(temporary)
        throw IOFailure(path: path, reason: failure)
    }
}
