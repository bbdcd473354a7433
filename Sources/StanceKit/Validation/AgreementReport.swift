/// What `stance agree` measures: how far coders agree, at one or more levels of measurement.
public struct AgreementSettings: Sendable {
    /// Levels at which alpha is computed; the first is the headline `alpha`.
    public var levels: [MeasurementLevel]
    /// The categories in rank order.
    public var order: [String]?
    public var bootstrap: BootstrapSettings
    /// Codes that mean "not coded" (`--missing`), left out like empty cells.
    public var missing: Set<String>

    public init(
        levels: [MeasurementLevel] = [.nominal], order: [String]? = nil, bootstrap: BootstrapSettings,
        missing: Set<String> = []
    ) {
        self.missing = missing
        self.levels = levels
        self.order = order
        self.bootstrap = bootstrap
    }
}

/// Agreement among coders: Krippendorff's alpha with bootstrap intervals, percent agreement, Cohen's or Fleiss'
/// kappa, agreement per category and the units the coders disagree on.
///
/// - `percent_agreement`: over units with at least two codes, the mean share of pairs of coders who gave the unit
///   the same code (for two coders, the share of units they agree on).
/// - per category `c`: `o_cc / n_c` from the coincidence matrix, the share of the pairable codes `c` whose partner
///   code is also `c` (for two coders the specific agreement `2a / (2a + b + c)`).
/// - intervals: a percentile bootstrap over units (every unit with all its codes; ``StableRandom`` stream `b` of the
///   seed for replicate `b`); replicates in which a figure is undefined are left out of its interval.
public struct AgreementReport: Sendable {
    public var data: ReliabilityData
    public var settings: AgreementSettings
    public var alpha: [MeasurementLevel: Double]
    public var ci95: [String: Interval]
    public var percentAgreement: Double
    public var cohenKappa: Double?
    public var fleissKappa: Double?
    /// Units every coder coded (Fleiss' kappa is computed on them).
    public var completeUnits: Int
    public var pairableUnits: Int
    /// Per category: pairable codes `n_c` and agreement `o_cc / n_c`.
    public var perCategory: [(category: String, pairable: Double, agreement: Double)]
    /// Units with at least two codes that are not all equal.
    public var disagreements: [Int]
    /// The model against the coders, when asked for.
    public var model: ModelAgreementReport?

    /// Computes the report.
    ///
    /// - Throws: ``CodingError/insufficient(_:)`` when fewer than two coders coded anything.
    public init(data: ReliabilityData, settings: AgreementSettings) throws {
        self.data = data
        self.settings = settings
        let codersWithCodes = data.coders.indices.filter { j in data.codes.contains { $0[j] != nil } }
        guard codersWithCodes.count >= 2 else {
            throw CodingError.insufficient(
                "agreement needs at least two coders with codes; \(codersWithCodes.count) of "
                    + "\(data.coders.count) sheet(s) have any")
        }
        let categoryCount = data.categories.count
        let kripp = KrippendorffAlpha(codes: data.codes, categoryCount: categoryCount)
        pairableUnits = kripp.pairableUnits
        let values = data.values
        let levels = settings.levels
        var alpha: [MeasurementLevel: Double] = [:]
        for level in levels { alpha[level] = kripp.alpha(level: level, values: values) }
        self.alpha = alpha
        let codes = data.codes
        let twoCoders = data.coders.count == 2
        percentAgreement = Self.percentAgreement(codes, categoryCount: categoryCount, rows: nil)
        if twoCoders {
            cohenKappa = StanceKit.cohenKappa(codes.map { $0[0] }, codes.map { $0[1] }, categoryCount: categoryCount)
        } else {
            fleissKappa = StanceKit.fleissKappa(codes, categoryCount: categoryCount)
        }
        completeUnits = codes.count { unit in unit.allSatisfy { $0 != nil } }
        let coincidences = kripp.coincidences()
        perCategory = data.categories.indices.map { c in
            let n = coincidences[c].reduce(0, +)
            return (data.categories[c], n, n > 0 ? coincidences[c][c] / n : .nan)
        }
        disagreements = codes.indices.filter { u in
            let given = codes[u].compactMap { $0 }
            return given.count >= 2 && Set(given).count > 1
        }

        // Bootstrap over units.
        let resampler = try Resampler(documentCount: codes.count, groups: nil)
        let names =
            levels.map { "alpha_\($0.rawValue)" } + ["percent_agreement", twoCoders ? "cohen_kappa" : "fleiss_kappa"]
        let replicates = resampler.replicate(settings.bootstrap, placeholder: [Double]()) { rows in
            var figures = levels.map { kripp.alpha(level: $0, values: values, rows: rows) }
            figures.append(Self.percentAgreement(codes, categoryCount: categoryCount, rows: rows))
            let subset = rows.map { codes[$0] }
            figures.append(
                twoCoders
                    ? StanceKit.cohenKappa(subset.map { $0[0] }, subset.map { $0[1] }, categoryCount: categoryCount)
                    : StanceKit.fleissKappa(subset, categoryCount: categoryCount))
            return figures
        }
        var ci95: [String: Interval] = [:]
        for (position, name) in names.enumerated() {
            let finite = replicates.map { $0[position] }.filter(\.isFinite)
            if finite.count >= 2 { ci95[name] = percentileInterval(finite, confidence: settings.bootstrap.confidence) }
        }
        ci95["alpha"] = ci95["alpha_\(levels[0].rawValue)"]
        self.ci95 = ci95
    }

