/// The score of one article, as input to ``SourceAggregation``.
public struct ArticleScore: Equatable, Sendable {
    /// Group key values by field name (`source`, `lang`, `month`, …); a missing field groups as `(none)`.
    public var keys: [String: String]
    /// Predicted probability of each label, aligned with the aggregation's labels.
    public var probabilities: [Double]
    /// The predicted label, or ``SourceAggregation/abstain``.
    public var predicted: String
    /// How strong the evidence behind the prediction is (e.g. the summed absolute contribution of matched features).
    public var evidence: Double
    /// A key of the article's text, e.g. ``duplicateKey(of:)`` of the normalised text: equal keys are duplicates.
    public var duplicateKey: UInt64
    /// The article's target, which chooses the rates of a per-target model's adjusted shares.
    public var target: String?

    public init(
        keys: [String: String], probabilities: [Double], predicted: String, evidence: Double, duplicateKey: UInt64,
        target: String? = nil
    ) {
        self.target = target
        self.keys = keys
        self.probabilities = probabilities
        self.predicted = predicted
        self.evidence = evidence
        self.duplicateKey = duplicateKey
    }

    /// The value of a grouping field for a document (``Document/groupValue(_:language:)``).
    public static func groupValue(_ field: String, of document: Document, language: Language? = nil) -> String? {
        document.groupValue(field, language: language)
    }
}

/// One row of a source aggregation: the articles of one group (e.g. one outlet, or one outlet in one month).
public struct SourceAggregateRow: Equatable, Sendable {
    /// The group's value of each grouping field, in field order.
    public var key: [String]
    /// Distinct articles in the group (duplicates counted once).
    public var articles: Int
    /// Articles dropped because their text duplicated an earlier article of the same group.
    public var duplicatesDropped: Int
    /// Mean predicted probability of each label.
    public var meanProbability: [Double]
    /// The bootstrap percentile interval of each mean, `nil` for groups with too few articles.
    public var intervals: [Interval]?
    /// Share of articles predicted as each label (abstentions count in the denominator).
    public var predictedShare: [Double]
    public var meanEvidence: Double
    public var abstained: Int
    /// Adjusted classify-and-count shares per label (``Quantification``), when the model stores its rates.
    public var adjustedShare: [Double]?
    /// Their bootstrap percentile intervals (`nil` for small groups or without rates).
    public var adjustedIntervals: [Interval]?

    /// Whether the group had too few articles for an interval (fewer than ``SourceAggregation/minimumForInterval``).
    public var fewArticles: Bool { intervals == nil }
}

/// Aggregates article scores into one row per group, e.g. how each outlet frames a subject.
///
/// Within a group, articles with the same duplicate key count once (the first in input order is kept), so that
/// wire copies and reposts do not outweigh original reporting. For a group with `m ≥ 5` distinct articles the mean
/// probability of label `k`, `p̄_k = (1/m) Σ_i p_ik`, gets a percentile bootstrap interval over the group's articles
/// (Efron & Tibshirani 1993); each group draws from its own ``StableRandom`` stream derived from its key, so rows do
/// not depend on the order of groups or the thread count. A group's distinct articles are taken in the order of
/// their duplicate keys (text fingerprints) before anything is summed or resampled, so a row does not depend on the
/// order the articles arrived in either: `score --by` on one machine and `aggregate` over a Spark job's shuffled
/// partitions give the same table. (Within a near-duplicate cluster, whose members' texts differ, the article kept
/// is still the first to arrive.) Rows are sorted by the first label's mean, descending,
/// ties by key in code-point order; grouped by `month` or `year`, they are in key order instead, which is time order.
public struct SourceAggregation: Equatable, Sendable {
    /// The predicted label of an article on which the model abstained.
    public static let abstain = "abstain"
    /// The smallest number of distinct articles for which an interval is computed.
    public static let minimumForInterval = 5

    public var fields: [String]
    public var labels: [String]
    public var rows: [SourceAggregateRow]
    /// The rates behind the adjusted shares, `nil` when the model has none.
    public var rates: ModelRates?

