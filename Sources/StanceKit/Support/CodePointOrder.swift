/// Whether `lhs` comes before `rhs` when both are compared scalar by scalar on their Unicode code points.
///
/// Every list of labels, targets and sources that `stance` prints or writes is ordered with this comparison, so the
/// order never depends on the locale, on normalisation-aware `String` comparison or on the standard library version.
/// A string that is a proper prefix of another comes first:
///
/// ```
/// "AGAINST" < "FAVOR" < "NONE" < "中立" < "反对"   // U+4E2D < U+53CD
/// ```
///
/// - Complexity: O(min(m, n)) scalars.
public func codePointPrecedes(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars) { $0.value < $1.value }
}

/// Whether two key tuples are in code-point order, field by field.
func codePointPrecedes(_ lhs: [String], _ rhs: [String]) -> Bool {
    for (left, right) in zip(lhs, rhs) where left != right {
        return codePointPrecedes(left, right)
    }
    return lhs.count < rhs.count
}

/// Sorts strings by Unicode code point (``codePointPrecedes(_:_:)``), the order of labels everywhere in `stance`.
public func codePointSorted<S: Sequence>(_ values: S) -> [String] where S.Element == String {
    values.sorted(by: codePointPrecedes)
}

extension Sequence where Element == String {
    /// The strings sorted by Unicode code point (see ``codePointPrecedes(_:_:)``).
    public func sortedByCodePoint() -> [String] { sorted(by: codePointPrecedes) }
}

/// The distinct labels in code-point order and each document's label as an index into them: the encoding that
/// ``ClassificationMetrics`` and the fold assignment expect for gold labels.
///
/// ```
/// encodeLabels(["NONE", "FAVOR", "NONE"]) == (names: ["FAVOR", "NONE"], indices: [1, 0, 1])
/// ```
public func encodeLabels(_ labels: [String]) -> (names: [String], indices: [Int]) {
    let names = Set(labels).sortedByCodePoint()
    var index: [String: Int] = [:]
    for (position, name) in names.enumerated() { index[name] = position }
    return (names, labels.map { index[$0]! })
}
