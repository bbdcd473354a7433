/// `stance score --report DIR`: the sources' ratings as a paper shows them.
///
/// Figures: each source's position with a 95% bootstrap interval (``PositionScale``), coloured by its most frequent
/// predicted label; with a `month` field in `--by`, the position per month, one line per source with its interval
/// as a band (months with fewer than 5 articles have no band). Tables: the evidence that carries each source's
/// rating (every article's `--explain` features summed over the source, counted toward the source's most frequent
/// predicted label: positive when the article's own prediction is that label, negative otherwise; for two classes
/// this is exactly the push toward that label), the language mix and the abstentions per source.
public struct ScoreReport: Sendable {
    public var articles: [ScoredArticle]
    public var labels: [String]
    public var scale: PositionScale
    public var aggregation: SourceAggregation?
    public var settings: BootstrapSettings
    /// Features shown per source.
    public var topFeatures: Int

    public init(
        articles: [ScoredArticle], labels: [String], scale: PositionScale, aggregation: SourceAggregation?,
        settings: BootstrapSettings, topFeatures: Int = 5
    ) {
        self.articles = articles
        self.labels = labels
        self.scale = scale
        self.aggregation = aggregation
        self.settings = settings
        self.topFeatures = topFeatures
    }

    /// The most probable label of an article (ignoring abstention).
    func mostProbable(_ article: ScoredArticle) -> String {
        let p = article.probabilities
        return labels[p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!]
    }

    /// Adds the report's sections to `page`.
    public func build(into page: inout ReportPage) throws {
        let sources = articles.map { $0.document.source ?? "(none)" }
        let duplicateKeys = articles.map(\.duplicateKey)
        let positions = try SourcePosition.make(
            keys: sources, probabilities: articles.map(\.probabilities),
            colourLabels: articles.map { mostProbable($0) }, duplicateKeys: duplicateKeys, scale: scale,
            settings: settings)
        page.add(
            html: "<h2>Source ratings</h2>\n<p>Each source's mean position over its articles (duplicates once) with a "
                + "95% bootstrap interval over its articles; hollow dots: fewer than "
                + "\(SourceAggregation.minimumForInterval) articles, no interval. Colour: the source's most frequent "
                + "predicted label. The number of articles follows each name.</p>\n")
        for (panel, svg) in SourcePosition.figures(positions, scale: scale, colourTitle: "most frequent prediction")
            .enumerated()
        {
            page.add(
                figure: svg, name: "source-ratings" + (scale.panels.count > 1 ? "-\(panel + 1)" : ""),
                caption: "Source ratings: \(scale.panels[panel])")
        }
        if let aggregation, aggregation.fields.contains("month") {
            try addMonths(into: &page)
        }
        if let table = adjustedSharesTable() { page.add(html: table) }
        page.add(html: evidenceTable(positions: positions))
        page.add(html: languageTable())
    }

    private func addMonths(into page: inout ReportPage) throws {
        let keys = articles.map { article -> String? in
            guard let month = article.document.date.flatMap(monthKey(ofDate:)) else { return nil }
            return (article.document.source ?? "(none)") + "\u{1F}" + month
        }
        let kept = keys.indices.filter { keys[$0] != nil }
        guard !kept.isEmpty else { return }
        let positions = try SourcePosition.make(
            keys: kept.map { keys[$0]! }, probabilities: kept.map { articles[$0].probabilities },
            colourLabels: kept.map { _ in nil },
            duplicateKeys: kept.map { articles[$0].fingerprint.high ^ articles[$0].fingerprint.low }, scale: scale,
            settings: settings)
        let months = codePointSorted(Set(positions.map { String($0.source.split(separator: "\u{1F}").last!) }))
        let sources = codePointSorted(Set(positions.map { String($0.source.split(separator: "\u{1F}").first!) }))
        page.add(
            html: "<h2>By month</h2>\n<p>Each source's mean position per month; bands: 95% bootstrap intervals "
                + "(months with \(SourceAggregation.minimumForInterval) articles or more).</p>\n")
        for (panel, title) in scale.panels.enumerated() {
            let series = sources.enumerated().map { index, source in
                let byMonth = months.map { month in positions.first { $0.source == source + "\u{1F}" + month } }
                return SVGChart.Series(
                    name: source, values: byMonth.map { $0?.values[panel] },
                    bands: byMonth.map { $0?.intervals?[panel] }, colour: index)
            }
            page.add(
                figure: SVGChart.lines(
                    series, xLabels: months, axisTitle: title, xTitle: "month", label: "by month: \(title)"),
                name: "by-month" + (scale.panels.count > 1 ? "-\(panel + 1)" : ""), caption: "By month: \(title)")
        }
    }