    /// Aggregates `articles` by the values of `fields`.
    ///
    /// - Throws: ``StatisticsError.invalidInput(_:)`` when no field or label is given, a probability row has the
    ///   wrong width, or the bootstrap settings are invalid.
    public init(
        articles: [ArticleScore], labels: [String], groupBy fields: [String],
        settings: BootstrapSettings = BootstrapSettings(), rates: ModelRates? = nil
    ) throws {
        guard !fields.isEmpty else { throw StatisticsError.invalidInput("no field to group by") }
        guard !labels.isEmpty else { throw StatisticsError.invalidInput("no labels") }
        guard settings.replicates >= 2 else {
            throw StatisticsError.invalidInput("the bootstrap needs at least 2 replicates")
        }
        let k = labels.count
        var groupIndex: [[String]: Int] = [:]
        var groupKeys: [[String]] = []
        var members: [[Int]] = []
        var seen: [Set<UInt64>] = []
        var dropped: [Int] = []
        for (index, article) in articles.enumerated() {
            guard article.probabilities.count == k else {
                throw StatisticsError.invalidInput(
                    "article \(index + 1) has \(article.probabilities.count) probabilities for \(k) labels")
            }
            let key = fields.map { article.keys[$0] ?? "(none)" }
            let group: Int
            if let existing = groupIndex[key] {
                group = existing
            } else {
                group = groupKeys.count
                groupIndex[key] = group
                groupKeys.append(key)
                members.append([])
                seen.append([])
                dropped.append(0)
            }
            if seen[group].insert(article.duplicateKey).inserted {
                members[group].append(index)
            } else {
                dropped[group] += 1
            }
        }
        var rows: [SourceAggregateRow] = []
        for (group, key) in groupKeys.enumerated() {
            let kept = members[group].map { articles[$0] }.sorted { $0.duplicateKey < $1.duplicateKey }
            let m = Double(kept.count)
            var mean = [Double](repeating: 0, count: k)
            var share = [Double](repeating: 0, count: k)
            var evidence = 0.0
            var abstained = 0
            for article in kept {
                for c in 0..<k { mean[c] += article.probabilities[c] }
                evidence += article.evidence
                if let c = labels.firstIndex(of: article.predicted) {
                    share[c] += 1
                } else if article.predicted == Self.abstain {
                    abstained += 1
                }
            }
            mean = mean.map { $0 / m }
            share = share.map { $0 / m }
            var intervals: [Interval]?
            if kept.count >= Self.minimumForInterval {
                let keyText = key.joined(separator: "\u{1F}")
                var mixer = StableRandom(seed: settings.seed, stream: duplicateKey(of: keyText))
                let groupSettings = BootstrapSettings(
                    replicates: settings.replicates, seed: mixer.next(), confidence: settings.confidence)
                let resampler = try Resampler(documentCount: kept.count, groups: nil)
                let means = resampler.replicate(groupSettings, placeholder: [Double]()) { rows in
                    var sums = [Double](repeating: 0, count: k)
                    for row in rows { for c in 0..<k { sums[c] += kept[row].probabilities[c] } }
                    return sums.map { $0 / Double(rows.count) }
                }
                intervals = (0..<k).map { c in
                    percentileInterval(means.map { $0[c] }, confidence: settings.confidence)
                }
            }
            var row = SourceAggregateRow(
                key: key, articles: kept.count, duplicatesDropped: dropped[group], meanProbability: mean,
                intervals: intervals, predictedShare: share, meanEvidence: evidence / m, abstained: abstained)
            if let rates {
                var mixer = StableRandom(seed: settings.seed, stream: duplicateKey(of: key.joined(separator: "\u{1F}")))
                _ = mixer.next()
                let adjusted = try Quantification.adjustedWithIntervals(
                    kept.map(\.probabilities), targets: kept.map(\.target), labels: labels, rates: rates,
                    settings: BootstrapSettings(
                        replicates: settings.replicates, seed: mixer.next(), confidence: settings.confidence),
                    withIntervals: kept.count >= Self.minimumForInterval)
                (row.adjustedShare, row.adjustedIntervals) = (adjusted?.shares, adjusted?.intervals)
            }
            rows.append(row)
        }
        if fields.contains(where: FieldSelection.isTime) {
            // By month or year: in time order (YYYY-MM and YYYY sort as text), groups without a date last.
            rows.sort { FieldSelection.keyPrecedes($0.key, $1.key) }
        } else {
            rows.sort { a, b in
                a.meanProbability[0] != b.meanProbability[0]
                    ? a.meanProbability[0] > b.meanProbability[0] : codePointPrecedes(a.key, b.key)
            }
        }
        self.fields = fields
        self.labels = labels
        self.rows = rows
        self.rates = rates
    }

    private var columnNames: [String] {
        var names = fields + ["articles", "duplicates_dropped"]
        for label in labels { names += ["mean_\(label)", "low_\(label)", "high_\(label)"] }
        names += labels.map { "share_\($0)" }
        if rates != nil {
            for label in labels { names += ["adjusted_\(label)", "adjusted_low_\(label)", "adjusted_high_\(label)"] }
        }
        return names + ["mean_evidence", "abstained", "few_articles"]
    }

    private func cells(_ row: SourceAggregateRow, digits: Int) -> [String] {
        var cells = row.key + [String(row.articles), String(row.duplicatesDropped)]
        for c in 0..<labels.count {
            cells.append(formatFixed(row.meanProbability[c], digits: digits))
            cells.append(row.intervals.map { formatFixed($0[c].low, digits: digits) } ?? "")
            cells.append(row.intervals.map { formatFixed($0[c].high, digits: digits) } ?? "")
        }
        cells += row.predictedShare.map { formatFixed($0, digits: digits) }
        if let adjusted = row.adjustedShare {
            for c in 0..<labels.count {
                cells.append(formatFixed(adjusted[c], digits: digits))
                cells.append(row.adjustedIntervals.map { formatFixed($0[c].low, digits: digits) } ?? "")
                cells.append(row.adjustedIntervals.map { formatFixed($0[c].high, digits: digits) } ?? "")
            }
        } else if rates != nil {
            // A per-target model without rates for one of the group's targets.
            cells += [String](repeating: "", count: 3 * labels.count)
        }
        return cells + [
            formatFixed(row.meanEvidence, digits: digits), String(row.abstained), row.fewArticles ? "yes" : "no",
        ]
    }