    static func percentAgreement(_ codes: [[Int?]], categoryCount: Int, rows: [Int]?) -> Double {
        var sum = 0.0
        var units = 0
        for u in rows ?? Array(codes.indices) {
            var counts = [Int](repeating: 0, count: categoryCount)
            var m = 0
            for case let code? in codes[u] {
                counts[code] += 1
                m += 1
            }
            guard m >= 2 else { continue }
            sum += Double(counts.reduce(0) { $0 + $1 * ($1 - 1) }) / Double(m * (m - 1))
            units += 1
        }
        return units > 0 ? sum / Double(units) : .nan
    }

    /// The headline alpha (first level asked for).
    public var headlineAlpha: Double { alpha[settings.levels[0]]! }

    /// Units coded by exactly one coder, and by none.
    public var singleCodedUnits: Int { data.codes.count { $0.compactMap { $0 }.count == 1 } }
    public var uncodedUnits: Int { data.codes.count { $0.allSatisfy { $0 == nil } } }

    /// Coders whose sheet has no code at all.
    public var codersWithoutCodes: [String] {
        data.coders.indices.filter { j in !data.codes.contains { $0[j] != nil } }.map { data.coders[$0] }
    }

    private func codeList(_ u: Int) -> [(String, JSON)] {
        data.coders.indices.map { j in (data.coders[j], data.codes[u][j].map { .string(data.categories[$0]) } ?? .null)
        }
    }

