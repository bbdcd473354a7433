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

    /// The bytes of the two files written beside the matrix: `OUT.names` and `OUT.labels`.
    public struct Companions: Sendable, Equatable {
        public var names: [UInt8]
        public var labels: [UInt8]
    }

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
    @discardableResult
    public func write(
        _ matrix: SparseMatrix, labels: [String], columnNames: [String], to path: String,
        threads: ThreadBudget = .single, group: AtomicFileGroup? = nil
    ) throws -> Companions {
        guard columnNames.count == matrix.columnCount else {
            throw SVMLightError(problem: "\(matrix.columnCount) columns but \(columnNames.count) names")
        }
        if let bad = matrix.values.first(where: { !$0.isFinite }) {
            throw SVMLightError(problem: "value \(bad) cannot be written")
        }
        return try write(
            rowCount: matrix.rowCount, labels: labels, columnNames: columnNames, to: path, threads: threads,
            group: group
        ) { rows, labels in Self.lines(of: matrix, rows: rows, labels: labels) }
    }

    /// Writes rows that `rows` builds on demand, a chunk of consecutive rows at a time (numbered from 0 in the
    /// chunk), with one label per row and a name per column, so that the whole matrix is never held; otherwise as
    /// ``write(_:labels:columnNames:to:threads:)``.
    ///
    /// - Parameters:
    ///   - rows: the rows of a range of row numbers, as a matrix with `columnNames.count` columns; called from
    ///     several threads at once, each range once.
    ///   - group: the files the three belong with, renamed into place together by the caller
    ///     (``AtomicFileGroup/commit()``); `nil` renames the three together at the end.
    /// - Returns: the bytes of the `.names` and `.labels` files.
    /// - Throws: as ``write(_:labels:columnNames:to:threads:)``; nothing is left at `path` when a chunk has a value
    ///   that is not finite or the wrong number of columns.
    @discardableResult
    public func write(
        rowCount: Int, labels: [String], columnNames: [String], to path: String, threads: ThreadBudget = .single,
        group: AtomicFileGroup? = nil, rows: @Sendable (Range<Int>) -> SparseMatrix
    ) throws -> Companions {
        let columnCount = columnNames.count
        return try write(
            rowCount: rowCount, labels: labels, columnNames: columnNames, to: path, threads: threads, group: group
        ) {
            range, labels in
            let chunk = rows(range)
            guard chunk.rowCount == range.count, chunk.columnCount == columnCount else {
                throw SVMLightError(
                    problem: "rows \(range) came as \(chunk.rowCount) rows of \(chunk.columnCount) columns, "
                        + "not \(range.count) of \(columnCount)")
            }
            if let bad = chunk.values.first(where: { !$0.isFinite }) {
                throw SVMLightError(problem: "value \(bad) cannot be written")
            }
            return Self.lines(of: chunk, rows: 0..<chunk.rowCount, labels: labels)
        }
    }

    /// The shared part of both writers: checks, then the lines of each chunk from `lines(rows, their label
    /// indices)`, written in order; the three files are staged in `group` (or in a group of their own, renamed
    /// into place at the end).
    private func write(
        rowCount: Int, labels: [String], columnNames: [String], to path: String, threads: ThreadBudget,
        group: AtomicFileGroup?, lines: @Sendable (Range<Int>, ArraySlice<Int>) throws -> [UInt8]
    ) throws -> Companions {
        guard labels.count == rowCount else {
            throw SVMLightError(problem: "\(rowCount) rows but \(labels.count) labels")
        }
        let order = Self.labelOrder(labels)
        let labelLines = try Self.lineBytes(order)
        let nameLines = try Self.lineBytes(columnNames)
        var index: [String: Int] = [:]
        for (position, label) in order.enumerated() { index[label] = position }
        let labelIndices = labels.map { index[$0]! }

        let files = group ?? AtomicFileGroup()
        try files.write(to: path) { output in
            // Workers format a batch of chunks while the background thread writes the batch before.
            try output.flush()
            let file = DirectFileWriter(descriptor: output.descriptor, name: path)
            let writer = BackgroundWriter(pending: 8 * threads.count, output: file.write)
            var failure: (any Error)?
            ParallelChunks.mapReduce(
                chunks: ParallelChunks.chunkCount(rowCount), threads: threads, state: {},
                { chunk, _ -> Result<[UInt8], any Error> in
                    let rows = ParallelChunks.range(of: chunk, count: rowCount)
                    return Result { try lines(rows, labelIndices[rows]) }
                },
                reduce: { result in
                    guard failure == nil else { return }
                    switch result {
                    case .success(let bytes): writer.write(bytes)
                    case .failure(let error): failure = error
                    }
                })
            try writer.finish()
            if let failure { throw failure }
            try file.finish()
        }
        try files.write(nameLines, to: path + ".names")
        try files.write(labelLines, to: path + ".labels")
        if group == nil { try files.commit() }
        return Companions(names: nameLines, labels: labelLines)
    }

    /// `texts` as UTF-8, each followed by a line feed, in one array.
    ///
    /// - Throws: ``SVMLightError`` for a text with a line break of its own (whatever `Character.isNewline`
    ///   accepts: LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR), found by looking at the bytes: a
    ///   vocabulary has 100,000s of names, and walking them as `Character`s took 45 ms on NLPCC.
    static func lineBytes(_ texts: [String]) throws(SVMLightError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(texts.reduce(texts.count) { $0 + $1.utf8.count })
        for text in texts {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            if Self.hasLineBreak(bytes[start...]) {
                throw SVMLightError(problem: "label or column name with a line break: \(text.debugDescription)")
            }
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Whether valid UTF-8 holds U+000A–U+000D, U+0085 (`C2 85`), U+2028 or U+2029 (`E2 80 A8`, `E2 80 A9`).
    static func hasLineBreak(_ utf8: ArraySlice<UInt8>) -> Bool {
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x0A && byte <= 0x0D { return true }
            if byte == 0xC2 && index + 1 < utf8.endIndex && utf8[index + 1] == 0x85 { return true }
            if byte == 0xE2 && index + 2 < utf8.endIndex && utf8[index + 1] == 0x80
                && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// The lines of `rows`: `label index:value index:value ...\n` each, indices 1-based in decimal, values in
    /// Swift's shortest round-trip form (the text of `Double.description`, e.g. `0.5`, `1e-05`, `5e-324`).
    ///
    /// The bytes go straight into one array sized for the longest possible text of each entry, without an array
    /// append per byte or a `String` per value; each value's text is ``ShortestDoubleText``'s, the standard
    /// library's bytes from faster digits.
    static func lines(of matrix: SparseMatrix, rows: Range<Int>, labels: ArraySlice<Int>) -> [UInt8] {
        let entries = matrix.rowOffsets[rows.upperBound] - matrix.rowOffsets[rows.lowerBound]
        let capacity = rows.count * (Self.longestInteger + 1) + entries * Self.longestEntry
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = ByteCursor(position: buffer.baseAddress!)
            matrix.columnIndices.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    for (row, label) in zip(rows, labels) {
                        cursor.appendDecimal(label)
                        for entry in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] {
                            cursor.append(0x20)  // space
                            cursor.appendDecimal(Int(columns[entry]) + 1)
                            cursor.append(0x3A)  // :
                            ShortestDoubleText.write(values[entry], to: &cursor)
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
struct ByteCursor: TextOutputStream {
    var position: UnsafeMutablePointer<UInt8>

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        position.pointee = byte
        position += 1
    }

    /// The decimal digits of `value` (with a `-` when negative).
    ///
    /// Below 10⁸ (every column index and label index of a feature file) the digits are made eight at a time
    /// (``DecimalDigits/eight(_:)``) and stored in one word, shifted past the leading zeros, and their number is
    /// counted without branches: a digit at a time, the loop's exit was mispredicted for about every other index (a
    /// quarter of the time of writing an svmlight line). The word's bytes past the digits land in the room every
    /// writer keeps for the longest integer (20 bytes) and are written over next.
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        if value >= 0 && value < 100_000_000 {
            let small = UInt32(truncatingIfNeeded: value)
            var count = 1
            var power: UInt32 = 10
            for _ in 0..<7 {
                count &+= small >= power ? 1 : 0
                power &*= 10
            }
            let digits = DecimalDigits.eight(small) >> UInt64(8 * (8 - count))
            UnsafeMutableRawPointer(position).storeBytes(of: digits.littleEndian, as: UInt64.self)
            position += count
            return
        }
        if value < 0 { append(0x2D) }
        let magnitude = UInt64(value.magnitude)
        let count = DecimalDigits.count(magnitude)
        position += count
        _ = DecimalDigits.write(magnitude, count: count, endingAt: position)
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
