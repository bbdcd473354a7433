import RealModule

/// Which n-grams distinguish two sets of documents: the weighted log-odds ratio with an informative Dirichlet prior
/// of Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for Identifying the
/// Content of Political Conflict", Political Analysis 16(4), 372–403, equation 22.
///
/// For an n-gram w with count `yA` in side A and `yB` in side B, `nA` and `nB` the sides' counts of all n-grams of
/// w's kind and length, and a prior from the whole corpus (both sides and every other document), scaled to a prior
/// size α0:
/// ```
/// α_w = α0 · y_w / n            (y_w: w's count in the whole corpus, n: all n-grams of its kind and length)
/// δ_w = ln((yA + α_w) / (nA + α0 − yA − α_w)) − ln((yB + α_w) / (nB + α0 − yB − α_w))
/// σ²_w ≈ 1 / (yA + α_w) + 1 / (yB + α_w)
/// z_w = δ_w / σ_w
/// ```
/// A positive z favours side A. Each kind and length of n-gram (`w:` word 1-, 2-, 3-grams, `c:` Han character
/// n-grams…) has its own totals and prior, so they are on the same footing and ranked together. The n-grams are the
/// project's own (``Tokenizer``, ``NGramGenerator``), so any language and script works.
///
/// With periods (`--stable-by year`) the same statistic is computed within each period, with the same prior; a
/// term is stable when its z has the overall sign in every period. With outlets (`--min-groups N`) a term must
/// occur in at least N distinct outlets on each side, so that one outlet's boilerplate cannot make the list.
public struct Keyness: Sendable {
    /// The statistics of one n-gram.
    public struct Term: Sendable, Equatable {
        /// The column name (`w:cold war`, `c:中共`).
        public var feature: String
        /// The n-gram itself, without the kind prefix.
        public var term: String
        public var z: Double
        public var delta: Double
        public var countA: Int
        public var countB: Int
        /// Occurrences per 1,000 n-grams of the same kind and length on each side.
        public var rateA: Double
        public var rateB: Double
        public var documentsA: Int
        public var documentsB: Int
        public var outletsA: Int
        public var outletsB: Int
        /// z within each period, in ``Keyness/Result/periods`` order (NaN where a side has no n-gram of its kind in
        /// the period).
        public var periodZ: [Double]
        /// Whether z has the overall sign in every period.
        public var stable: Bool
        /// Concepts of the lexicon whose terms include this n-gram.
        public var concepts: [String]
    }

    public struct Result: Sendable {
        public var terms: [Term]
        public var periods: [String]
        public var documentsA: Int
        public var documentsB: Int
        public var notes: [String]
    }

    /// The prior size α0 per kind and length of n-gram.
    public var priorSize: Double
    /// Keep terms with at least this many occurrences on the two sides together.
    public var minCount: Int
    /// Keep terms found in at least this many outlets on each side (0: no limit).
    public var minGroups: Int
    /// Terms per side.
    public var top: Int?
    /// With periods: keep only terms of the same sign in every period.
    public var stableOnly: Bool
    /// Report only the terms of the lexicon given to ``run(texts:sides:outlets:periods:extractor:lexicon:)``,
    /// whatever their counts and outlets (to check a lexicon against the data).
    public var lexiconTermsOnly = false
    public var threads: ThreadBudget

    public init(
        priorSize: Double = 1000, minCount: Int = 10, minGroups: Int = 0, top: Int? = 50, stableOnly: Bool = true,
        threads: ThreadBudget = .single
    ) {
        self.priorSize = priorSize
        self.minCount = minCount
        self.minGroups = minGroups
        self.top = top
        self.stableOnly = stableOnly
        self.threads = threads
    }

    /// The side of each document: A, B or neither (`nil`, prior only).
    public enum Side: Sendable { case a, b }