    /// The result JSON (keys in code-point order), ending with a newline: `units`, `coders` (count), `coder_names`,
    /// `pairable_units`, `single_coded_units`, `uncoded_units`, `categories`, `level`, `alpha` (at `level`),
    /// `alpha_levels`, `ci95` (`alpha`, `alpha_LEVEL`, `percent_agreement`, the kappa), `percent_agreement`,
    /// `cohen_kappa` or `fleiss_kappa` with `complete_units`, `per_category`, `disagreements`, `settings`, and
    /// `model` when the model was compared. Undefined figures are `null`.
    public func jsonText() -> String {
        var root: [String: JSON] = [
            "units": .int(data.units.count),
            "coders": .int(data.coders.count),
            "coder_names": .array(data.coders.map { .string($0) }),
            "pairable_units": .int(pairableUnits),
            "single_coded_units": .int(singleCodedUnits),
            "uncoded_units": .int(uncodedUnits),
            "categories": .array(data.categories.map { .string($0) }),
            "level": .string(settings.levels[0].rawValue),
            "alpha": .double(headlineAlpha),
            "alpha_levels": .sortedObject(
                Dictionary(uniqueKeysWithValues: settings.levels.map { ($0.rawValue, JSON.double(alpha[$0]!)) })),
            "ci95": .sortedObject(ci95.mapValues { .array([.double($0.low), .double($0.high)]) }),
            "percent_agreement": .double(percentAgreement),
            "per_category": .sortedObject(
                Dictionary(
                    uniqueKeysWithValues: perCategory.map {
                        (
                            $0.category,
                            JSON.sortedObject(["pairable": .double($0.pairable), "agreement": .double($0.agreement)])
                        )
                    })),
            "disagreements": .array(
                disagreements.map { u in
                    .sortedObject([
                        "id": .string(data.units[u]),
                        "codes": .sortedObject(Dictionary(uniqueKeysWithValues: codeList(u))),
                    ])
                }),
            "settings": .sortedObject([
                "bootstrap_replicates": .int(settings.bootstrap.replicates),
                "seed": .string(String(settings.bootstrap.seed)),
                "order": settings.order.map { .array($0.map { .string($0) }) } ?? .null,
            ]),
        ]
        if let cohenKappa { root["cohen_kappa"] = .double(cohenKappa) }
        if let fleissKappa {
            root["fleiss_kappa"] = .double(fleissKappa)
            root["complete_units"] = .int(completeUnits)
        }
        if let model { root["model"] = model.json() }
        return JSON.sortedObject(root).rendered(layout: .report) + "\n"
    }

    /// A plain-text rendering for standard output.
    public func table() -> String {
        func number(_ value: Double) -> String { value.isFinite ? formatFixed(value, digits: 4) : "undefined" }
        func interval(_ name: String) -> String {
            guard let range = ci95[name] else { return "" }
            return "[\(formatFixed(range.low, digits: 4)), \(formatFixed(range.high, digits: 4))]"
        }
        var lines = [
            "\(data.units.count) units, \(data.coders.count) coders (\(data.coders.joined(separator: ", "))); "
                + "\(pairableUnits) units with two or more codes, \(singleCodedUnits) with one, "
                + "\(uncodedUnits) with none",
            "",
        ]
        var rows: [[String]] = [["figure", "value", "95% interval"]]
        for level in settings.levels {
            rows.append(["alpha (\(level.rawValue))", number(alpha[level]!), interval("alpha_\(level.rawValue)")])
        }
        rows.append(["percent agreement", number(percentAgreement), interval("percent_agreement")])
        if let cohenKappa { rows.append(["Cohen's kappa", number(cohenKappa), interval("cohen_kappa")]) }
        if let fleissKappa {
            rows.append(["Fleiss' kappa (\(completeUnits) units)", number(fleissKappa), interval("fleiss_kappa")])
        }
        lines += renderColumns(rows, rightAligned: [1])
        if settings.levels.contains(where: { alpha[$0]!.isNaN }) {
            lines.append("(alpha is undefined when every pairable code is the same: no variation to agree on)")
        }
        lines.append("")
        var categories: [[String]] = [["category", "pairable codes", "agreement"]]
        for entry in perCategory {
            categories.append([entry.category, formatFixed(entry.pairable, digits: 1), number(entry.agreement)])
        }
        lines += renderColumns(categories, rightAligned: [1, 2])
        if !disagreements.isEmpty {
            lines.append("")
            lines.append("disagreements (\(disagreements.count)):")
            for u in disagreements {
                let codes = data.coders.indices.compactMap { j in
                    data.codes[u][j].map { "\(data.coders[j])=\(data.categories[$0])" }
                }
                lines.append("  \(data.units[u])  " + codes.joined(separator: "  "))
            }
        }
        if let model {
            lines.append("")
            lines.append(model.table())
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
