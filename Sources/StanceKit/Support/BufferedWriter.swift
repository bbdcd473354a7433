import CSupport
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

    /// Passes everything buffered to the operating system.
    public func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if let failure = buffer.withUnsafeBytes({ writeAll(descriptor, $0) }) {
            throw IOFailure(path: name, reason: "cannot write: \(IOFailure.phrase(errno: failure.error))")
        }
    }

    deinit { try? flush() }
}

/// Passes byte arrays to a writing function on a background thread, in the order given, so that producing the
/// next bytes overlaps with the system calls that write the previous ones. At most `pending` arrays wait at once
/// (``write(_:)`` blocks while they do), which bounds the memory held.
///
/// `@unchecked Sendable` because the writing function and the first failure are only used on the serial queue, and
/// read by ``finish()`` after it has waited for that queue.
final class BackgroundWriter: @unchecked Sendable {
    private let output: ([UInt8]) throws -> Void
    private let queue = DispatchQueue(label: "stance.background-writer")
    private let free: DispatchSemaphore
    private var failure: (any Error)?

    init(pending: Int, output: @escaping ([UInt8]) throws -> Void) {
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
            do { try output(bytes) } catch { failure = error }
        }
    }

    /// Waits until everything queued is written; throws the first failure.
    func finish() throws {
        queue.sync {}
        if let failure { throw failure }
    }
}

/// Writes a large file with direct I/O (`O_DIRECT`): the bytes go from an aligned buffer to the disk without being
/// copied into the page cache first. For a file of a gigabyte, that copy costs the kernel one to two seconds of CPU
/// on a machine whose free memory has to be faulted in; direct writes cost almost none and proceed at the disk's
/// speed.
///
/// Direct I/O writes whole blocks from aligned memory, so the bytes are gathered in an aligned buffer and written
/// in whole blocks; ``finish()`` writes the last partial block padded with zeros and truncates the file to its
/// length. Where the file system refuses direct I/O (`fcntl` or the first write fails with `EINVAL`), the writer
/// falls back to ordinary writes of the same bytes.
final class DirectFileWriter {
    /// The alignment of buffers, offsets and lengths: the largest logical block size in use (4 KiB).
    private static let block = 4096
    private let descriptor: Int32
    private let name: String
    private let capacity: Int
    private let buffer: UnsafeMutableRawPointer
    /// Bytes waiting in `buffer`.
    private var used = 0
    /// Bytes of the file written so far (whole blocks while direct).
    private var written = 0
    private var direct: Bool

    /// A writer on `descriptor` (a new, empty file open for writing), direct where the system allows it;
    /// `capacity`, the size of the buffer, is a multiple of 4 KiB.
    init(descriptor: Int32, name: String, capacity: Int = 8 << 20) {
        precondition(capacity > 0 && capacity % Self.block == 0, "capacity \(capacity) is not a multiple of 4 KiB")
        self.descriptor = descriptor
        self.name = name
        self.capacity = capacity
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.block)
        let flag = stance_o_direct()
        let flags = fcntl(descriptor, F_GETFL)
        // Only a regular file can be padded and truncated: a device or a pipe gets ordinary writes.
        var info = stat()
        let regular = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        direct = regular && flag != 0 && flags >= 0 && fcntl(descriptor, F_SETFL, flags | flag) == 0
    }

    deinit { buffer.deallocate() }

    /// Appends `bytes` to the file.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = min(capacity - used, bytes.count - offset)
                (buffer + used).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
                used += count
                offset += count
                if used == capacity { try drain(count: capacity) }
            }
        }
    }

    /// Writes what is left (the last block padded, then the file truncated to its length) and leaves direct mode.
    func finish() throws {
        let length = written + used
        if direct {
            let padded = (used + Self.block - 1) / Self.block * Self.block
            (buffer + used).initializeMemory(as: UInt8.self, repeating: 0, count: padded - used)
            try drain(count: padded)
            // The padding went past the end: cut the file to its length and write on from there.
            if ftruncate(descriptor, off_t(length)) != 0 || lseek(descriptor, off_t(length), SEEK_SET) < 0 {
                throw IOFailure(path: name, reason: "cannot set the length: \(IOFailure.phrase(errno: errno))")
            }
            _ = clearDirectFlag()
            direct = false
        } else {
            try drain(count: used)
        }
        written = length
        used = 0
    }

    /// Writes the first `count` bytes of the buffer (a multiple of the block when direct) and keeps the rest.
    private func drain(count: Int) throws {
        let bytes = UnsafeRawBufferPointer(start: buffer, count: count)
        var failure = writeAll(descriptor, bytes)
        if let first = failure, first.error == EINVAL, first.written == 0, direct, written == 0, clearDirectFlag() {
            // The file system takes no direct I/O: write the same bytes the ordinary way.
            direct = false
            failure = writeAll(descriptor, bytes)
        }
        if let failure {
            throw IOFailure(path: name, reason: "cannot write: \(IOFailure.phrase(errno: failure.error))")
        }
        written += count
        used -= count
        if used > 0 { buffer.copyMemory(from: buffer + count, byteCount: used) }
    }

    /// Clears `O_DIRECT` on the descriptor; whether that worked.
    private func clearDirectFlag() -> Bool {
        let flags = fcntl(descriptor, F_GETFL)
        return flags >= 0 && fcntl(descriptor, F_SETFL, flags & ~stance_o_direct()) == 0
    }
}

/// `write(2)` of all of `bytes` to `descriptor`, again after `EINTR`: `nil` when every byte is written, else the
/// error number and how many bytes went out before it.
func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> (error: Int32, written: Int)? {
    var offset = 0
    while offset < bytes.count {
        #if canImport(Glibc)
            let result = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        #else
            let result = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        #endif
        if result < 0 {
            if errno == EINTR { continue }
            return (errno, offset)
        }
        offset += result
    }
    return nil
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