    /// Computes the statistics.
    ///
    /// - Parameters:
    ///   - texts: every normalised document (all of them feed the prior).
    ///   - sides: each document's side.
    ///   - outlets: each document's outlet (for `minGroups`), `nil` when unknown.
    ///   - periods: each document's period (`nil`: none), for stability; `nil` for no periods.
    ///   - extractor: the n-gram settings (`--word-ngrams`, `--char-ngrams`, `--min-df`…); the lexicon block is not
    ///     used.
    ///   - lexicon: terms to mark.
    /// - Throws: ``KeynessError`` when a side has no document; ``FeatureError`` for settings out of range.
    public func run(
        texts: [NormalizedText], sides: [Side?], outlets: [String?], periods: [String?]?,
        extractor: FeatureExtractor, lexicon: Lexicon? = nil
    ) throws -> Result {
        let documentsA = sides.count { $0 == .a }
        let documentsB = sides.count { $0 == .b }
        guard documentsA > 0 else { throw KeynessError.emptySide("A") }
        guard documentsB > 0 else { throw KeynessError.emptySide("B") }
        var configuration = extractor.configuration
        configuration.useLexicons = false
        let counted = try FeatureExtractor(configuration: configuration).countTexts(texts, threads: threads)
        let names = counted.vocabulary.terms
        let columns = names.count
        // The kind and length of each column: its prior and totals group.
        var groupOfColumn = [Int32](repeating: 0, count: columns)
        var groupIndex: [String: Int32] = [:]
        for (column, name) in names.enumerated() {
            let key = Self.orderKey(name)
            if let index = groupIndex[key] {
                groupOfColumn[column] = index
            } else {
                groupOfColumn[column] = Int32(groupIndex.count)
                groupIndex[key] = Int32(groupIndex.count)
            }
        }
        let groupCount = groupIndex.count
        let periodNames = periods.map { Array(Set($0.compactMap { $0 })).sorted(by: utf8Precedes) } ?? []
        let periodOf: [Int?] =
            periods.map { values in
                let index = Dictionary(uniqueKeysWithValues: periodNames.enumerated().map { ($1, $0) })
                return values.map { $0.flatMap { index[$0] } }
            } ?? Array(repeating: nil, count: texts.count)
        var background = [Int64](repeating: 0, count: columns)
        var count = [[Int64]](repeating: [Int64](repeating: 0, count: columns), count: 2)
        var documents = [[Int32]](repeating: [Int32](repeating: 0, count: columns), count: 2)
        var outletCount = [[Int32]](repeating: [Int32](repeating: 0, count: columns), count: 2)
        var periodCount = [[[Int64]]](
            repeating: [[Int64]](repeating: [], count: 2), count: periodNames.count)
        for period in periodCount.indices {
            periodCount[period] = [[Int64]](repeating: [Int64](repeating: 0, count: columns), count: 2)
        }
        // Documents in outlet order within each side, so that an outlet's documents are consecutive and a term's
        // outlets are counted with one mark per term.
        let order = texts.indices.sorted { a, b in
            let sa = sides[a].map { $0 == .a ? 0 : 1 } ?? 2
            let sb = sides[b].map { $0 == .a ? 0 : 1 } ?? 2
            if sa != sb { return sa < sb }
            let oa = outlets[a] ?? ""
            let ob = outlets[b] ?? ""
            return oa != ob ? utf8Precedes(oa, ob) : a < b
        }
        var lastOutlet = [Int32](repeating: -1, count: columns)
        var outletNumber: Int32 = -1
        var previous: (Int, String?)? = nil
        for document in order {
            let row = counted.rows(document..<document + 1, weight: .count)
            let side = sides[document].map { $0 == .a ? 0 : 1 }
            if let side, previous == nil || previous!.0 != side || previous!.1 != outlets[document] {
                outletNumber += 1
                previous = (side, outlets[document])
            }
            for (column, value) in row.row(0) {
                let c = Int(column)
                let n = Int64(value)
                background[c] += n
                guard let side else { continue }
                count[side][c] += n
                documents[side][c] += 1
                if outlets[document] != nil && lastOutlet[c] != outletNumber {
                    lastOutlet[c] = outletNumber
                    outletCount[side][c] += 1
                }
                if let period = periodOf[document] { periodCount[period][side][c] += n }
            }
        }
        func totals(_ counts: [Int64]) -> [Double] {
            var sums = [Double](repeating: 0, count: groupCount)
            for column in 0..<columns { sums[Int(groupOfColumn[column])] += Double(counts[column]) }
            return sums
        }
        let backgroundTotal = totals(background)
        let totalA = totals(count[0])
        let totalB = totals(count[1])
        let periodTotals = periodCount.map { (totals($0[0]), totals($0[1])) }
        let marks = lexicon.map(Self.lexiconTerms) ?? [:]
        var terms: [Term] = []
        for column in 0..<columns {
            let yA = count[0][column]
            let yB = count[1][column]
            let name = names[column]
            let term = String(name[name.index(after: name.firstIndex(of: ":")!)...])
            if lexiconTermsOnly {
                guard marks[term] != nil else { continue }
            } else {
                guard yA + yB >= Int64(minCount) else { continue }
                if minGroups > 0 && (outletCount[0][column] < minGroups || outletCount[1][column] < minGroups) {
                    continue
                }
            }
            let group = Int(groupOfColumn[column])
            let alpha = priorSize * Double(background[column]) / backgroundTotal[group]
            let (delta, z) = Self.logOdds(
                yA: Double(yA), yB: Double(yB), nA: totalA[group], nB: totalB[group], alpha: alpha,
                alpha0: priorSize)
            let periodZ = periodTotals.indices.map { period in
                let (nA, nB) = (periodTotals[period].0[group], periodTotals[period].1[group])
                guard nA > 0 && nB > 0 else { return Double.nan }
                return Self.logOdds(
                    yA: Double(periodCount[period][0][column]), yB: Double(periodCount[period][1][column]), nA: nA,
                    nB: nB, alpha: alpha, alpha0: priorSize
                ).z
            }
            let stable = periodZ.allSatisfy { !$0.isNaN && ($0 > 0) == (z > 0) && $0 != 0 }
            if periods != nil && stableOnly && !stable && !lexiconTermsOnly { continue }
            terms.append(
                Term(
                    feature: name, term: term, z: z, delta: delta, countA: Int(yA), countB: Int(yB),
                    rateA: 1000 * Double(yA) / totalA[group], rateB: 1000 * Double(yB) / totalB[group],
                    documentsA: Int(documents[0][column]), documentsB: Int(documents[1][column]),
                    outletsA: Int(outletCount[0][column]), outletsB: Int(outletCount[1][column]), periodZ: periodZ,
                    stable: stable, concepts: marks[term] ?? []))
        }
        return Result(
            terms: Self.topPerSide(terms, top: lexiconTermsOnly ? nil : top), periods: periodNames,
            documentsA: documentsA,
            documentsB: documentsB, notes: [])
    }

