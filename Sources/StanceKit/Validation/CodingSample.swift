import Foundation

/// What `stance sample` is asked for.
public struct CodingSampleSettings: Sendable {
    /// Units to draw.
    public var size: Int
    /// Fields to stratify by: `source`, `lang`, `month`, `predicted` (needs a model), or any document field
    /// (`label`, `target`, `date`).
    public var stratify: [String]
    public var allocation: AllocationMethod
    public var seed: UInt64
    /// Sheets to write, one per coder.
    public var coders: Int
    /// Units every coder codes; the rest are split between coders. `nil`: every coder codes every unit.
    public var overlap: Int?
    /// Shorten each text on the sheets to this many characters.
    public var excerpt: Int?
    public var showSource: Bool
    public var showHits: Bool
    public var showModel: Bool

    public init(
        size: Int, stratify: [String] = [], allocation: AllocationMethod = .proportional, seed: UInt64 = 0,
        coders: Int = 2, overlap: Int? = nil, excerpt: Int? = nil, showSource: Bool = false, showHits: Bool = false,
        showModel: Bool = false
    ) {
        self.size = size
        self.stratify = stratify
        self.allocation = allocation
        self.seed = seed
        self.coders = coders
        self.overlap = overlap
        self.excerpt = excerpt
        self.showSource = showSource
        self.showHits = showHits
        self.showModel = showModel
    }

    /// The fields `stratify` may name.
    public static let knownFields: Set<String> = ["source", "lang", "month", "predicted", "label", "target", "date"]
}

/// One sampled unit.
public struct CodingUnit: Sendable, Equatable {
    /// The opaque id coders see (`U001`, …), assigned in a seeded random order so it says nothing of the stratum.
    public var unit: String
    public var document: Document
    /// The unit's value of each stratification field, in field order.
    public var stratum: [String]
    public var language: Language
    /// The probability that this unit was drawn (`n_h / N_h`).
    public var inclusionProbability: Double
    public var stratumPopulation: Int
    public var stratumSampled: Int
    /// Coders (1-based) whose sheet holds the unit.
    public var coders: [Int]
    /// The model's prediction and its probability, when a model was given.
    public var predicted: String?
    public var predictedProbability: Double?
    /// Lexicon hits, as `concept: term` (with `(quoted)` for quoted speech), when a lexicon was given.
    public var hits: [String]
}

/// A stratified random sample of documents for human coding, with one sheet per coder.
///
/// Strata are the distinct combinations of the `stratify` fields' values (`(none)` for a missing value), in
/// code-point order; sizes come from ``StratifiedAllocation``. Within stratum `h` (0-based, in that order) the
/// documents, in input order, are shuffled with ``StableRandom`` stream `1000 + h` of the seed and the first `n_h`
/// taken. The drawn units are shuffled (stream 1) and numbered `U001`, `U002`, …; with an overlap of `M`, units
/// `U001…` up to the `M`-th go to every coder and the rest to coders 1, 2, …, K in turn; each coder's sheet lists
/// its units in its own order (stream `100 + k`). Same documents, settings and seed: the same bytes.
public struct CodingSample: Sendable {
    public var settings: CodingSampleSettings
    public var allocation: StratifiedAllocation
    /// Units in unit-id order.
    public var units: [CodingUnit]
    /// Which model, if any, gave the predictions (recorded in `sample.jsonl`).
    public var modelLabels: [String]?

