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
    /// Rows are formatted straight into byte buffers, 64 rows at a time, spread over `threads` workers
    /// (``ParallelChunks``) and written in row order, so the file is the same for every thread count.
    ///
    /// - Parameters:
    ///   - threads: the number of threads that format rows; the output does not depend on it.
    /// - Throws: ``SVMLightError`` when the inputs do not fit together (row and label counts, column and name
    ///   counts, a name or label with a line break, a value that is not finite); ``IOFailure`` when a file cannot be
    ///   written.
    public func write(
        _ matrix: SparseMatrix, labels: [String], columnNames: [String], to path: String, threads: Int = 1
    ) throws {
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
        let labelIndices = labels.map { index[$0]! }

        try AtomicFile.write(to: path) { output in
            var failure: (any Error)?
            ParallelChunks.mapReduce(
                chunks: ParallelChunks.chunkCount(matrix.rowCount), threads: threads, state: {},
                { chunk, _ -> [UInt8] in
                    var bytes: [UInt8] = []
                    for row in ParallelChunks.range(of: chunk, count: matrix.rowCount) {
                        Self.appendLine(of: matrix, row: row, label: labelIndices[row], to: &bytes)
                    }
                    return bytes
                },
                reduce: { bytes in
                    guard failure == nil else { return }
                    do { try output.write(bytes: bytes) } catch { failure = error }
                })
            if let failure { throw failure }
        }
        try AtomicFile.write(to: path + ".names") { output in
            for name in columnNames { try output.write(name + "\n") }
        }
        try AtomicFile.write(to: path + ".labels") { output in
            for label in order { try output.write(label + "\n") }
        }
    }

    /// Appends `label index:value index:value ...\n` for row `row`: indices 1-based in decimal, values in Swift's
    /// shortest round-trip form (`Double.description`, e.g. `0.5`, `1e-05`, `5e-324`).
    static func appendLine(of matrix: SparseMatrix, row: Int, label: Int, to bytes: inout [UInt8]) {
        appendDecimal(label, to: &bytes)
        let range = matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1]
        matrix.columnIndices.withUnsafeBufferPointer { columns in
            matrix.values.withUnsafeBufferPointer { values in
                for entry in range {
                    bytes.append(0x20)  // space
                    appendDecimal(Int(columns[entry]) + 1, to: &bytes)
                    bytes.append(0x3A)  // :
                    var text = values[entry].description
                    text.withUTF8 { bytes.append(contentsOf: $0) }
                }
            }
        }
        bytes.append(0x0A)
    }

    /// Appends the decimal digits of `value` (with a `-` when negative).
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, least significant first
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: 0x30 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 {
                count -= 1
                bytes.append(digits[count])
            }
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