    /// `(δ, z)` of equation 22 for one term.
    static func logOdds(yA: Double, yB: Double, nA: Double, nB: Double, alpha: Double, alpha0: Double) -> (
        delta: Double, z: Double
    ) {
        let delta =
            (Double.log(yA + alpha) - Double.log(nA + alpha0 - yA - alpha))
            - (Double.log(yB + alpha) - Double.log(nB + alpha0 - yB - alpha))
        let variance = 1 / (yA + alpha) + 1 / (yB + alpha)
        return (delta, delta / variance.squareRoot())
    }

    /// The kind and length of a column name: `w2` for `w:cold war`, `c3` for `c:共产党`, `wb4` for `wb: ce`.
    static func orderKey(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        let kind = name[..<colon]
        let body = name[name.index(after: colon)...]
        let length = kind == "w" ? body.count(where: { $0 == " " }) + 1 : body.unicodeScalars.count
        return "\(kind)\(length)"
    }

    /// The terms of `lexicon` by their text, with their concepts.
    static func lexiconTerms(_ lexicon: Lexicon) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for entry in lexicon.entries where !(result[entry.term]?.contains(entry.concept) ?? false) {
            result[entry.term, default: []].append(entry.concept)
        }
        return result
    }

    /// The `top` terms of highest z (A's side), then the `top` of lowest z (B's), ties by feature name.
    static func topPerSide(_ terms: [Term], top: Int?) -> [Term] {
        let ranked = terms.sorted { $0.z != $1.z ? $0.z > $1.z : utf8Precedes($0.feature, $1.feature) }
        let positive = ranked.filter { $0.z > 0 }
        let negative = ranked.filter { $0.z < 0 }.reversed()
        guard let top else { return positive + negative }
        return Array(positive.prefix(top)) + Array(negative.prefix(top))
    }
}

/// A keyness comparison that cannot be made: exit status 64.
public enum KeynessError: StanceFailure, Equatable {
    case emptySide(String)

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .emptySide(let side): "no document is on side \(side) (check --group-by and --\(side.lowercased()))"
        }
    }
}
