/// A self-contained HTML report of an evaluation: inline SVG charts, inline CSS, no JavaScript, no network access.
///
/// Sections: headline metrics with 95% intervals; the confusion matrix as a heat map (one `<rect class="cell">` per
/// gold × predicted pair with its count as `<text>`, label names on both axes); per-class F1 with interval bars;
/// a reliability diagram over the 15 calibration bins (Niculescu-Mizil & Caruana, ICML 2005; Guo et al., ICML 2017);
/// the spread of each metric over folds (one dot per fold); and, when source aggregates are given, each group's
/// mean probability of the first label with its interval. All text is HTML-escaped.
public struct HTMLReport: Sendable {
    public var report: EvaluationReport
    public var sources: SourceAggregation?
    public var title: String

    public init(report: EvaluationReport, sources: SourceAggregation? = nil, title: String = "stance evaluation") {
        self.report = report
        self.sources = sources
        self.title = title
    }

    /// Writes the report to `path` atomically (temporary file in the same directory, then rename).
    ///
    /// - Throws: ``IOFailure`` naming `path`.
    public func write(toPath path: String) throws {
        try AtomicFile.write(html(), to: path)
    }

    /// The whole document.
    public func html() -> String {
        let metrics = report.metrics
        var body = "<h1>\(escapeHTML(title))</h1>\n"
        body += headlineTable()
        body += "<h2>Confusion matrix</h2>\n<p>Rows: gold label; columns: predicted label.</p>\n"
        body += confusionSVG() + "\n"
        body += "<h2>Per-class F1</h2>\n" + perClassSVG() + "\n"
        body += "<h2>Reliability</h2>\n<p>Accuracy against mean top probability in 15 equal-width bins, the number "
        body += "of documents in each bin under it; expected calibration error \(formatFixed(metrics.ece, digits: 4))."
        body += "</p>\n" + SVGChart.reliability(metrics.reliability) + "\n"
        if !report.folds.isEmpty {
            body += "<h2>Spread over folds</h2>\n" + foldSVG() + "\n"
        }
        if let sources, !sources.rows.isEmpty {
            body += "<h2>Sources</h2>\n<p>Mean probability of \(escapeHTML(sources.labels[0])) per "
            body += "\(escapeHTML(sources.fields.joined(separator: " / "))) with 95% bootstrap interval "
            body += "(hollow dots: fewer than \(SourceAggregation.minimumForInterval) articles, no interval).</p>\n"
            body += sourceSVG(sources) + "\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escapeHTML(title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin-bottom: 1em; }
            td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            svg text { font-family: sans-serif; font-size: 12px; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    func headlineTable() -> String {
        var html = "<table>\n<tr><th>metric</th><th>value</th><th>95% interval</th></tr>\n"
        for metric in HeadlineMetric.allCases {
            guard let value = report.metrics.value(of: metric) else { continue }
            let interval = report.ci95[metric.rawValue].map {
                "[\(formatFixed($0.low, digits: 4)), \(formatFixed($0.high, digits: 4))]"
            }
            html += "<tr><td>\(metric.rawValue)</td><td>\(formatFixed(value, digits: 4))</td>"
            html += "<td>\(interval ?? "–")</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The confusion matrix heat map: K×K cells shaded by count relative to the largest count.
    func confusionSVG() -> String {
        let metrics = report.metrics
        let k = metrics.labels.count
        let cell = 56.0
        let longest = Double(metrics.labels.map(displayWidth).max() ?? 4)
        let left = 30.0 + 7.5 * longest
        // Column labels are turned 40° so that long labels do not run into each other.
        let top = 30.0 + 7.5 * longest * 0.65
        let width = left + cell * Double(k) + 20 + 7.5 * longest * 0.77
        let height = top + cell * Double(k) + 50
        let largest = max(metrics.confusion.flatMap { $0 }.max() ?? 0, 1)
        var svg = svgOpen(width: width, height: height, label: "confusion matrix")
        for (column, label) in metrics.labels.enumerated() {
            let x = left + cell * (Double(column) + 0.5)
            svg += "<text class=\"predicted-label\" x=\"\(f(x))\" y=\"\(f(top - 10))\" text-anchor=\"start\" "
            svg += "transform=\"rotate(-40 \(f(x)) \(f(top - 10)))\">"
            svg += "\(escapeHTML(label))</text>\n"
        }
        for (row, label) in metrics.labels.enumerated() {
            let y = top + cell * (Double(row) + 0.5) + 4
            svg += "<text class=\"gold-label\" x=\"\(f(left - 8))\" y=\"\(f(y))\" text-anchor=\"end\">"
            svg += "\(escapeHTML(label))</text>\n"
            for column in 0..<k {
                let count = metrics.confusion[row][column]
                let shade = Double(count) / Double(largest)
                let x = left + cell * Double(column)
                let yTop = top + cell * Double(row)
                svg += "<rect class=\"cell\" x=\"\(f(x))\" y=\"\(f(yTop))\" width=\"\(f(cell))\" height=\"\(f(cell))\" "
                svg += "fill=\"\(blend(shade))\" stroke=\"#fff\"><title>gold \(escapeHTML(label)), predicted "
                svg += "\(escapeHTML(metrics.labels[column])): \(count)</title></rect>\n"
                svg += "<text class=\"count\" x=\"\(f(x + cell / 2))\" y=\"\(f(yTop + cell / 2 + 4))\" "
                svg += "text-anchor=\"middle\" fill=\"\(shade > 0.55 ? "#fff" : "#000")\">\(count)</text>\n"
            }
        }
        svg += "<text x=\"\(f(left + cell * Double(k) / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\">"
        svg += "predicted</text>\n"
        return svg + "</svg>"
    }

    func perClassSVG() -> String {
        let metrics = report.metrics
        let rowHeight = 24.0
        let left = 30.0 + 7.5 * Double(metrics.labels.map(displayWidth).max() ?? 4)
        let plot = 400.0
        let height = rowHeight * Double(metrics.labels.count) + 40
        var svg = svgOpen(width: left + plot + 80, height: height, label: "per-class F1")
        svg += axis(x: left, y: height - 25, length: plot)
        for (index, label) in metrics.labels.enumerated() {
            let y = 10 + rowHeight * Double(index)
            let f1 = metrics.perClass[index].f1
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 14))\" text-anchor=\"end\">\(escapeHTML(label))</text>\n"
            svg += "<rect class=\"f1\" x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(plot * f1))\" height=\"14\" "
            svg += "fill=\"#8fb3d9\"><title>F1 \(formatFixed(f1, digits: 4))</title></rect>\n"
            if let interval = report.ci95["f1.\(label)"] {
                let yMid = y + 10
                svg += "<line class=\"interval\" x1=\"\(f(left + plot * interval.low))\" y1=\"\(f(yMid))\" "
                svg +=
                    "x2=\"\(f(left + plot * interval.high))\" y2=\"\(f(yMid))\" stroke=\"#000\" stroke-width=\"2\"/>\n"
            }
            svg += "<text x=\"\(f(left + plot + 6))\" y=\"\(f(y + 14))\">\(formatFixed(f1, digits: 3))</text>\n"
        }
        return svg + "</svg>"
    }

    func foldSVG() -> String {
        let summary = FoldSummary(values: report.folds)
        let names = summary.mean.keys.sortedByCodePoint()
        let rowHeight = 26.0
        let left = 90.0
        let plot = 400.0
        let height = rowHeight * Double(names.count) + 20
        var svg = svgOpen(width: left + plot + 140, height: height, label: "per-fold spread")
        for (index, name) in names.enumerated() {
            let y = 15 + rowHeight * Double(index)
            let values = report.folds.compactMap { $0[name] }
            let scale = max(1, values.max() ?? 1)
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escapeHTML(name))</text>\n"
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plot))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            for (fold, value) in values.enumerated() {
                svg += "<circle class=\"fold\" cx=\"\(f(left + plot * value / scale))\" cy=\"\(f(y))\" r=\"4\" "
                svg += "fill=\"#2c7fb8\" fill-opacity=\"0.7\"><title>fold \(fold + 1): \(formatFixed(value, digits: 4))"
                svg += "</title></circle>\n"
            }
            let text =
                "\(formatFixed(summary.mean[name]!, digits: 3)) ± \(formatFixed(summary.standardDeviation[name]!, digits: 3))"
            svg += "<text x=\"\(f(left + plot + 8))\" y=\"\(f(y + 4))\">\(text)</text>\n"
        }
        return svg + "</svg>"
    }