    /// Draws the sample.
    ///
    /// - Parameters:
    ///   - documents: the corpus, with unique ids.
    ///   - predictions: each document's scoring by a model, aligned with `documents` (needed for `predicted` and
    ///     `showModel`), and the model's labels.
    ///   - hits: a function giving a document's lexicon hits (needed for `showHits`); called for sampled units only.
    /// - Throws: ``SamplingError`` for a request that cannot work, ``CodingError`` for duplicate ids.
    public init(
        documents: [Document], settings: CodingSampleSettings,
        predictions: (articles: [ScoredArticle], labels: [String])? = nil,
        hits: ((Document) -> [LexiconHit])? = nil
    ) throws {
        self.settings = settings
        modelLabels = predictions?.labels
        guard !documents.isEmpty else { throw SamplingError.emptyCorpus }
        for field in settings.stratify where !CodingSampleSettings.knownFields.contains(field) {
            throw SamplingError.invalidStratification(
                "--stratify: unknown field '\(field)' (known: "
                    + CodingSampleSettings.knownFields.sortedByCodePoint().joined(separator: ", ") + ")")
        }
        if (settings.stratify.contains("predicted") || settings.showModel) && predictions == nil {
            throw SamplingError.invalidStratification("--stratify predicted and --show-model need --model")
        }
        if settings.showHits && hits == nil {
            throw SamplingError.invalidStratification("--show-hits needs --lexicon")
        }
        var seen: [String: SourceLocation] = [:]
        for document in documents {
            if let first = seen[document.id] {
                throw CodingError.duplicateDocument(
                    id: document.id, location: document.location, first: first)
            }
            seen[document.id] = document.location
        }
        let languages = documents.map { LanguageIdentifier.identify($0.text) }
        let strata: [[String]] = documents.indices.map { index in
            settings.stratify.map { field -> String in
                let value: String?
                switch field {
                case "predicted": value = predictions?.articles[index].label
                default:
                    value = ArticleScore.groupValue(field, of: documents[index], language: languages[index])
                }
                return value ?? "(none)"
            }
        }
        // Strata in code-point order of their value tuples; members in input order.
        var memberIndex: [[String]: Int] = [:]
        var keys: [[String]] = []
        for stratum in strata where memberIndex[stratum] == nil {
            memberIndex[stratum] = keys.count
            keys.append(stratum)
        }
        keys.sort(by: codePointPrecedes)
        for (position, key) in keys.enumerated() { memberIndex[key] = position }
        var members = [[Int]](repeating: [], count: keys.count)
        for (index, stratum) in strata.enumerated() { members[memberIndex[stratum]!].append(index) }
        let allocation = try StratifiedAllocation(
            keys: keys.map { $0.joined(separator: " / ") }, populations: members.map(\.count), total: settings.size,
            method: settings.allocation)
        self.allocation = allocation
        let drawnCount = allocation.sizes.reduce(0, +)
        if let overlap = settings.overlap, overlap > drawnCount {
            throw SamplingError.overlapTooLarge(overlap: overlap, units: drawnCount)
        }

        var drawn: [(index: Int, stratum: Int)] = []
        for h in keys.indices {
            var order = members[h]
            var random = StableRandom(seed: settings.seed, stream: 1000 + UInt64(h))
            random.shuffle(&order)
            for index in order.prefix(allocation.sizes[h]).sorted() { drawn.append((index, h)) }
        }
        var unitRandom = StableRandom(seed: settings.seed, stream: 1)
        unitRandom.shuffle(&drawn)
        let width = max(3, String(drawn.count).count)
        let overlap = settings.overlap ?? drawn.count
        let coderCount = settings.coders
        let showHits = settings.showHits
        let scored = predictions
        units = drawn.enumerated().map { position, entry in
            let number = String(position + 1)
            let coders: [Int] =
                position < overlap
                ? Array(1...coderCount) : [(position - overlap) % coderCount + 1]
            let article = scored?.articles[entry.index]
            let predictedPosition = article.flatMap { scored!.labels.firstIndex(of: $0.label) }
            return CodingUnit(
                unit: "U" + String(repeating: "0", count: max(0, width - number.count)) + number,
                document: documents[entry.index], stratum: keys[entry.stratum], language: languages[entry.index],
                inclusionProbability: allocation.inclusionProbability(ofStratum: entry.stratum),
                stratumPopulation: allocation.populations[entry.stratum],
                stratumSampled: allocation.sizes[entry.stratum], coders: coders, predicted: article?.label,
                predictedProbability: predictedPosition.map { article!.probabilities[$0] },
                hits: showHits ? CodingSample.describe(hits!(documents[entry.index])) : [])
        }
    }

    private static func describe(_ hits: [LexiconHit]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for hit in hits {
            let text = "\(hit.concept): \(hit.term)" + (hit.isQuoted ? " (quoted)" : "")
            if seen.insert(text).inserted { result.append(text) }
        }
        return result
    }

