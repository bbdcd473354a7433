#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the files of an input directory and of every directory under it, under the rule of ``InputFile``: a
/// subdirectory that cannot be listed stops the run (exit status 74) exactly as an unreadable file does, instead
/// of being skipped in silence.
public enum InputDirectory {
    /// The paths, relative to `directory`, of the files under it that `wanted` accepts, in no particular order.
    /// Symbolic links to directories are not followed (so a link loop cannot recurse); links to files are listed.
    ///
    /// - Throws: ``IOFailure`` naming the directory that cannot be listed (74), or 66 when `directory` is gone.
    public static func files(in directory: String, what: String, where wanted: (String) -> Bool) throws -> [String] {
        var found: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? directory : directory + "/" + relative
            for name in try entries(of: path, what: what) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(directory + "/" + child, &info) == 0 else {
                    throw InputFile.failure(directory + "/" + child, what: what, errno: errno)
                }
                if info.st_mode & S_IFMT == S_IFDIR {
                    pending.append(child)
                } else if wanted(child) {
                    found.append(child)
                }
            }
        }
        return found
    }

    /// The names in one directory, without `.` and `..`.
    private static func entries(of path: String, what: String) throws -> [String] {
        guard let handle = opendir(path) else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw InputFile.failure(path, what: what, errno: code) }
            throw IOFailure(path: path, reason: "cannot list the directory: \(IOFailure.phrase(errno: code))")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 {
                    throw IOFailure(path: path, reason: "cannot list the directory: \(IOFailure.phrase(errno: errno))")
                }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
