/// The level of measurement of the codes, which decides how far apart two different codes are.
public enum MeasurementLevel: String, Sendable, CaseIterable {
    case nominal, ordinal, interval
}

/// Krippendorff's alpha computed through the coincidence matrix, as in Krippendorff, "Computing Krippendorff's
/// Alpha-Reliability" (2011).
///
/// Each unit `u` with `m_u ≥ 2` codes adds to the coincidence matrix every ordered pair of its codes from two
/// different coders, weighted by `1/(m_u − 1)`; units with fewer than two codes are left out:
///
/// ```
/// o_ck = Σ_u (number of c–k pairs in u) / (m_u − 1)      n_c = Σ_k o_ck      n = Σ_c n_c
/// α    = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
/// ```
///
/// with the difference function of the level:
///
/// ```
/// nominal   δ²_ck = 0 if c = k, else 1
/// ordinal   δ²_ck = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)²     (categories in rank order)
/// interval  δ²_ck = (v_c − v_k)²                             (v = the category's value)
/// ```
///
/// Alpha is undefined (NaN) when the expected disagreement is 0: every pairable code is the same, so the data say
/// nothing about reliability.
public struct KrippendorffAlpha: Sendable {
    /// Number of categories.
    public let categoryCount: Int
    /// One entry per unit: its (c, k, weight) contributions to the coincidence matrix (none for a unit with fewer
    /// than two codes).
    let contributions: [[(c: Int, k: Int, weight: Double)]]

    /// Prepares the data.
    ///
    /// - Parameters:
    ///   - codes: per unit, the category index each coder gave (`nil` when not coded), coders in a fixed order.
    ///   - categoryCount: the number of categories; indices are `0..<categoryCount`, in rank order for ordinal data.
    public init(codes: [[Int?]], categoryCount: Int) {
        self.categoryCount = categoryCount
        var contributions: [[(c: Int, k: Int, weight: Double)]] = []
        for unit in codes {
            var counts = [Int](repeating: 0, count: categoryCount)
            var m = 0
            for case let code? in unit {
                counts[code] += 1
                m += 1
            }
            guard m >= 2 else {
                contributions.append([])
                continue
            }
            let weight = 1 / Double(m - 1)
            var entries: [(c: Int, k: Int, weight: Double)] = []
            for c in 0..<categoryCount where counts[c] > 0 {
                for k in 0..<categoryCount where counts[k] > 0 {
                    let pairs = c == k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k]
                    if pairs > 0 { entries.append((c, k, Double(pairs) * weight)) }
                }
            }
            contributions.append(entries)
        }
        self.contributions = contributions
    }

    /// Units with at least two codes (the pairable units).
    public var pairableUnits: Int { contributions.count { !$0.isEmpty } }

    /// The coincidence matrix of the units `rows` (indices into `codes`, repeats allowed), or of all of them.
    public func coincidences(rows: [Int]? = nil) -> [[Double]] {
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: categoryCount), count: categoryCount)
        func add(_ unit: Int) {
            for entry in contributions[unit] { matrix[entry.c][entry.k] += entry.weight }
        }
        if let rows { rows.forEach(add) } else { contributions.indices.forEach(add) }
        return matrix
    }

    /// Alpha at `level` over the units `rows` (all when `nil`).
    ///
    /// - Parameter values: the value of each category for the interval level (ignored otherwise).
    public func alpha(level: MeasurementLevel, values: [Double]? = nil, rows: [Int]? = nil) -> Double {
        Self.alpha(coincidences: coincidences(rows: rows), level: level, values: values)
    }

    /// Alpha from a coincidence matrix.
    public static func alpha(coincidences o: [[Double]], level: MeasurementLevel, values: [Double]? = nil) -> Double {
        let count = o.count
        let marginals = o.map { $0.reduce(0, +) }
        let n = marginals.reduce(0, +)
        guard n > 1 else { return .nan }
        var difference = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for c in 0..<count {
            for k in 0..<count where c != k {
                switch level {
                case .nominal:
                    difference[c][k] = 1
                case .ordinal:
                    let (low, high) = (min(c, k), max(c, k))
                    var sum = 0.0
                    for g in low...high { sum += marginals[g] }
                    let d = sum - (marginals[c] + marginals[k]) / 2
                    difference[c][k] = d * d
                case .interval:
                    let d = (values?[c] ?? Double(c)) - (values?[k] ?? Double(k))
                    difference[c][k] = d * d
                }
            }
        }
        var observed = 0.0
        var expected = 0.0
        for c in 0..<count {
            for k in 0..<count where difference[c][k] != 0 {
                observed += o[c][k] * difference[c][k]
                expected += marginals[c] * marginals[k] * difference[c][k]
            }
        }
        guard expected > 0 else { return .nan }
        return 1 - (n - 1) * observed / expected
    }
}

/// Cohen's kappa of two coders on the units both coded (Cohen 1960):
///
/// ```
/// κ = (p_o − p_e) / (1 − p_e),   p_o = share of units with the same code,   p_e = Σ_c p_1c · p_2c
/// ```
///
/// where `p_jc` is coder j's share of code c. NaN when `p_e = 1` (both coders used one and the same code) or no unit
/// was coded by both. Matches scikit-learn's `cohen_kappa_score` (unweighted).
public func cohenKappa(_ first: [Int?], _ second: [Int?], categoryCount: Int) -> Double {
    var agree = 0
    var total = 0
    var a = [Int](repeating: 0, count: categoryCount)
    var b = [Int](repeating: 0, count: categoryCount)
    for (x, y) in zip(first, second) {
        guard let x, let y else { continue }
        total += 1
        if x == y { agree += 1 }
        a[x] += 1
        b[y] += 1
    }
    guard total > 0 else { return .nan }
    let n = Double(total)
    let observed = Double(agree) / n
    var expected = 0.0
    for c in 0..<categoryCount { expected += Double(a[c]) / n * Double(b[c]) / n }
    guard expected < 1 else { return .nan }
    return (observed - expected) / (1 - expected)
}

/// Fleiss' kappa (Fleiss 1971) on the units that every one of the coders coded:
///
/// ```
/// P_i = (Σ_c n_ic² − m) / (m(m − 1))     P̄ = mean P_i     p_c = Σ_i n_ic / (N m)     P̄_e = Σ_c p_c²
/// κ = (P̄ − P̄_e) / (1 − P̄_e)
/// ```
///
/// - Parameter codes: per unit, the code of each of the `m` coders.
/// - Returns: NaN when no unit was coded by every coder or `P̄_e = 1`.
public func fleissKappa(_ codes: [[Int?]], categoryCount: Int) -> Double {
    let complete = codes.filter { unit in !unit.isEmpty && unit.allSatisfy { $0 != nil } }
    guard let m = complete.first?.count, m >= 2 else { return .nan }
    var totals = [Double](repeating: 0, count: categoryCount)
    var agreement = 0.0
    for unit in complete {
        var counts = [Int](repeating: 0, count: categoryCount)
        for case let code? in unit { counts[code] += 1 }
        agreement += Double(counts.reduce(0) { $0 + $1 * $1 } - m) / Double(m * (m - 1))
        for c in 0..<categoryCount { totals[c] += Double(counts[c]) }
    }
    let units = Double(complete.count)
    let observed = agreement / units
    let expected = totals.reduce(0) { $0 + ($1 / (units * Double(m))) * ($1 / (units * Double(m))) }
    guard expected < 1 else { return .nan }
    return (observed - expected) / (1 - expected)
}
