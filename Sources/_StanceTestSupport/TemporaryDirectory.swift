import Foundation

/// A fresh directory under the system's temporary directory, for tests that write files. It is removed with
/// everything in it when the last reference to it goes (or earlier by ``remove()``), so a test that throws, or
/// forgets its `defer`, leaves nothing behind in `/tmp`.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        let base = NSTemporaryDirectory() + "stance-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    /// Writes `bytes` to `name` (which may contain folders) and returns the file's path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return file
    }

    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}

/// Gzip-compresses `bytes` with the system's `gzip` command (an implementation independent of the reader's zlib use).
public func gzipCompressed(_ bytes: [UInt8]) throws -> [UInt8] {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let input = try directory.write("data", bytes: bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -n -c '\(input)' > '\(input).gz'"]
    try process.run()
    process.waitUntilExit()
    return Array(try Data(contentsOf: URL(fileURLWithPath: input + ".gz")))
}
