/// A sparse matrix of `Double` in compressed sparse row (CSR) form.
///
/// Row `i` holds the entries `values[rowOffsets[i]..<rowOffsets[i + 1]]` in the columns
/// `columnIndices[rowOffsets[i]..<rowOffsets[i + 1]]`; column indices within a row are strictly increasing.
public struct SparseMatrix: Equatable, Sendable {
    public private(set) var rowCount: Int
    public var columnCount: Int
    public private(set) var rowOffsets: [Int]
    public private(set) var columnIndices: [Int32]
    public private(set) var values: [Double]

    /// An empty matrix with no rows and `columnCount` columns.
    public init(columnCount: Int) {
        self.rowCount = 0
        self.columnCount = columnCount
        self.rowOffsets = [0]
        self.columnIndices = []
        self.values = []
    }

    /// A matrix from its CSR arrays.
    ///
    /// - Precondition: `rowOffsets` starts at 0, never decreases and ends at `columnIndices.count`;
    ///   every column index lies in `0..<columnCount`.
    public init(columnCount: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Double]) {
        precondition(rowOffsets.first == 0 && rowOffsets.last == columnIndices.count)
        precondition(columnIndices.count == values.count)
        self.rowCount = rowOffsets.count - 1
        self.columnCount = columnCount
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// Appends a row given as (column, value) pairs sorted by column.
    public mutating func appendRow<S: Sequence>(_ entries: S) where S.Element == (Int32, Double) {
        for (column, value) in entries {
            precondition(column >= 0 && Int(column) < columnCount, "column out of range")
            columnIndices.append(column)
            values.append(value)
        }
        rowOffsets.append(columnIndices.count)
        rowCount += 1
    }

    /// Appends every row of `other`, which must have the same number of columns.
    public mutating func appendRows(of other: SparseMatrix) {
        precondition(other.columnCount == columnCount)
        let base = columnIndices.count
        columnIndices.append(contentsOf: other.columnIndices)
        values.append(contentsOf: other.values)
        rowOffsets.append(contentsOf: other.rowOffsets.dropFirst().map { $0 + base })
        rowCount += other.rowCount
    }

    /// The entries of row `row` as (column, value) pairs.
    public func row(_ row: Int) -> Zip2Sequence<ArraySlice<Int32>, ArraySlice<Double>> {
        let range = rowOffsets[row]..<rowOffsets[row + 1]
        return zip(columnIndices[range], values[range])
    }

    /// The rows at `indices`, in that order.
    public func rows<C: Collection>(_ indices: C) -> SparseMatrix where C.Element == Int {
        var result = SparseMatrix(columnCount: columnCount)
        result.rowOffsets.reserveCapacity(indices.count + 1)
        for index in indices { result.appendRow(row(index)) }
        return result
    }

    /// The matrix `[self other]`: the columns of `other` placed after those of `self`, row by row.
    public func horizontallyConcatenated(with other: SparseMatrix) -> SparseMatrix {
        precondition(rowCount == other.rowCount)
        var result = SparseMatrix(columnCount: columnCount + other.columnCount)
        let shift = Int32(columnCount)
        for index in 0..<rowCount {
            result.appendRow(Array(row(index)) + other.row(index).map { ($0.0 + shift, $0.1) })
        }
        return result
    }
}