    private func adjustedSharesTable() -> String? {
        guard let aggregation, aggregation.rates != nil else { return nil }
        var rows: [[String]] = []
        for row in aggregation.rows {
            guard let adjusted = row.adjustedShare else { continue }
            var cells = [row.key.joined(separator: " / "), String(row.articles)]
            for c in labels.indices {
                let interval = row.adjustedIntervals.map {
                    " [\(formatFixed($0[c].low, digits: 2)), \(formatFixed($0[c].high, digits: 2))]"
                }
                cells.append(
                    "\(formatFixed(row.predictedShare[c], digits: 2)) → \(formatFixed(adjusted[c], digits: 2))"
                        + (interval ?? ""))
            }
            rows.append(cells)
        }
        return "<h2>Shares per class</h2>\n<p>Raw classify-and-count share → adjusted share (Forman 2008) with its 95% "
            + "bootstrap interval.</p>\n"
            + htmlTable([aggregation.fields.joined(separator: " / "), "articles"] + labels, rows, className: "shares")
    }

    private func evidenceTable(positions: [SourcePosition]) -> String {
        let explained = articles.contains { $0.explanation != nil }
        guard explained else { return "<h2>Evidence per source</h2>\n<p>No article was explained.</p>\n" }
        var rows: [[String]] = []
        for position in positions {
            guard let majority = position.colourLabel else { continue }
            var sums: [String: Double] = [:]
            for article in articles where (article.document.source ?? "(none)") == position.source {
                guard let explanation = article.explanation else { continue }
                let sign = mostProbable(article) == majority ? 1.0 : -1.0
                for item in explanation.supporting + explanation.opposing {
                    sums[item.feature, default: 0] += sign * item.contribution
                }
            }
            let top = codePointSorted(sums.keys).sorted { sums[$0]! > sums[$1]! }.prefix(topFeatures)
            let against = codePointSorted(sums.keys).sorted { sums[$0]! < sums[$1]! }.prefix(2).filter {
                sums[$0]! < 0
            }
            rows.append([
                position.source, majority,
                top.map { "\($0) \(formatFixed(sums[$0]!, digits: 2))" }.joined(separator: ", "),
                against.map { "\($0) \(formatFixed(sums[$0]!, digits: 2))" }.joined(separator: ", "),
            ])
        }
        return "<h2>Evidence per source</h2>\n<p>The features that carry each source's rating: every article's "
            + "strongest features for and against its prediction (<code>--explain</code>), summed over the source's "
            + "articles toward its most frequent predicted label.</p>\n"
            + htmlTable(
                ["source", "most frequent prediction", "strongest for", "strongest against"], rows,
                className: "evidence")
    }

    private func languageTable() -> String {
        let languages = Language.allCases.map(\.rawValue)
        var bySource: [String: (counts: [String: Int], abstained: Int, total: Int)] = [:]
        for article in articles {
            let source = article.document.source ?? "(none)"
            var entry = bySource[source] ?? ([:], 0, 0)
            entry.counts[article.language.rawValue, default: 0] += 1
            if article.label == ArticleScorer.abstain { entry.abstained += 1 }
            entry.total += 1
            bySource[source] = entry
        }
        let rows = codePointSorted(bySource.keys).map { source -> [String] in
            let entry = bySource[source]!
            return [source, String(entry.total)] + languages.map { String(entry.counts[$0] ?? 0) }
                + [String(entry.abstained)]
        }
        return "<h2>Languages and abstentions per source</h2>\n"
            + htmlTable(["source", "articles"] + languages + ["abstained"], rows, className: "languages")
    }
}

extension ScoreReport {
    /// Writes the whole `score --report` directory: provenance, then the report's sections.
    ///
    /// - Parameters:
    ///   - settings: every setting of the run, to show in the provenance.
    ///   - warnings: every warning the run gave.
    /// - Throws: ``EvaluationError`` for a bad `order`, ``IOFailure`` when a file cannot be written.
    public static func write(
        to directory: String, articles: [ScoredArticle], model: StanceModel, order: [String]?,
        aggregation: SourceAggregation?, bootstrap: BootstrapSettings, commandLine: [String], inputs: [String],
        settings: [(name: String, value: String)], warnings: [String]
    ) throws {
        try write(
            to: directory, articles: articles, labels: model.labels, order: order, aggregation: aggregation,
            bootstrap: bootstrap, commandLine: commandLine, inputs: inputs, settings: settings, warnings: warnings)
    }

    /// As ``write(to:articles:model:order:aggregation:bootstrap:commandLine:inputs:settings:warnings:)``, for
    /// articles rated with `labels` (`stance aggregate`, which reads article lines and needs no model).
    public static func write(
        to directory: String, articles: [ScoredArticle], labels: [String], order: [String]?,
        aggregation: SourceAggregation?, bootstrap: BootstrapSettings, commandLine: [String], inputs: [String],
        settings: [(name: String, value: String)], warnings: [String]
    ) throws {
        let scale = try PositionScale(labels: labels, order: order)
        let provenance = try Provenance.make(
            commandLine: commandLine, inputs: inputs, labels: articles.map(\.label),
            sources: articles.map(\.document.source), settings: settings, warnings: warnings)
        var page = ReportPage(title: "stance score: source ratings", provenance: provenance)
        page.add(
            html: "<p>Per class in the provenance: the predicted labels (<code>abstain</code> where the evidence was "
                + "too weak).</p>\n")
        try ScoreReport(
            articles: articles, labels: labels, scale: scale, aggregation: aggregation, settings: bootstrap
        ).build(into: &page)
        try page.write(to: directory)
    }
}
