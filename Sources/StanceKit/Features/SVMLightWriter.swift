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

        try AtomicFile.write(to: path) { output in
            for row in 0..<matrix.rowCount {
                var line = String(index[labels[row]]!)
                for (column, value) in matrix.row(row) {
                    line += " \(Int(column) + 1):\(value)"
                }
                line += "\n"
                try output.write(line)
            }
        }
        try AtomicFile.write(to: path + ".names") { output in
            for name in columnNames { try output.write(name + "\n") }
        }
        try AtomicFile.write(to: path + ".labels") { output in
            for label in order { try output.write(label + "\n") }
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
