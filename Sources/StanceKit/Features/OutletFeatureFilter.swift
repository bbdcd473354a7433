/// Finds n-gram columns whose association is with outlets rather than with classes, so that training can drop them.
///
/// When labels come from outlets, a model can score well by recognising each outlet's house style (`w:said`,
/// `w:hk edition`, bylines) instead of framing. With two or more outlets in a class, such features show
/// themselves: they separate the outlets *within* a class about as strongly as they separate the classes. For each
/// n-gram column j, with m(c) its mean over the training documents of class c and m(c, o) its mean over those of
/// outlet o in class c (outlets with at least ``minimumDocuments`` documents only):
/// ```
/// between(j) = max over classes c ≠ c'  of |m(c) − m(c')|
/// within(j)  = max over classes c, outlets o ≠ o' of c  of |m(c, o) − m(c, o')|
/// ```
/// and the column is dropped when `within(j) ≥ ratio · between(j)` and `within(j) > 0`. A feature constant within
/// every class (pure framing by this measure) has `within = 0` and stays; a feature that one outlet of a class uses
/// and the other never does goes, however well it separates the classes. Lexicon columns always stay: they are
/// the concepts the model is meant to learn, and their layout is fixed by the lexicon.
///
/// Whether it helps is measured by the gap between the within-outlet figure (ordinary cross-validation) and the
/// outlet-disjoint figure (`stance eval --group-by source`): house-style features inflate the first only.
public struct OutletFeatureFilter: Sendable {
    /// A column goes when its within-class outlet separation is at least this share of its class separation.
    public var ratio: Double
    /// Outlets with fewer training documents are left out of the comparison.
    public var minimumDocuments: Int

    public init(ratio: Double = 1, minimumDocuments: Int = 5) {
        self.ratio = ratio
        self.minimumDocuments = minimumDocuments
    }

    /// The n-gram columns (among `0..<nGramColumns`) to keep, ascending.
    ///
    /// - Parameters:
    ///   - matrix: the training rows.
    ///   - labels: each row's class index.
    ///   - outlets: each row's outlet (`nil` for none: the row counts for its class only).
    ///   - nGramColumns: the number of leading n-gram columns the filter may drop.
    /// - Throws: ``OutletFeatureError`` when no class has two outlets with enough documents to compare.
    public func keptColumns(
        _ matrix: SparseMatrix, labels: [Int], outlets: [String?], nGramColumns: Int
    ) throws(OutletFeatureError) -> [Int] {
        precondition(labels.count == matrix.rowCount && outlets.count == matrix.rowCount)
        let classCount = (labels.max() ?? 0) + 1
        // Groups: one per class, then one per (class, outlet) with enough documents.
        var groupOf: [String: Int] = [:]
        var sizes: [String: Int] = [:]
        for (row, outlet) in outlets.enumerated() {
            if let outlet { sizes["\(labels[row])\u{1F}\(outlet)", default: 0] += 1 }
        }
        var outletGroups: [(classIndex: Int, group: Int)] = []
        for key in codePointSorted(sizes.keys) where sizes[key]! >= minimumDocuments {
            groupOf[key] = classCount + outletGroups.count
            outletGroups.append((Int(key.split(separator: "\u{1F}")[0])!, classCount + outletGroups.count))
        }
        let comparable = (0..<classCount).filter { c in outletGroups.filter { $0.classIndex == c }.count >= 2 }
        if comparable.isEmpty { throw OutletFeatureError.noClassWithTwoOutlets(minimumDocuments: minimumDocuments) }
        let groupCount = classCount + outletGroups.count
        var sums = [Double](repeating: 0, count: groupCount * nGramColumns)
        var counts = [Int](repeating: 0, count: groupCount)
        for row in 0..<matrix.rowCount {
            var groups = [labels[row]]
            if let outlet = outlets[row], let group = groupOf["\(labels[row])\u{1F}\(outlet)"] { groups.append(group) }
            for group in groups { counts[group] += 1 }
            for (column, value) in matrix.row(row) where Int(column) < nGramColumns {
                for group in groups { sums[group * nGramColumns + Int(column)] += value }
            }
        }
        func mean(_ group: Int, _ column: Int) -> Double {
            counts[group] == 0 ? 0 : sums[group * nGramColumns + column] / Double(counts[group])
        }
        var kept: [Int] = []
        for column in 0..<nGramColumns {
            var between = 0.0
            for a in 0..<classCount {
                for b in (a + 1)..<max(a + 1, classCount) where counts[a] > 0 && counts[b] > 0 {
                    between = max(between, abs(mean(a, column) - mean(b, column)))
                }
            }
            var within = 0.0
            for c in comparable {
                let members = outletGroups.filter { $0.classIndex == c }.map(\.group)
                let means = members.map { mean($0, column) }
                if let high = means.max(), let low = means.min() { within = max(within, high - low) }
            }
            if !(within > 0 && within >= ratio * between) { kept.append(column) }
        }
        return kept
    }
}

/// Why outlet features cannot be found: exit status 65.
public enum OutletFeatureError: StanceFailure, Equatable, Sendable {
    case noClassWithTwoOutlets(minimumDocuments: Int)

    public var exitStatus: ExitStatus { .dataError }
    public var description: String {
        switch self {
        case .noClassWithTwoOutlets(let minimum):
            return "dropping outlet features needs a class with at least two outlets of \(minimum) or more "
                + "training documents each (the source field names the outlet)"
        }
    }
}
