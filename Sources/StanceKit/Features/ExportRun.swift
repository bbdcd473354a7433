import Foundation

/// The run id that ties the files of one export together (issue 25: a matrix and a names file from different runs
/// must not pass for one export), and the sidecar file `PREFIX.run` that lists them.
///
/// The files are written as one ``AtomicFileGroup``: all of them under temporary names, then renamed into place,
/// the sidecar last. Only those renames can be cut short (by a crash, or a power cut between them), and then the
/// sidecar, the `.mtx` run line and the files' sizes and checksums disagree, which ``check(sidecar:)`` reports.
///
/// The id is a digest of what the export holds (the matrix's kind and size, the column names, the row variables),
/// not a random number, so that the same input gives the same bytes. The sidecar is tab-separated:
/// ```
/// run     0f3c6a1e9b2d4c55
/// out.mtx 1048576 -
/// out.features.txt        20481   9a0c…
/// ```
/// one line per file: its name (beside the sidecar), its size in bytes and, for every file but the matrix (which
/// may be a gigabyte), its 64-bit FNV-1a checksum in hex. An `.mtx` file carries the id itself, on its first comment
/// line `% run ID`, which readers of Matrix Market skip.
public struct ExportRun: Sendable, Equatable {
    /// 16 hexadecimal digits.
    public var id: String

    /// The id digesting `parts` in order (the matrix's kind and size, then the bytes of the files beside it).
    init(digesting parts: [[UInt8]]) {
        var hash = FNV1a()
        for part in parts {
            for byte in part { hash.feed(byte) }
            // A separator after each part's length, so that moving bytes from one part to the next changes the id.
            for shift in stride(from: 0, to: 64, by: 8) { hash.feed(UInt8(truncatingIfNeeded: part.count >> shift)) }
        }
        id = Self.hex(hash.value)
    }

    /// The `.mtx` comment line (without the `%`) that carries the id.
    var matrixMarketComment: String { "run \(id)" }

    /// The sidecar's path for an export to `prefix` (or a matrix file).
    public static func sidecarPath(_ prefix: String) -> String { prefix + ".run" }

    /// The sidecar's bytes: the id, then per file its name relative to the sidecar's directory, its size and its
    /// checksum (`-` for the matrix file, which is listed first).
    func sidecar(matrix: (path: String, size: Int), companions: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        var text = "run\t\(id)\n"
        text += "\(Self.baseName(matrix.path))\t\(matrix.size)\t-\n"
        for companion in companions {
            text += "\(Self.baseName(companion.path))\t\(companion.bytes.count)\t\(Self.checksum(companion.bytes))\n"
        }
        return Array(text.utf8)
    }

    /// The 64-bit FNV-1a checksum of `bytes` in hex.
    static func checksum(_ bytes: [UInt8]) -> String {
        var hash = FNV1a()
        for byte in bytes { hash.feed(byte) }
        return hex(hash.value)
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// Whether the files listed by the sidecar at `path` are the ones it was written with: each exists with the size
    /// and checksum listed, and an `.mtx` file carries the sidecar's run id.
    ///
    /// - Returns: one sentence per mismatch (empty when the export is whole).
    /// - Throws: ``IOFailure`` when the sidecar cannot be read; ``ExportRunError`` when it is not a sidecar.
    public static func check(sidecar path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IOFailure.reading(path, what: "the run file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard let first = lines.first, first.count == 2, first[0] == "run" else {
            throw ExportRunError(path: path, line: 1, problem: "expected 'run' and an id")
        }
        let id = String(first[1])
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) + "/" : ""
        var problems: [String] = []
        for (offset, fields) in lines.enumerated().dropFirst() {
            guard fields.count == 3, let size = Int(fields[1]) else {
                throw ExportRunError(path: path, line: offset + 1, problem: "expected a name, a size and a checksum")
            }
            let file = directory + fields[0]
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append("\(file): missing (the run \(id) wrote it)")
                continue
            }
            let bytes = [UInt8](data)
            if bytes.count != size {
                problems.append("\(file): \(bytes.count) bytes, not the \(size) of run \(id)")
            } else if fields[2] != "-", checksum(bytes) != fields[2] {
                problems.append("\(file): checksum \(checksum(bytes)), not the \(fields[2]) of run \(id)")
            }
            if file.hasSuffix(".mtx") {
                let head = String(decoding: bytes.prefix(4096), as: UTF8.self).split(separator: "\n")
                let runs = head.prefix { $0.hasPrefix("%") }.filter { $0.hasPrefix("% run ") }
                if runs.first.map({ String($0.dropFirst(6)) }) != id {
                    let found = runs.first.map { "run \($0.dropFirst(6))" } ?? "no run line"
                    problems.append("\(file): \(found), not run \(id)")
                }
            }
        }
        return problems
    }
}

/// A sidecar that is not one: exit status 65.
public struct ExportRunError: StanceFailure, Equatable, Sendable {
    public var path: String
    public var line: Int
    public var problem: String

    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "\(path):\(line): not an export's run file: \(problem)" }
}
