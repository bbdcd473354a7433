#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one rule for every file `stance` reads (corpus files and directories, `--model`, `--lexicon`, `--mask`,
/// cleaning lists, outlet labels, coding sheets, expectations…):
///
/// | the path | exit status | sentence |
/// | --- | --- | --- |
/// | does not exist (or a link to nothing) | 66 | `PATH: no such file or directory` |
/// | exists but cannot be read, or is the wrong kind | 74 | `PATH: cannot read WHAT: it is a directory` |
/// | is read but wrong inside | 65 | `PATH:LINE: …` (the reader's own error) |
///
/// A self-referencing or looping symbolic link is "a loop of symbolic links" (74), never "no such file". Devices,
/// FIFOs and process substitution (`<(zcat …)`) are read as streams; the readers bound what they buffer.
public enum InputFile {
    /// The longest record (line, CSV record, text file) a reader buffers by default: 64 MiB.
    public static let defaultMaxRecordBytes = 64 << 20

    /// What a path names once symbolic links are followed.
    public enum Kind: Equatable, Sendable {
        case regularFile(size: Int)
        case directory
        /// A character or block device, a FIFO or a socket: read as a stream of unknown length.
        case stream
    }

    /// What `path` names, following symbolic links.
    ///
    /// - Parameters:
    ///   - what: what the file is for, in words (`"the lexicon"`), for the sentence of an error.
    ///   - allowDirectory: whether a directory is a valid input here (corpus paths).
    /// - Throws: ``IOFailure`` with exit status 66 when nothing is there, 74 for a loop of symbolic links, a
    ///   directory where a file is wanted, or a path that cannot be examined.
    public static func examine(_ path: String, what: String, allowDirectory: Bool = false) throws -> Kind {
        var info = stat()
        if stat(path, &info) != 0 {
            throw failure(path, what: what, errno: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return .regularFile(size: Int(info.st_size))
        case S_IFDIR:
            if allowDirectory { return .directory }
            throw IOFailure(path: path, reason: "cannot read \(what): it is a directory")
        default:
            return .stream
        }
    }

    /// Opens `path` for reading (``examine(_:what:allowDirectory:)`` first) and returns the descriptor, which the
    /// caller closes.
    ///
    /// - Throws: ``IOFailure`` under the rule above.
    public static func open(_ path: String, what: String) throws -> Int32 {
        _ = try examine(path, what: what)
        while true {
            let descriptor = openForReading(path)
            if descriptor >= 0 { return descriptor }
            if errno == EINTR { continue }
            throw failure(path, what: what, errno: errno)
        }
    }

    /// The sentence for a file that could not be examined or opened, with its exit status.
    static func failure(_ path: String, what: String, errno code: Int32) -> IOFailure {
        switch code {
        case ENOENT:
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                return IOFailure(
                    path: path, reason: "a symbolic link to \(linkTarget(path)), which does not exist",
                    exitStatus: .noInput)
            }
            return IOFailure(path: path, reason: "no such file or directory", exitStatus: .noInput)
        case ENOTDIR:
            return IOFailure(
                path: path, reason: "no such file or directory (a part of the path is not a directory)",
                exitStatus: .noInput)
        case ELOOP:
            return IOFailure(path: path, reason: "cannot read \(what): it is a loop of symbolic links")
        case EISDIR:
            return IOFailure(path: path, reason: "cannot read \(what): it is a directory")
        default:
            return IOFailure(path: path, reason: "cannot read \(what): \(IOFailure.phrase(errno: code))")
        }
    }

    private static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return "a missing file" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The whole of a small text file (a lexicon, a list, a table), checked while it is read so that a device or an
    /// endless stream is stopped early: no NUL byte, no line longer than `maxLineBytes`, and well-formed UTF-8.
    ///
    /// - Throws: ``IOFailure`` (66/74) for the path, ``TextFileError`` (65) naming the line for a NUL byte, a line too
    ///   long or bytes that are not UTF-8.
    public static func readText(_ path: String, what: String, maxLineBytes: Int = defaultMaxRecordBytes) throws
        -> String
    {
        let bytes = try readBytes(path, what: what, maxLineBytes: maxLineBytes)
        if let bad = firstInvalidUTF8Index(bytes) {
            let line = bytes[..<bad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw TextFileError(
                location: SourceLocation(file: path, line: line), problem: "invalid UTF-8 at byte offset \(bad)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of a small text file, checked as ``readText(_:what:maxLineBytes:)`` checks them but for UTF-8;
    /// with `allowsNUL` (a file that may be UTF-16) NUL bytes are let through, and only the line length bounds it.
    public static func readBytes(
        _ path: String, what: String, maxLineBytes: Int = defaultMaxRecordBytes, allowsNUL: Bool = false
    ) throws -> [UInt8] {
        let descriptor = try open(path, what: what)
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var line = 1
        var lineLength = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, into: $0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IOFailure(path: path, reason: "cannot read \(what): \(IOFailure.phrase(errno: errno))")
            }
            if count == 0 { break }
            for index in 0..<count {
                let byte = chunk[index]
                if byte == 0x0A {
                    line += 1
                    lineLength = 0
                    continue
                }
                if byte == 0 && !allowsNUL {
                    throw TextFileError(
                        location: SourceLocation(file: path, line: line),
                        problem: "a NUL byte at byte offset \(bytes.count + index): \(what) must be a text file")
                }
                lineLength += 1
                if lineLength > maxLineBytes {
                    throw TextFileError(
                        location: SourceLocation(file: path, line: line),
                        problem: "a line longer than \(maxLineBytes) bytes: \(what) must be a text file of short lines")
                }
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }
}

/// `open(2)` for reading, under a name that does not clash with ``InputFile/open(_:what:)``.
private func openForReading(_ path: String) -> Int32 {
    #if canImport(Glibc)
        Glibc.open(path, O_RDONLY | O_CLOEXEC)
    #elseif canImport(Musl)
        Musl.open(path, O_RDONLY | O_CLOEXEC)
    #else
        Darwin.open(path, O_RDONLY | O_CLOEXEC)
    #endif
}

/// `read(2)` into `buffer`.
private func systemRead(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer.baseAddress, buffer.count)
    #elseif canImport(Musl)
        Musl.read(descriptor, buffer.baseAddress, buffer.count)
    #else
        Darwin.read(descriptor, buffer.baseAddress, buffer.count)
    #endif
}

/// A file read by ``InputFile/readText(_:what:maxLineBytes:)`` that is not text (exit status 65).
public struct TextFileError: StanceFailure, Equatable, Sendable {
    public var location: SourceLocation
    public var problem: String

    public init(location: SourceLocation, problem: String) {
        self.location = location
        self.problem = problem
    }

    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "\(location): \(problem)" }
}
