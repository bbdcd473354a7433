#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The character encoding of an input file (`--encoding`).
///
/// Everything after reading works on UTF-8: a file in another encoding is converted while it streams, through
/// iconv. With ``auto`` a byte-order mark decides (UTF-8 or UTF-16); otherwise the file is read as UTF-8, which needs
/// no conversion at all, and a file that is not UTF-8 stops with an error naming the encodings it could be in
/// (``likelyEncodings(of:)``).
public enum TextEncoding: String, Sendable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case gb18030
    case big5
    case windows1252 = "windows-1252"

    /// The iconv name of the encoding (Big5 is read as its Hong Kong superset, which Hong Kong archives use).
    var iconvName: String? {
        switch self {
        case .auto, .utf8: nil
        case .utf16: "UTF-16"
        case .gb18030: "GB18030"
        case .big5: "BIG5-HKSCS"
        case .windows1252: "WINDOWS-1252"
        }
    }

    /// The name used in messages.
    var displayName: String {
        switch self {
        case .auto: "auto"
        case .utf8: "UTF-8"
        case .utf16: "UTF-16"
        case .gb18030: "GB18030"
        case .big5: "Big5"
        case .windows1252: "windows-1252"
        }
    }

    /// The encodings in which `bytes` (a stretch of a file that is not UTF-8) decodes without error, most specific
    /// first: UTF-16 when every other byte is NUL, GB18030 and Big5 (multibyte Chinese encodings, whose byte rules
    /// rarely both fit text written in the other) and windows-1252, which decodes almost anything and so comes last.
    ///
    /// A cheap guess for an error message, not a detector: it only says which encodings the bytes do not rule out.
    public static func likelyEncodings(of bytes: ArraySlice<UInt8>) -> [TextEncoding] {
        let sample = Array(bytes.prefix(1 << 16))
        if sample.count >= 4 {
            let evenNULs = stride(from: 0, to: sample.count, by: 2).count { sample[$0] == 0 }
            let oddNULs = stride(from: 1, to: sample.count, by: 2).count { sample[$0] == 0 }
            if max(evenNULs, oddNULs) * 4 >= sample.count { return [.utf16] }
        }
        // A multibyte sequence cut at the end of the sample is not an error of the encoding.
        func decodes(_ name: String) -> Bool { (try? IconvConverter(from: name))?.decodes(sample) ?? false }
        let candidates = [TextEncoding.gb18030, .big5, .windows1252].filter { decodes($0.iconvName!) }
        // GB18030 reads almost any byte pairs, Big5 text included; text within GB2312 (simplified characters,
        // both bytes A1-FE) is GB, and text that Big5 reads but GB2312 does not is more likely Big5.
        if candidates.contains(.big5) && !decodes("GB2312") {
            return [.big5] + candidates.filter { $0 != .big5 }
        }
        return candidates
    }

    /// `utf-8`, `gb18030`: the values `--encoding` takes, for messages.
    static func optionList(_ encodings: [TextEncoding]) -> String {
        encodings.map(\.rawValue).joined(separator: " or ")
    }
}

/// A conversion to UTF-8 through glibc's iconv (`iconv_open`, `iconv`).
final class IconvConverter {
    private let handle: iconv_t
    let name: String

    /// Opens a converter from the iconv encoding `name` to UTF-8.
    init(from name: String) throws(CorpusError) {
        self.name = name
        guard let opened = iconv_open("UTF-8", name), opened != iconv_t(bitPattern: -1) else {
            throw .unreadable(path: name, reason: "iconv cannot convert from \(name)")
        }
        handle = opened
    }

    deinit { iconv_close(handle) }

    /// The outcome of one conversion step.
    enum Step {
        /// All input converted.
        case done
        /// The output is full; call again with more room.
        case outputFull
        /// The input ends inside a multibyte sequence: keep the rest for the next chunk.
        case incomplete
        /// The input holds a byte sequence that is not text in the encoding, at the input position reached.
        case invalid
    }