    /// `sample.jsonl`: one line per unit, in unit order, with the document id, its stratum, inclusion probability
    /// and design weight `1/π`, the coders who have it, the metadata coders do not see, and the full text (so that
    /// `stance agree --model` can score it).
    public func sampleLines() -> String {
        var text = ""
        for unit in units {
            var members: [(String, JSON)] = [
                ("unit", .string(unit.unit)),
                ("id", .string(unit.document.id)),
                ("stratum", .object(zip(settings.stratify, unit.stratum).map { ($0, JSON.string($1)) })),
                ("inclusion_probability", .double(unit.inclusionProbability)),
                ("weight", .double(1 / unit.inclusionProbability)),
                ("stratum_population", .int(unit.stratumPopulation)),
                ("stratum_sampled", .int(unit.stratumSampled)),
                ("coders", .array(unit.coders.map(JSON.int))),
                ("source", .optional(unit.document.source)),
                ("date", .optional(unit.document.date)),
                ("lang", .string(unit.language.rawValue)),
            ]
            if let label = unit.document.label { members.append(("label", .string(label))) }
            if let predicted = unit.predicted { members.append(("predicted", .string(predicted))) }
            members.append(("text", .string(unit.document.text)))
            text += JSON.object(members).rendered() + "\n"
        }
        return text
    }

    /// The header of every sheet.
    public var sheetHeader: [String] {
        var header = ["id"]
        if settings.showSource { header += ["source", "lang", "date"] }
        header.append("text")
        if settings.showHits { header.append("hits") }
        if settings.showModel { header += ["model", "model_probability"] }
        return header + ["code", "note"]
    }

    /// The units on coder `coder`'s sheet (1-based), in that coder's order.
    public func sheetUnits(coder: Int) -> [CodingUnit] {
        var mine = units.filter { $0.coders.contains(coder) }
        var random = StableRandom(seed: settings.seed, stream: 100 + UInt64(coder))
        random.shuffle(&mine)
        return mine
    }

    /// Coder `coder`'s sheet: CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark, `code` and `note` empty.
    public func sheet(coder: Int) -> [UInt8] {
        var text = CSVText.record(sheetHeader)
        for unit in sheetUnits(coder: coder) {
            var fields = [unit.unit]
            if settings.showSource {
                fields += [unit.document.source ?? "", unit.language.rawValue, unit.document.date ?? ""]
            }
            fields.append(Self.excerpt(unit.document.text, length: settings.excerpt))
            if settings.showHits { fields.append(unit.hits.joined(separator: "; ")) }
            if settings.showModel {
                fields += [unit.predicted ?? "", unit.predictedProbability.map { String(format: "%.3f", $0) } ?? ""]
            }
            fields += ["", ""]
            text += CSVText.record(fields)
        }
        return CSVText.utf8ByteOrderMark + Array(text.utf8)
    }

    /// `text` cut after `length` characters (with `…` when cut), or whole.
    static func excerpt(_ text: String, length: Int?) -> String {
        guard let length, text.count > length else { return text }
        return String(text.prefix(length)).trimmingCharacters(in: .whitespacesAndNewlines) + "…"
    }

    /// Writes `sample.jsonl` and `coder-1.csv` … `coder-K.csv` into `directory` (created if needed), each file
    /// atomically.
    ///
    /// - Returns: the paths written.
    /// - Throws: ``IOFailure`` when a file cannot be written.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw IOFailure.creating(directory, what: "the sample directory")
        }
        var paths = [directory + "/sample.jsonl"]
        try AtomicFile.write(sampleLines(), to: paths[0])
        for coder in 1...settings.coders {
            let path = directory + "/coder-\(coder).csv"
            try AtomicFile.write(sheet(coder: coder), to: path)
            paths.append(path)
        }
        return paths
    }

    /// A summary for standard output: one row per stratum (population, sampled, inclusion probability) and the
    /// units per sheet.
    public func summary() -> String {
        var rows: [[String]] = [["stratum", "documents", "sampled", "inclusion probability"]]
        for h in allocation.keys.indices {
            rows.append([
                allocation.keys[h].isEmpty ? "(all)" : allocation.keys[h], String(allocation.populations[h]),
                String(allocation.sizes[h]), formatFixed(allocation.inclusionProbability(ofStratum: h), digits: 4),
            ])
        }
        var lines = renderColumns(rows, rightAligned: [1, 2, 3])
        lines.append("")
        let total = units.count
        let shared = units.filter { $0.coders.count == settings.coders }.count
        lines.append(
            "\(total) units from \(allocation.populations.reduce(0, +)) documents; "
                + "\(settings.coders) sheet(s), \(shared) unit(s) on every sheet")
        for coder in 1...settings.coders {
            lines.append("coder-\(coder).csv: \(units.filter { $0.coders.contains(coder) }.count) units")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
