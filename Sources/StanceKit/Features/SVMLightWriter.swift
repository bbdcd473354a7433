#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a feature matrix in the svmlight / libsvm text format, for other tools (scikit-learn's
/// `load_svmlight_file`, liblinear, Vowpal Wabbit converters).
///
/// Three files are written, each atomically (to a temporary file in the same directory, then renamed):
/// - `OUT`: one line per row, `label_index feature:value feature:value ...`, feature indices 1-based and
///   increasing, values in Swift's shortest round-trip decimal form (reads back to the identical `Double`);
///   `label_index` is the 0-based position of the row's label in `OUT.labels`, written as an integer.
/// - `OUT.names`: the name of column j (1-based feature j) on line j.
/// - `OUT.labels`: the distinct labels in Unicode code point order, one per line; line k + 1 holds label index k.
public struct SVMLightWriter: Sendable {
    public init() {}

    /// The distinct labels in code point order: the label index of a row is its label's position here.
    public static func labelOrder(_ labels: [String]) -> [String] {
        Array(Set(labels)).sorted(by: utf8Precedes)
    }

    /// Writes `matrix` with one label per row and a name per column to `path`, `path.names` and `path.labels`.
    ///
    /// - Throws: ``SVMLightError`` when the inputs do not fit together (row and label counts, column and name
    ///   counts, a name or label with a line break, a value that is not finite); ``IOFailure`` when a file cannot be
    ///   written.
    public func write(_ matrix: SparseMatrix, labels: [String], columnNames: [String], to path: String) throws {
        guard labels.count == matrix.rowCount else {
            throw SVMLightError(problem: "\(matrix.rowCount) rows but \(labels.count) labels")
        }
        guard columnNames.count == matrix.columnCount else {
            throw SVMLightError(problem: "\(matrix.columnCount) columns but \(columnNames.count) names")
        }
        let order = Self.labelOrder(labels)
        for text in order + columnNames where text.contains(where: \.isNewline) {
            throw SVMLightError(problem: "label or column name with a line break: \(text.debugDescription)")
        }
        if let bad = matrix.values.first(where: { !$0.isFinite }) {
            throw SVMLightError(problem: "value \(bad) cannot be written")
        }
        var index: [String: Int] = [:]
        for (position, label) in order.enumerated() { index[label] = position }

        try Self.writeAtomically(to: path) { write in
            for row in 0..<matrix.rowCount {
                var line = String(index[labels[row]]!)
                for (column, value) in matrix.row(row) {
                    line += " \(Int(column) + 1):\(value)"
                }
                line += "\n"
                try write(line)
            }
        }
        try Self.writeAtomically(to: path + ".names") { write in
            for name in columnNames { try write(name + "\n") }
        }
        try Self.writeAtomically(to: path + ".labels") { write in
            for label in order { try write(label + "\n") }
        }
    }

    /// Writes the text that `body` passes to its sink into a temporary file beside `path` and renames it to `path`
    /// only when all went well; on any error the temporary file is removed and `path` is left as it was.
    static func writeAtomically(to path: String, _ body: ((String) throws -> Void) throws -> Void) throws {
        var template = Array((path + ".tmp.XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw IOFailure(path: path, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var open = true
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func flush() throws {
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
                    throw IOFailure(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
        do {
            _ = fchmod(descriptor, 0o644)
            try body { text in
                buffer.append(contentsOf: text.utf8)
                if buffer.count >= 1 << 16 { try flush() }
            }
            try flush()
            if fsync(descriptor) != 0 {
                throw IOFailure(path: path, reason: "cannot sync: \(String(cString: strerror(errno)))")
            }
            open = false
            if close(descriptor) != 0 {
                throw IOFailure(path: path, reason: "cannot close: \(String(cString: strerror(errno)))")
            }
            if rename(temporary, path) != 0 {
                throw IOFailure(path: path, reason: "cannot rename into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            if open { _ = close(descriptor) }
            _ = unlink(temporary)
            throw error
        }
    }
}

/// Inputs that cannot be written as svmlight: exit status 65.
public struct SVMLightError: StanceFailure, Equatable, Sendable {
    public var problem: String

    public init(problem: String) { self.problem = problem }

    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "cannot write svmlight: \(problem)" }
}
