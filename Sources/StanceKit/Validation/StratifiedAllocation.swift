/// How many units of a sample each stratum gets.
public enum AllocationMethod: String, Sendable, CaseIterable {
    /// Sizes proportional to the strata's populations (largest remainder), at least one unit per stratum.
    case proportional
    /// The same size for every stratum; a stratum smaller than its share is taken whole and the rest shared out.
    case equal
}

/// Why a sample cannot be drawn as asked: exit status 64 when the request itself cannot work, 65 for bad data.
public enum SamplingError: StanceFailure, Equatable, Sendable {
    /// Fewer units were asked for than there are non-empty strata.
    case fewerUnitsThanStrata(units: Int, strata: Int)
    /// `--stratify predicted` without a model, or an unknown stratification field.
    case invalidStratification(String)
    /// Overlap larger than the sample.
    case overlapTooLarge(overlap: Int, units: Int)
    /// No document to sample from.
    case emptyCorpus

    public var exitStatus: ExitStatus {
        switch self {
        case .emptyCorpus: return .dataError
        default: return .usage
        }
    }

    public var description: String {
        switch self {
        case .fewerUnitsThanStrata(let units, let strata):
            return "cannot sample \(units) units from \(strata) non-empty strata with at least one unit each: "
                + "ask for at least \(strata) units or stratify by fewer fields"
        case .invalidStratification(let reason):
            return reason
        case .overlapTooLarge(let overlap, let units):
            return "--overlap \(overlap) is larger than the sample (\(units) units)"
        case .emptyCorpus:
            return "no document to sample from"
        }
    }
}

/// The number of units to draw from each stratum, and each unit's probability of inclusion.
///
/// **Proportional** (the default) is Hamilton's largest-remainder method with a floor of one unit per non-empty
/// stratum. With population sizes `N_h` (`N = Σ N_h`) and sample size `n`:
///
/// ```
/// 1. quota q_h = n' · N_h / N'   over the strata not yet fixed (n', N' = what is left of n and N)
/// 2. every stratum with q_h < 1 is fixed at 1 unit; repeat 1–2 until no quota is below 1
/// 3. n_h = ⌊q_h⌋; the n' − Σ⌊q_h⌋ units left go one each to the largest remainders q_h − ⌊q_h⌋
///    (ties: the larger stratum, then the stratum key in code-point order)
/// ```
///
/// Fixing a small stratum at 1 lowers `n'/N'` for the others, so no quota ever exceeds its stratum. With `n ≥ N`
/// every stratum is taken whole.
///
/// **Equal**: every stratum gets `⌊n/H⌋`; strata smaller than that are taken whole and what they leave is shared
/// among the others the same way; units left over go one each to the largest strata (ties by key).
///
/// Within a stratum the units are a simple random sample without replacement, so each has inclusion probability
/// `π_h = n_h / N_h`, which is 1 for a stratum taken whole; `1/π_h` weights a unit back to the corpus (the
/// Horvitz–Thompson weight).
public struct StratifiedAllocation: Equatable, Sendable {
    /// Stratum keys, in the order given.
    public var keys: [String]
    /// Population of each stratum.
    public var populations: [Int]
    /// Units drawn from each stratum.
    public var sizes: [Int]

    /// Allocates `total` units over strata of the given populations.
    ///
    /// - Parameters:
    ///   - keys: one key per stratum, used only to break ties deterministically.
    ///   - populations: the number of documents in each stratum (0 for an empty stratum, which gets none).
    ///   - total: the sample size `n`.
    /// - Throws: ``SamplingError/fewerUnitsThanStrata(units:strata:)`` when `total` is smaller than the number of
    ///   non-empty strata (proportional allocation needs one unit each).
    /// - Complexity: O(H² ) for H strata in the worst case of the fixing loop.
    public init(keys: [String], populations: [Int], total: Int, method: AllocationMethod = .proportional) throws {
        precondition(keys.count == populations.count)
        self.keys = keys
        self.populations = populations
        let nonEmpty = populations.indices.filter { populations[$0] > 0 }
        let population = populations.reduce(0, +)
        guard population > 0 else { throw SamplingError.emptyCorpus }
        if total >= population {
            sizes = populations
            return
        }
        if nonEmpty.count > total {
            throw SamplingError.fewerUnitsThanStrata(units: total, strata: nonEmpty.count)
        }
        switch method {
        case .proportional: sizes = Self.proportional(keys: keys, populations: populations, total: total)
        case .equal: sizes = Self.equal(keys: keys, populations: populations, total: total)
        }
    }

    /// The inclusion probability `n_h / N_h` of a unit of stratum `h` (1 when the stratum is taken whole).
    public func inclusionProbability(ofStratum h: Int) -> Double {
        sizes[h] == populations[h] ? 1 : Double(sizes[h]) / Double(populations[h])
    }

    private static func proportional(keys: [String], populations: [Int], total: Int) -> [Int] {
        var sizes = [Int](repeating: 0, count: populations.count)
        var open = populations.indices.filter { populations[$0] > 0 }
        var left = total
        // Fix strata whose quota is below one at one unit each, until every quota is at least one.
        while true {
            let remaining = open.reduce(0) { $0 + populations[$1] }
            let small = open.filter { left * populations[$0] < remaining }
            if small.isEmpty { break }
            for h in small { sizes[h] = 1 }
            left -= small.count
            open.removeAll { small.contains($0) }
        }
        let remaining = open.reduce(0) { $0 + populations[$1] }
        guard !open.isEmpty else { return sizes }
        // Integer arithmetic: q_h = left · N_h / remaining, floor and remainder exactly.
        var remainders: [(h: Int, numerator: Int)] = []
        var given = 0
        for h in open {
            let product = left * populations[h]
            sizes[h] = product / remaining
            given += sizes[h]
            remainders.append((h, product % remaining))
        }
        remainders.sort { a, b in
            if a.numerator != b.numerator { return a.numerator > b.numerator }
            if populations[a.h] != populations[b.h] { return populations[a.h] > populations[b.h] }
            return codePointPrecedes(keys[a.h], keys[b.h])
        }
        for entry in remainders.prefix(left - given) { sizes[entry.h] += 1 }
        return sizes
    }

    private static func equal(keys: [String], populations: [Int], total: Int) -> [Int] {
        var sizes = [Int](repeating: 0, count: populations.count)
        var open = populations.indices.filter { populations[$0] > 0 }
        var left = total
        while !open.isEmpty {
            let share = left / open.count
            let whole = open.filter { populations[$0] <= share }
            if whole.isEmpty {
                for h in open { sizes[h] = share }
                left -= share * open.count
                break
            }
            for h in whole { sizes[h] = populations[h] }
            left -= whole.reduce(0) { $0 + populations[$1] }
            open.removeAll { whole.contains($0) }
        }
        // Units left over (fewer than the open strata): one each to the largest strata.
        open.sort { a, b in
            if populations[a] != populations[b] { return populations[a] > populations[b] }
            return codePointPrecedes(keys[a], keys[b])
        }
        for h in open.prefix(left) { sizes[h] += 1 }
        return sizes
    }
}
