/// Writes a sparse matrix in the Matrix Market exchange format (coordinate, real, general), which R's
/// `Matrix::readMM`, SciPy's `scipy.io.mmread` and most numerical tools read.
///
/// ```
/// %%MatrixMarket matrix coordinate real general
/// % comment lines
/// ROWS COLUMNS ENTRIES
/// i j value
/// ```
/// Indices are 1-based; entries come row by row, columns increasing within a row; values are integers when they
/// are whole numbers below 2^53 and otherwise Swift's shortest round-trip decimal form (reads back to the identical
/// `Double`). The file is written atomically, its rows formatted on `threads` workers and written in order by a
/// background thread, so it is the same for every thread count.
public struct MatrixMarketWriter: Sendable {
    /// Comment lines written after the banner (each without the leading `%`).
    public var comments: [String]

    public init(comments: [String] = []) { self.comments = comments }

    /// Writes `matrix` to `path`.
    ///
    /// - Throws: ``SVMLightError`` for a value that is not finite, ``IOFailure`` when the file cannot be written.
    public func write(_ matrix: SparseMatrix, to path: String, threads: ThreadBudget = .single) throws {
        try write(
            rowCount: matrix.rowCount, columnCount: matrix.columnCount, nonZeroCount: matrix.nonZeroCount, to: path,
            threads: threads
        ) { rows in
            var part = SparseMatrix(columnCount: matrix.columnCount)
            for row in rows { part.appendRow(matrix.row(row)) }
            return part
        }
    }

    /// Writes rows that `rows` builds on demand, a chunk of consecutive rows at a time (numbered from 0 in the
    /// chunk), so that the whole matrix is never held.
    ///
    /// - Parameters:
    ///   - nonZeroCount: the number of entries of all rows (the header comes first); checked at the end.
    ///   - rows: the rows of a range of row numbers; called from several threads at once, each range once.
    ///   - group: the files the matrix belongs with, renamed into place together by the caller
    ///     (``AtomicFileGroup/commit()``); `nil` renames the file into place at once.
    /// - Throws: ``MatrixMarketError`` when the rows do not fit the sizes given or hold a value that is not finite
    ///   (nothing is left at `path` then); ``IOFailure`` when the file cannot be written.
    public func write(
        rowCount: Int, columnCount: Int, nonZeroCount: Int, to path: String, threads: ThreadBudget = .single,
        group: AtomicFileGroup? = nil, rows: @Sendable (Range<Int>) -> SparseMatrix
    ) throws {
        var header = "%%MatrixMarket matrix coordinate real general\n"
        for comment in comments { header += "%" + (comment.isEmpty ? "" : " ") + comment + "\n" }
        header += "\(rowCount) \(columnCount) \(nonZeroCount)\n"
        let headerBytes = Array(header.utf8)
        let files = group ?? AtomicFileGroup()
        try files.write(to: path) { output in
            try output.flush()
            let file = DirectFileWriter(descriptor: output.descriptor, name: path)
            try file.write(headerBytes)
            let writer = BackgroundWriter(pending: 8 * threads.count, output: file.write)
            var failure: (any Error)?
            var written = 0
            ParallelChunks.mapReduce(
                chunks: ParallelChunks.chunkCount(rowCount), threads: threads, state: {},
                { chunk, _ -> Result<([UInt8], Int), MatrixMarketError> in
                    let range = ParallelChunks.range(of: chunk, count: rowCount)
                    let part = rows(range)
                    guard part.rowCount == range.count, part.columnCount == columnCount else {
                        return .failure(
                            MatrixMarketError(
                                problem: "rows \(range) came as \(part.rowCount) rows of \(part.columnCount) "
                                    + "columns, not \(range.count) of \(columnCount)"))
                    }
                    if let bad = part.values.first(where: { !$0.isFinite }) {
                        return .failure(MatrixMarketError(problem: "value \(bad) cannot be written"))
                    }
                    return .success((Self.lines(of: part, firstRow: range.lowerBound), part.nonZeroCount))
                },
                reduce: { result in
                    guard failure == nil else { return }
                    switch result {
                    case .success(let (bytes, count)):
                        writer.write(bytes)
                        written += count
                    case .failure(let error): failure = error
                    }
                })
            try writer.finish()
            if let failure { throw failure }
            guard written == nonZeroCount else {
                throw MatrixMarketError(
                    problem: "the header announced \(nonZeroCount) entries, the rows hold \(written)")
            }
            try file.finish()
        }
        if group == nil { try files.commit() }
    }

    /// The entry lines of `matrix`, whose row 0 is row `firstRow` of the whole matrix (0-based).
    static func lines(of matrix: SparseMatrix, firstRow: Int) -> [UInt8] {
        let capacity = matrix.nonZeroCount * (2 * SVMLightWriter.longestInteger + 2 + 32 + 1)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = ByteCursor(position: buffer.baseAddress!)
            matrix.columnIndices.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    for row in 0..<matrix.rowCount {
                        // The row number and its space are formatted once per row and copied to its other lines.
                        var prefix: UnsafeMutablePointer<UInt8>?
                        var prefixLength = 0
                        for entry in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] {
                            if let prefix {
                                cursor.position.update(from: prefix, count: prefixLength)
                                cursor.position += prefixLength
                            } else {
                                prefix = cursor.position
                                cursor.appendDecimal(firstRow + row + 1)
                                cursor.append(0x20)
                                prefixLength = cursor.position - prefix!
                            }
                            cursor.appendDecimal(Int(columns[entry]) + 1)
                            cursor.append(0x20)
                            let value = values[entry]
                            if value >= 0 && value < 10 && value == value.rounded() {
                                // A one-digit count (the most common value of a count matrix); -0 is written 0,
                                // as `Int(value)` gives.
                                cursor.append(0x30 + UInt8(value))
                            } else if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
                                cursor.appendDecimal(Int(value))
                            } else {
                                ShortestDoubleText.write(value, to: &cursor)
                            }
                            cursor.append(0x0A)
                        }
                    }
                }
            }
            count = cursor.position - buffer.baseAddress!
        }
    }
}

/// A matrix that cannot be written as Matrix Market: exit status 65.
public struct MatrixMarketError: StanceFailure, Equatable, Sendable {
    public var problem: String

    public init(problem: String) { self.problem = problem }

    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "cannot write Matrix Market: \(problem)" }
}
