#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered writer onto a file descriptor (standard output, standard error or an open file).
///
/// Writes are collected in a buffer and passed to `write(2)` when it fills or on `flush()`; a failed write throws
/// ``IOFailure`` (exit status 74), so that a full disk or a closed pipe is never silent.
public final class BufferedWriter {
    public let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private let capacity: Int

    public init(descriptor: Int32, name: String, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.name = name
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// A writer on standard output.
    public static func standardOutput() -> BufferedWriter { BufferedWriter(descriptor: 1, name: "standard output") }

    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= capacity { try flush() }
    }

    public func write(bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Passes everything buffered to the operating system.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                #if canImport(Glibc)
                    Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                    Darwin.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.removeAll(keepingCapacity: true)
                throw IOFailure(path: name, reason: "cannot write: \(reason)")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { try? flush() }
}

/// Writes a diagnostic line to standard error at once, unbuffered.
public func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
            #else
                let written = Darwin.write(2, bytes.baseAddress! + offset, bytes.count - offset)
            #endif
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Whether standard error is a terminal (progress is shown only then).
public var standardErrorIsTerminal: Bool { isatty(2) != 0 }

/// A read or write error on a named file: exit status 74.
public struct IOFailure: StanceFailure, Equatable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var exitStatus: ExitStatus { .ioError }
    public var description: String { "\(path): \(reason)" }
}