    /// Converts as much of `input` into `output` as fits; returns the step's outcome, the input bytes consumed and
    /// the output bytes written.
    func convert(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> (Step, Int, Int) {
        var inPointer = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var outPointer = output.baseAddress?.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
        let consumed = input.count - inLeft
        let written = output.count - outLeft
        if result != -1 { return (.done, consumed, written) }
        switch errno {
        case E2BIG: return (.outputFull, consumed, written)
        case EINVAL: return (.incomplete, consumed, written)
        default: return (.invalid, consumed, written)
        }
    }

    /// Whether all of `bytes` converts (a sequence cut at the very end counts as converting).
    func decodes(_ bytes: [UInt8]) -> Bool {
        var output = [UInt8](repeating: 0, count: 4 * bytes.count + 16)
        return bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                switch convert(input, into: out).0 {
                case .done, .incomplete: true
                case .outputFull, .invalid: false
                }
            }
        }
    }
}

/// The bytes of another source converted to UTF-8, a chunk at a time.
///
/// A multibyte sequence cut at the end of a chunk is carried over to the next one. A byte sequence that is not text
/// in the encoding stops the read with ``CorpusError/invalidRecord(location:reason:)`` naming the line (counted in
/// the converted text, whose line breaks are those of the file) and the byte offset in the file as it is.
final class ConvertingByteSource: ByteSource {
    private let source: any ByteSource
    private let converter: IconvConverter
    private let encoding: TextEncoding
    private let path: String
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var ended = false
    /// Bytes of the file consumed so far, and line breaks written so far.
    private var consumedBytes = 0
    private var lineBreaks = 0

    init(source: any ByteSource, encoding: TextEncoding, iconvName: String, path: String) throws {
        self.source = source
        self.encoding = encoding
        self.path = path
        self.converter = try IconvConverter(from: iconvName)
        self.input = [UInt8](repeating: 0, count: 1 << 16)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        // Room for the longest UTF-8 sequence is needed for iconv to make progress.
        precondition(buffer.count >= 8, "a conversion needs at least 8 bytes of room")
        while true {
            if inputStart == inputEnd || needsMoreInput {
                if !ended { try refill() }
            }
            if inputStart == inputEnd {
                return 0
            }
            let (step, consumed, written) = input.withUnsafeBytes { raw in
                converter.convert(UnsafeRawBufferPointer(rebasing: raw[inputStart..<inputEnd]), into: buffer)
            }
            inputStart += consumed
            consumedBytes += consumed
            lineBreaks += UnsafeRawBufferPointer(rebasing: buffer[..<written]).count { $0 == 0x0A }
            switch step {
            case .done, .outputFull:
                needsMoreInput = false
                if written > 0 { return written }
            case .incomplete:
                if written > 0 {
                    needsMoreInput = true
                    return written
                }
                if ended {
                    throw CorpusError.invalidRecord(
                        location: SourceLocation(file: path, line: lineBreaks + 1),
                        reason: .invalidEncoding(encoding: encoding.displayName, byteOffset: consumedBytes))
                }
                needsMoreInput = true
            case .invalid:
                if written > 0 { return written }
                throw CorpusError.invalidRecord(
                    location: SourceLocation(file: path, line: lineBreaks + 1),
                    reason: .invalidEncoding(encoding: encoding.displayName, byteOffset: consumedBytes))
            }
        }
    }

    /// Whether the bytes left are a cut sequence that needs the next chunk.
    private var needsMoreInput = false

    /// Moves the unconverted bytes to the front and reads more behind them.
    private func refill() throws {
        let left = inputEnd - inputStart
        if inputStart > 0 && left > 0 {
            input.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + inputStart, byteCount: left)
            }
        }
        inputStart = 0
        inputEnd = left
        let count = try input.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[inputEnd...]))
        }
        if count == 0 {
            ended = true
        } else {
            inputEnd += count
        }
        needsMoreInput = false
    }
}
