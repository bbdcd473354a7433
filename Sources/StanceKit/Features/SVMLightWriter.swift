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
    /// (``ParallelChunks``), and written in row order by a background thread (``BackgroundWriter``) while the
    /// workers format the next rows; the file is the same for every thread count.
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
            // Workers format a batch of chunks while the background thread writes the batch before.
            try output.flush()
            let file = DirectFileWriter(descriptor: output.descriptor, name: path)
            let writer = BackgroundWriter(pending: 8 * max(1, threads), output: file.write)
            ParallelChunks.mapReduce(
                chunks: ParallelChunks.chunkCount(matrix.rowCount), threads: threads, state: {},
                { chunk, _ -> [UInt8] in
                    Self.lines(of: matrix, rows: ParallelChunks.range(of: chunk, count: matrix.rowCount),
                               labels: labelIndices)
                },
                reduce: writer.write)
            try writer.finish()
            try file.finish()
        }
        try AtomicFile.write(to: path + ".names") { output in
            for name in columnNames { try output.write(name + "\n") }
        }
        try AtomicFile.write(to: path + ".labels") { output in
            for label in order { try output.write(label + "\n") }
        }
    }

    /// The lines of `rows`: `label index:value index:value ...\n` each, indices 1-based in decimal, values in
    /// Swift's shortest round-trip form (the text of `Double.description`, e.g. `0.5`, `1e-05`, `5e-324`).
    ///
    /// The bytes go straight into one array sized for the longest possible text of each entry, without an array
    /// append per byte or a `String` per value.
    static func lines(of matrix: SparseMatrix, rows: Range<Int>, labels: [Int]) -> [UInt8] {
        let entries = matrix.rowOffsets[rows.upperBound] - matrix.rowOffsets[rows.lowerBound]
        let capacity = rows.count * (Self.longestInteger + 1) + entries * Self.longestEntry
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = ByteCursor(position: buffer.baseAddress!)
            matrix.columnIndices.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    for row in rows {
                        cursor.appendDecimal(labels[row])
                        for entry in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] {
                            cursor.append(0x20)  // space
                            cursor.appendDecimal(Int(columns[entry]) + 1)
                            cursor.append(0x3A)  // :
                            values[entry].write(to: &cursor)
                        }
                        cursor.append(0x0A)
                    }
                }
            }
            count = cursor.position - buffer.baseAddress!
        }
    }

    /// The most bytes of a decimal `Int`: `-9223372036854775808`.
    static let longestInteger = 20
    /// The most bytes of ` index:value`: a space, an index, a colon and the longest shortest round-trip `Double`
    /// (`-2.2250738585072014e-308`, 24 bytes; 32 leaves room to spare).
    static let longestEntry = 1 + longestInteger + 1 + 32
}

/// Writes bytes at a position of a buffer known to be large enough.
private struct ByteCursor: TextOutputStream {
    var position: UnsafeMutablePointer<UInt8>

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        position.pointee = byte
        position += 1
    }

    /// The decimal digits of `value` (with a `-` when negative).
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(0x2D) }
        var magnitude = value.magnitude
        var digits = 1
        var power: UInt = 10
        while digits < 20 && magnitude >= power {
            digits += 1
            power = power &* 10
        }
        position += digits
        var write = position
        repeat {
            write -= 1
            write.pointee = UInt8(truncatingIfNeeded: 0x30 + magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    /// The standard library's floating-point types hand their text to this requirement of `TextOutputStream` as
    /// ASCII bytes from a stack buffer; taking them here saves building a `String` for each value.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        position.update(from: buffer.baseAddress!, count: buffer.count)
        position += buffer.count
    }
}

/// Inputs that cannot be written as svmlight: exit status 65.
public struct SVMLightError: StanceFailure, Equatable, Sendable {
    public var problem: String

    public init(problem: String) { self.problem = problem }

    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "cannot write svmlight: \(problem)" }
}
