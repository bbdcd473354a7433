import CISAL
import CSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream of bytes read in chunks: a file, standard input, or a decompressed gzip stream.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes from a file descriptor (a file opened by path, or standard input).
final class FileByteSource: ByteSource {
    let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading (``InputFile/open(_:what:)``); `-` is standard input.
    ///
    /// - Parameter what: what the file is for, for the sentence of an error (`"the model"`).
    init(path: String, what: String = "the input") throws {
        self.path = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            return
        }
        descriptor = try InputFile.open(path, what: what)
        ownsDescriptor = true
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
                let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
                let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw CorpusError.unreadable(path: path, reason: IOFailure.phrase(errno: errno))
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }
}

/// A stream with no bytes.
final class EmptyByteSource: ByteSource {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}

/// Bytes given up front, then the rest of another source: lets a reader look at the first bytes of a stream
/// (to detect gzip or the format of standard input) without losing them.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var prefixOffset = 0
    private let rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if prefixOffset < prefix.count {
            let count = min(buffer.count, prefix.count - prefixOffset)
            prefix.withUnsafeBytes { bytes in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[prefixOffset..<prefixOffset + count]))
            }
            prefixOffset += count
            return count
        }
        return try rest.read(into: buffer)
    }

    /// Reads up to `count` bytes from the start of `source` and returns them with a source that yields everything.
    ///
    /// Stops early, once the bytes read so far hold at least two bytes and one that is neither white space nor part
    /// of a byte-order mark (all that format detection looks at), so that a pipe is not waited on for more input
    /// than its writer has sent: `stance score` must answer the first line before the second is written.
    static func peek(_ source: any ByteSource, count: Int) throws -> ([UInt8], PrefixedByteSource) {
        var head = [UInt8](repeating: 0, count: count)
        var filled = 0
        var sawContent = false
        while filled < count {
            let got = try head.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            if got == 0 { break }
            let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF]
            sawContent = sawContent || head[filled..<filled + got].contains { !blank.contains($0) }
            filled += got
            if filled >= 2 && sawContent { break }
        }
        head.removeSubrange(filled...)
        return (head, PrefixedByteSource(prefix: head, rest: source))
    }
}

/// The decompressed bytes of a gzip stream (RFC 1952), streamed through ISA-L's inflate (Intel's Intelligent Storage
/// Acceleration Library, Debian `libisal-dev`: about four times zlib's speed on this machine, and the whole of a
/// one-thread `stance features` or `score` run reads through it); concatenated members are read in turn. Each
/// member's header is parsed and its CRC-32 and length are checked by the library.
///
/// A stream that ends before its last member is complete, or whose data is corrupt, throws
/// ``CorpusError/brokenFile(location:message:)`` at the line of the decompressed text where it breaks.
final class GzipByteSource: ByteSource {
    private let compressed: any ByteSource
    private let path: String
    /// ISA-L's state: about 40 KB, so on the heap.
    private let state: UnsafeMutablePointer<inflate_state>
    private var input: [UInt8]
    private var inputEnded = false
    private var memberEnded = false
    private var finished = false
    /// Line breaks in the decompressed bytes given out so far: errors name the line they happen in.
    private var lineBreaks = 0

    private func broken(_ message: String) -> CorpusError {
        CorpusError.brokenFile(location: SourceLocation(file: path, line: lineBreaks + 1), message: message)
    }

    init(compressed: any ByteSource, path: String) throws {
        self.compressed = compressed
        self.path = path
        self.input = [UInt8](repeating: 0, count: 1 << 16)
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    deinit {
        state.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished || buffer.count == 0 { return 0 }
        let capacity = UInt32(clamping: buffer.count)
        return try input.withUnsafeMutableBytes { inputBytes in
            let inputBase = inputBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            state.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_out = capacity
            // Until some bytes come out, or the stream ends.
            while state.pointee.avail_out == capacity {
                if state.pointee.avail_in == 0 && !inputEnded {
                    let count = try compressed.read(into: inputBytes)
                    if count == 0 {
                        inputEnded = true
                    } else {
                        state.pointee.next_in = inputBase
                        state.pointee.avail_in = UInt32(count)
                    }
                }
                if memberEnded {
                    guard state.pointee.avail_in > 0 else {
                        // The last member ended with the file.
                        finished = true
                        return 0
                    }
                    // Another gzip member follows the one that ended: a fresh state reads it from the same input.
                    let (next, available) = (state.pointee.next_in, state.pointee.avail_in)
                    isal_inflate_reset(state)
                    state.pointee.crc_flag = UInt32(ISAL_GZIP)
                    state.pointee.next_in = next
                    state.pointee.avail_in = available
                    memberEnded = false
                }
                let availableBefore = state.pointee.avail_in
                let status = isal_inflate(state)
                // ISA-L's AVX-512 inflate returns with the vector registers' upper halves dirty, which slows every
                // SSE instruction after it (the whole run) until they are cleared.
                stance_clear_upper_vector_state()
                if status < 0 {
                    // The bytes inflated before the damage was found count for the line it is on.
                    lineBreaks += Self.lineFeeds(in: buffer, count: Int(capacity - state.pointee.avail_out))
                    throw broken("corrupt gzip stream: \(Self.phrase(status))")
                }
                if state.pointee.block_state == ISAL_BLOCK_FINISH {
                    memberEnded = true
                } else if inputEnded && state.pointee.avail_in == 0 && availableBefore == 0
                    && state.pointee.avail_out == capacity
                {
                    // No input left, nothing came out, and the member is not complete.
                    throw broken("truncated gzip stream: the file ends inside compressed data")
                }
            }
            let produced = Int(capacity - state.pointee.avail_out)
            lineBreaks += Self.lineFeeds(in: buffer, count: produced)
            return produced
        }
    }

    /// What an ISA-L inflate error status means, in words.
    private static func phrase(_ status: Int32) -> String {
        switch status {
        case ISAL_INVALID_BLOCK: "invalid deflate block"
        case ISAL_INVALID_SYMBOL: "invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: "invalid distance too far back"
        case ISAL_INVALID_WRAPPER: "invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: "unknown compression method"
        case ISAL_INCORRECT_CHECKSUM: "incorrect data check"
        default: "status \(status)"
        }
    }

    /// The line feeds among the first `count` bytes of `buffer`, found with `memchr` (the C library's vectorised
    /// search) rather than byte by byte: this runs on the one thread that reads ahead.
    private static func lineFeeds(in buffer: UnsafeMutableRawBufferPointer, count: Int) -> Int {
        guard count > 0, let base = buffer.baseAddress else { return 0 }
        let end = base + count
        var position = base
        var found = 0
        while position < end, let hit = memchr(position, 0x0A, end - position) {
            found += 1
            position = hit + 1
        }
        return found
    }
}
