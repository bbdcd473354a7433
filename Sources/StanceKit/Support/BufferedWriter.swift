import Dispatch

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

    /// Writes `bytes` after what is buffered; an array at least as large as the buffer goes to the operating
    /// system as it is instead of being copied into the buffer first.
    public func write(contentsOf bytes: [UInt8]) throws {
        guard bytes.count >= capacity else { return try write(bytes: bytes) }
        try flush()
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Passes everything buffered to the operating system.
    public func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { try writeAll($0) }
    }

    /// `write(2)` until every byte is written.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            #else
                let written = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            #endif
            if written < 0 {
                if errno == EINTR { continue }
                throw IOFailure(path: name, reason: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    deinit { try? flush() }
}

/// Passes byte arrays to a ``BufferedWriter`` on a background thread, in the order given, so that producing the
/// next bytes overlaps with the system calls that write the previous ones. At most `pending` arrays wait at once
/// (``write(_:)`` blocks while they do), which bounds the memory held.
///
/// `@unchecked Sendable` because the writer and the first failure are only touched on the serial queue, and read
/// by ``finish()`` after it has waited for that queue.
final class BackgroundWriter: @unchecked Sendable {
    private let output: BufferedWriter
    private let queue = DispatchQueue(label: "stance.background-writer")
    private let free: DispatchSemaphore
    private var failure: (any Error)?

    init(_ output: BufferedWriter, pending: Int) {
        self.output = output
        free = DispatchSemaphore(value: max(1, pending))
    }

    /// Queues `bytes` to be written after everything queued before. After a failure the rest is dropped and
    /// ``finish()`` throws it.
    func write(_ bytes: [UInt8]) {
        free.wait()
        queue.async { [self] in
            defer { free.signal() }
            guard failure == nil else { return }
            do { try output.write(contentsOf: bytes) } catch { failure = error }
        }
    }

    /// Waits until everything queued is written; throws the first failure.
    func finish() throws {
        queue.sync {}
        if let failure { throw failure }
    }
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