    private func sourceSVG(_ sources: SourceAggregation) -> String {
        let rowHeight = 20.0
        let keys = sources.rows.map { $0.key.joined(separator: " / ") }
        let left = 30.0 + 7.5 * Double(keys.map(displayWidth).max() ?? 4)
        let plot = 400.0
        let height = rowHeight * Double(sources.rows.count) + 40
        var svg = svgOpen(width: left + plot + 80, height: height, label: "source scores")
        svg += axis(x: left, y: height - 25, length: plot)
        for (index, row) in sources.rows.enumerated() {
            let y = 12 + rowHeight * Double(index)
            let mean = row.meanProbability[0]
            svg +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escapeHTML(keys[index]))</text>\n"
            if let interval = row.intervals?[0] {
                svg += "<line class=\"interval\" x1=\"\(f(left + plot * interval.low))\" y1=\"\(f(y))\" "
                svg += "x2=\"\(f(left + plot * interval.high))\" y2=\"\(f(y))\" stroke=\"#000\"/>\n"
            }
            let fill = row.fewArticles ? "#fff" : "#2c7fb8"
            svg += "<circle class=\"source\" cx=\"\(f(left + plot * mean))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(fill)\" "
            svg += "stroke=\"#2c7fb8\"><title>\(escapeHTML(keys[index])): \(formatFixed(mean, digits: 3)), "
            svg += "\(row.articles) articles</title></circle>\n"
        }
        return svg + "</svg>"
    }

    private func svgOpen(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(escapeHTML(label))\">\n"
    }

    /// A 0–1 axis with ticks every 0.2.
    private func axis(x: Double, y: Double, length: Double) -> String {
        var svg = "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + length))\" y2=\"\(f(y))\" stroke=\"#999\"/>\n"
        for tick in 0...5 {
            let value = Double(tick) / 5
            svg += "<text x=\"\(f(x + length * value))\" y=\"\(f(y + 15))\" text-anchor=\"middle\">"
            svg += "\(formatFixed(value, digits: 1))</text>\n"
        }
        return svg
    }

    private func f(_ value: Double) -> String { formatFixed(value, digits: 1) }

    /// White (0) to dark blue (1).
    private func blend(_ share: Double) -> String {
        let from = (247.0, 251.0, 255.0)
        let to = (8.0, 48.0, 107.0)
        let r = Int((from.0 + (to.0 - from.0) * share).rounded())
        let g = Int((from.1 + (to.1 - from.1) * share).rounded())
        let b = Int((from.2 + (to.2 - from.2) * share).rounded())
        return "rgb(\(r),\(g),\(b))"
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
public func escapeHTML(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": output += "&amp;"
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "\"": output += "&quot;"
        case "'": output += "&#39;"
        default: output.unicodeScalars.append(scalar)
        }
    }
    return output
}
