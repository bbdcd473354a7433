#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte stream into lines (`\n`, with a `\r` before it dropped), keeping each line's 1-based number and the
/// byte offset at which it starts. Holds one chunk and the current line in memory, whatever the stream's size.
final class LineReader {
    private let source: any ByteSource
    private var chunk: [UInt8]
    private var chunkStart = 0
    private var chunkEnd = 0
    private var ended = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// The offset, in bytes from the start of the stream, of the line last returned.
    private(set) var lineOffset = 0
    private var nextOffset = 0
    /// The file named in errors.
    private let path: String
    /// The longest line returned; a longer one throws as soon as that many bytes are buffered.
    let maxLineBytes: Int

    init(
        source: any ByteSource, path: String = "-", maxLineBytes: Int = InputFile.defaultMaxRecordBytes,
        chunkSize: Int = 1 << 20
    ) {
        self.source = source
        self.path = path
        self.maxLineBytes = maxLineBytes
        self.chunk = [UInt8](repeating: 0, count: min(chunkSize, max(maxLineBytes, 1 << 12)))
    }

    /// A line longer than ``maxLineBytes`` (exit status 65), at the line it starts on.
    private func tooLong() -> CorpusError {
        CorpusError.brokenFile(
            location: SourceLocation(file: path, line: lineNumber + 1),
            message: "a record longer than \(maxLineBytes) bytes (the limit set by --max-record-bytes)")
    }

    /// Reads the next chunk.
    private func readChunk() throws -> Int {
        try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
    }

    /// Whether bytes read from the stream are waiting in the chunk.
    var hasBufferedBytes: Bool { chunkStart < chunkEnd }

    /// The next line without its terminator, or `nil` at the end of the stream. The last line need not end in `\n`.
    func nextLine() throws -> [UInt8]? {
        var line: [UInt8] = []
        var sawAny = false
        while true {
            if chunkStart == chunkEnd {
                if ended { break }
                let count = try readChunk()
                if count == 0 {
                    ended = true
                    break
                }
                chunkStart = 0
                chunkEnd = count
            }
            sawAny = true
            let found: Int? = chunk.withUnsafeBufferPointer { bytes in
                // memchr: the C library's vectorised search, many bytes per cycle.
                guard let hit = memchr(bytes.baseAddress! + chunkStart, 0x0A, chunkEnd - chunkStart) else {
                    return nil
                }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
            }
            if line.count + ((found ?? chunkEnd) - chunkStart) > maxLineBytes { throw tooLong() }
            if let newline = found {
                line.append(contentsOf: chunk[chunkStart..<newline])
                chunkStart = newline + 1
                return finish(line, terminatorLength: 1)
            }
            line.append(contentsOf: chunk[chunkStart..<chunkEnd])
            chunkStart = chunkEnd
        }
        if !sawAny && line.isEmpty { return nil }
        return finish(line, terminatorLength: 0)
    }

    private func finish(_ line: [UInt8], terminatorLength: Int) -> [UInt8] {
        lineNumber += 1
        lineOffset = nextOffset
        nextOffset += line.count + terminatorLength
        var line = line
        if line.last == 0x0D { line.removeLast() }
        return line
    }
}
