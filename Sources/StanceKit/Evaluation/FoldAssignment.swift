/// Assigns every document to one of `k` cross-validation folds, stratified by label, keeping duplicates and groups
/// together.
///
/// Documents are first merged into *units*: documents with the same duplicate key (identical texts) form one unit, and
/// when `groups` is given every group (e.g. a news outlet) is one unit, so that no text and no group is ever on both
/// the training and the test side. Units are then placed greedily, as in stratified group k-fold: they are shuffled
/// with the seed, sorted by size (largest first, the shuffle breaking ties), and each goes to the fold that minimises
///
/// ```
/// cost(f) = Σ_l (c_fl + u_l − n_l/k)² − (c_fl − n_l/k)²   (label-distribution deviation)
///         + (s_f + s_u − n/k)² − (s_f − n/k)²             (size imbalance)
/// ```
///
/// where `c_fl` counts label `l` in fold `f`, `u_l` in the unit, `n_l` in all documents, `s_f` and `s_u` are sizes.
/// Ties go to the smaller fold, then the lower fold number. A fold that would otherwise stay empty takes the next unit
/// once as many units remain as folds are empty. Without groups and duplicates this gives every fold within about one
/// document of `n_l/k` documents of each label (ordinary stratified k-fold); with groups it is stratified as far as
/// the groups allow. Repeated cross-validation uses a different seed per repeat (see ``assignRepeatedFolds``).
///
/// - Parameters:
///   - labels: the gold label of each document.
///   - groups: optional group of each document (e.g. its source); no group is split across folds.
///   - duplicateKeys: optional key of each document's text (e.g. ``duplicateKey(of:)`` of the normalised text);
///     documents with equal keys always share a fold.
///   - k: the number of folds, at least 2.
///   - seed: the seed of the ``StableRandom`` shuffle.
/// - Returns: the fold (`0..<k`) of each document.
/// - Throws: ``EvaluationError`` (exit status 65): `fewerGroupsThanFolds`, `onlyTwoGroups`,
///   `fewerDocumentsThanFolds`, `singleClassTrainingFold`, or `invalidInput` for mismatched lengths or `k < 2`.
/// - Complexity: O(n α(n) + u·k·L) for n documents, u units and L labels.
public func assignFolds(
    labels: [String], groups: [String]? = nil, duplicateKeys: [UInt64]? = nil, folds k: Int, seed: UInt64
) throws -> [Int] {
    let n = labels.count
    guard k >= 2 else { throw EvaluationError.invalidInput("the number of folds must be at least 2, not \(k)") }
    if let groups, groups.count != n {
        throw EvaluationError.invalidInput("\(groups.count) group values for \(n) documents")
    }
    if let duplicateKeys, duplicateKeys.count != n {
        throw EvaluationError.invalidInput("\(duplicateKeys.count) duplicate keys for \(n) documents")
    }

    let labelNames = Set(labels).sortedByCodePoint()
    var labelIndex: [String: Int] = [:]
    for (index, name) in labelNames.enumerated() { labelIndex[name] = index }
    let labelCount = labelNames.count

    // Merge documents into units with a union–find forest (path halving, union by index).
    var parent = Array(0..<n)
    func root(_ node: Int) -> Int {
        var node = node
        while parent[node] != node {
            parent[node] = parent[parent[node]]
            node = parent[node]
        }
        return node
    }
    func union(_ a: Int, _ b: Int) {
        let ra = root(a)
        let rb = root(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    if let groups {
        let distinctGroups = Set(groups).count
        if distinctGroups < k { throw EvaluationError.fewerGroupsThanFolds(groups: distinctGroups, folds: k) }
        if distinctGroups == 2 { throw EvaluationError.onlyTwoGroups }
        var first: [String: Int] = [:]
        for (document, group) in groups.enumerated() {
            if let earlier = first[group] { union(earlier, document) } else { first[group] = document }
        }
    }
    if let duplicateKeys {
        var first: [UInt64: Int] = [:]
        for (document, key) in duplicateKeys.enumerated() {
            if let earlier = first[key] { union(earlier, document) } else { first[key] = document }
        }
    }

    var unitOfRoot: [Int: Int] = [:]
    var unitOfDocument = [Int](repeating: 0, count: n)
    var unitLabelCounts: [[Int]] = []
    var unitSizes: [Int] = []
    for document in 0..<n {
        let r = root(document)
        let unit: Int
        if let existing = unitOfRoot[r] {
            unit = existing
        } else {
            unit = unitSizes.count
            unitOfRoot[r] = unit
            unitLabelCounts.append([Int](repeating: 0, count: labelCount))
            unitSizes.append(0)
        }
        unitOfDocument[document] = unit
        unitLabelCounts[unit][labelIndex[labels[document]]!] += 1
        unitSizes[unit] += 1
    }
    let unitCount = unitSizes.count
    if unitCount < k {
        if groups != nil { throw EvaluationError.fewerGroupsThanFolds(groups: unitCount, folds: k) }
        throw EvaluationError.fewerDocumentsThanFolds(documents: unitCount, folds: k)
    }

    // Seeded order: shuffle, then largest first with the shuffled position breaking ties.
    var order = Array(0..<unitCount)
    var random = StableRandom(seed: seed)
    random.shuffle(&order)
    var rank = [Int](repeating: 0, count: unitCount)
    for (position, unit) in order.enumerated() { rank[unit] = position }
    order.sort { unitSizes[$0] != unitSizes[$1] ? unitSizes[$0] > unitSizes[$1] : rank[$0] < rank[$1] }

    var totalPerLabel = [Int](repeating: 0, count: labelCount)
    for counts in unitLabelCounts { for l in 0..<labelCount { totalPerLabel[l] += counts[l] } }
    let labelTarget = totalPerLabel.map { Double($0) / Double(k) }
    let sizeTarget = Double(n) / Double(k)

    var foldLabelCounts = [[Int]](repeating: [Int](repeating: 0, count: labelCount), count: k)
    var foldSizes = [Int](repeating: 0, count: k)
    var unitFold = [Int](repeating: 0, count: unitCount)
    var emptyFolds = k
    for (position, unit) in order.enumerated() {
        let remaining = unitCount - position
        let onlyEmpty = remaining <= emptyFolds
        var best = -1
        var bestCost = Double.infinity
        for fold in 0..<k {
            if onlyEmpty && foldSizes[fold] > 0 { continue }
            var cost = 0.0
            for l in 0..<labelCount where unitLabelCounts[unit][l] > 0 {
                let before = Double(foldLabelCounts[fold][l]) - labelTarget[l]
                let after = before + Double(unitLabelCounts[unit][l])
                cost += after * after - before * before
            }
            let before = Double(foldSizes[fold]) - sizeTarget
            let after = before + Double(unitSizes[unit])
            cost += after * after - before * before
            if best < 0 || cost < bestCost || (cost == bestCost && foldSizes[fold] < foldSizes[best]) {
                best = fold
                bestCost = cost
            }
        }
        if foldSizes[best] == 0 { emptyFolds -= 1 }
        unitFold[unit] = best
        foldSizes[best] += unitSizes[unit]
        for l in 0..<labelCount { foldLabelCounts[best][l] += unitLabelCounts[unit][l] }
    }

    // Every training set (all folds but one) needs at least two classes.
    for fold in 0..<k {
        var present: [Int] = []
        for l in 0..<labelCount where totalPerLabel[l] - foldLabelCounts[fold][l] > 0 { present.append(l) }
        if present.count < 2 {
            let only = present.first.map { labelNames[$0] } ?? labelNames.first ?? ""
            throw EvaluationError.singleClassTrainingFold(fold: fold, label: only)
        }
    }
    return unitOfDocument.map { unitFold[$0] }
}

/// Fold assignments for `repeats` repetitions of k-fold cross-validation: repeat `r` uses the seed of stream `r` of
/// `seed` (see ``StableRandom/init(seed:stream:)``), so adding repeats never changes the earlier ones.
///
/// - Throws: as ``assignFolds(labels:groups:duplicateKeys:folds:seed:)``.
public func assignRepeatedFolds(
    labels: [String], groups: [String]? = nil, duplicateKeys: [UInt64]? = nil, folds k: Int, repeats: Int,
    seed: UInt64
) throws -> [[Int]] {
    guard repeats >= 1 else { throw EvaluationError.invalidInput("the number of repeats must be at least 1") }
    return try (0..<repeats).map { repeatIndex in
        var mixer = StableRandom(seed: seed, stream: UInt64(repeatIndex))
        return try assignFolds(
            labels: labels, groups: groups, duplicateKeys: duplicateKeys, folds: k, seed: mixer.next())
    }
}