    /// Tab-separated values with a header line; tabs and line breaks inside keys become spaces.
    public func tsv() -> String {
        func clean(_ text: String) -> String {
            String(
                String.UnicodeScalarView(
                    text.unicodeScalars.map { ($0 == "\t" || $0 == "\n" || $0 == "\r") ? " " : $0 }))
        }
        var lines = [columnNames.map(clean).joined(separator: "\t")]
        for row in rows { lines.append(cells(row, digits: 6).map(clean).joined(separator: "\t")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An aligned plain-text table for standard output (intervals shown as `[low, high]`, `-` for small groups).
    public func table() -> String {
        var header = fields + ["articles", "dups"]
        for label in labels { header += ["mean \(label)", "95% interval"] }
        header += labels.map { "share \($0)" }
        if rates != nil { for label in labels { header += ["adjusted \(label)", "95% interval"] } }
        header += ["evidence", "abstain"]
        var table = [header]
        for row in rows {
            var cells = row.key + [String(row.articles), String(row.duplicatesDropped)]
            for c in 0..<labels.count {
                cells.append(formatFixed(row.meanProbability[c], digits: 3))
                cells.append(
                    row.intervals.map {
                        "[\(formatFixed($0[c].low, digits: 3)), \(formatFixed($0[c].high, digits: 3))]"
                    }
                        ?? "- (few)")
            }
            cells += row.predictedShare.map { formatFixed($0, digits: 3) }
            if let adjusted = row.adjustedShare {
                for c in 0..<labels.count {
                    cells.append(formatFixed(adjusted[c], digits: 3))
                    cells.append(
                        row.adjustedIntervals.map {
                            "[\(formatFixed($0[c].low, digits: 3)), \(formatFixed($0[c].high, digits: 3))]"
                        }
                            ?? "- (few)")
                }
            } else if rates != nil {
                for _ in labels { cells += ["-", "- (no rates)"] }
            }
            cells += [formatFixed(row.meanEvidence, digits: 3), String(row.abstained)]
            table.append(cells)
        }
        let numeric = Set(fields.count..<header.count)
        return renderColumns(table, rightAligned: numeric).joined(separator: "\n") + "\n"
    }

    /// JSON with keys in code-point order: `fields`, `labels`, and `rows`, an array in row order whose entries hold
    /// `key` {field: value}, `articles`, `duplicates_dropped`, `mean` {label: p}, `ci95` {label: [low, high]} or
    /// null, `few_articles`, `share` {label: s}, `mean_evidence`, `abstained`.
    public func jsonText() -> String {
        let rowValues: [JSON] = rows.map { row in
            var key: [String: JSON] = [:]
            for (field, value) in zip(fields, row.key) { key[field] = .string(value) }
            var mean: [String: JSON] = [:]
            var share: [String: JSON] = [:]
            var ci: [String: JSON] = [:]
            for (c, label) in labels.enumerated() {
                mean[label] = .double(row.meanProbability[c])
                share[label] = .double(row.predictedShare[c])
                if let intervals = row.intervals {
                    ci[label] = .array([.double(intervals[c].low), .double(intervals[c].high)])
                }
            }
            var members: [String: JSON] = [
                "key": .sortedObject(key), "articles": .int(row.articles),
                "duplicates_dropped": .int(row.duplicatesDropped), "mean": .sortedObject(mean),
                "ci95": row.intervals == nil ? .null : .sortedObject(ci), "few_articles": .bool(row.fewArticles),
                "share": .sortedObject(share), "mean_evidence": .double(row.meanEvidence),
                "abstained": .int(row.abstained),
            ]
            if let adjusted = row.adjustedShare {
                var shares: [String: JSON] = [:]
                var intervals: [String: JSON] = [:]
                for (c, label) in labels.enumerated() {
                    shares[label] = .double(adjusted[c])
                    if let bounds = row.adjustedIntervals {
                        intervals[label] = .array([.double(bounds[c].low), .double(bounds[c].high)])
                    }
                }
                members["adjusted_share"] = .sortedObject(shares)
                members["adjusted_ci95"] = row.adjustedIntervals == nil ? .null : .sortedObject(intervals)
            } else if rates != nil {
                members["adjusted_share"] = .null
                members["adjusted_ci95"] = .null
            }
            return .sortedObject(members)
        }
        return JSON.sortedObject([
            "fields": .array(fields.map { .string($0) }), "labels": .array(labels.map { .string($0) }),
            "rows": .array(rowValues),
        ]).rendered(layout: .report) + "\n"
    }
}
