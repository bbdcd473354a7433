/// `stance eval --report DIR`: the evaluation report with provenance, every plot also as a standalone SVG.
///
/// Sections: headline metrics with intervals; the confusion matrix; per-class F1; a reliability diagram with axis
/// ticks and each bin's count under it; the spread over folds; each source's position on the model's scale
/// (``PositionScale``) coloured by its majority gold label, with 95% bootstrap intervals; per-source accuracy with
/// n; per-language metrics.
public struct EvaluationPage: Sendable {
    /// One held-out prediction.
    public struct Prediction: Sendable {
        public var document: Document
        public var language: Language
        /// Aligned with the report's labels.
        public var probabilities: [Double]
        public var duplicateKey: UInt64

        public init(document: Document, language: Language, probabilities: [Double], duplicateKey: UInt64) {
            self.document = document
            self.language = language
            self.probabilities = probabilities
            self.duplicateKey = duplicateKey
        }
    }

    public var report: EvaluationReport
    public var predictions: [Prediction]
    public var scale: PositionScale
    public var bootstrap: BootstrapSettings
    /// The model whose coefficients are plotted: the held-out model, or one fitted on all documents.
    public var model: StanceModel?

    public init(
        report: EvaluationReport, predictions: [Prediction], scale: PositionScale, bootstrap: BootstrapSettings,
        model: StanceModel? = nil
    ) {
        self.model = model
        self.report = report
        self.predictions = predictions
        self.scale = scale
        self.bootstrap = bootstrap
    }

    var labels: [String] { report.metrics.labels }

    func predicted(_ prediction: Prediction) -> String {
        let p = prediction.probabilities
        return labels[p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!]
    }

    /// Adds every section to `page`.
    public func build(into page: inout ReportPage) throws {
        let base = HTMLReport(report: report)
        page.add(html: "<h2>Headline metrics</h2>\n" + base.headlineTable())
        page.add(html: "<h2>Confusion matrix</h2>\n<p>Rows: gold label; columns: predicted label.</p>\n")
        page.add(figure: base.confusionSVG() + "\n", name: "confusion", caption: "Confusion matrix")
        page.add(html: "<h2>Per-class F1</h2>\n")
        page.add(figure: base.perClassSVG() + "\n", name: "per-class-f1", caption: "Per-class F1 with 95% interval")
        page.add(
            html: "<h2>Reliability</h2>\n<p>Accuracy against mean top probability in 15 equal-width bins, the number "
                + "of documents in each bin under it; expected calibration error "
                + "\(formatFixed(report.metrics.ece, digits: 4)).</p>\n")
        page.add(
            figure: SVGChart.reliability(report.metrics.reliability), name: "reliability",
            caption: "Reliability diagram")
        if !report.folds.isEmpty {
            page.add(html: "<h2>Spread over folds</h2>\n")
            page.add(figure: base.foldSVG() + "\n", name: "folds", caption: "Each metric per fold")
        }
        if predictions.contains(where: { $0.document.source != nil }) {
            let positions = try SourcePosition.make(
                keys: predictions.map { $0.document.source ?? "(none)" },
                probabilities: predictions.map(\.probabilities), colourLabels: predictions.map(\.document.label),
                duplicateKeys: predictions.map(\.duplicateKey), scale: scale, settings: bootstrap)
            page.add(
                html: "<h2>Sources on the model's scale</h2>\n<p>Each source's mean held-out position with a 95% "
                    + "bootstrap interval over its articles (hollow: fewer than "
                    + "\(SourceAggregation.minimumForInterval) articles), coloured by its majority gold label.</p>\n")
            for (panel, svg) in SourcePosition.figures(positions, scale: scale, colourTitle: "majority gold label")
                .enumerated()
            {
                page.add(
                    figure: svg, name: "source-positions" + (scale.panels.count > 1 ? "-\(panel + 1)" : ""),
                    caption: "Sources: \(scale.panels[panel])")
            }
            page.add(html: "<h2>Accuracy per source</h2>\n" + groupTable("source") { $0.document.source ?? "(none)" })
        }
        page.add(html: "<h2>Per language</h2>\n" + groupTable("language") { $0.language.rawValue })
        if let model {
            page.add(
                html: "<h2>Coefficients</h2>\n<p>The strongest features per class of "
                    + (report.settings["mode"] == .string("held-out")
                        ? "the held-out model" : "a model fitted on all documents with the same settings")
                    + ", with intervals where the fit has them.</p>\n")
            for (index, figure) in CoefficientFigure.figures(model).enumerated() {
                page.add(figure: figure.svg, name: "coefficients-\(index + 1)", caption: figure.caption)
            }
        }
    }

    /// n, accuracy and macro-F1 per group.
    func groupTable(_ title: String, key: (Prediction) -> String) -> String {
        var groups: [String: [Int]] = [:]
        for (index, prediction) in predictions.enumerated() { groups[key(prediction), default: []].append(index) }
        let rows = codePointSorted(groups.keys).map { name -> [String] in
            let members = groups[name]!
            let gold = members.map { predictions[$0].document.label ?? "" }
            let guess = members.map { predicted(predictions[$0]) }
            let correct = zip(gold, guess).filter { $0 == $1 }.count
            var f1s: [Double] = []
            for label in labels where gold.contains(label) || guess.contains(label) {
                let tp = Double(zip(gold, guess).filter { $0 == label && $1 == label }.count)
                let fp = Double(zip(gold, guess).filter { $0 != label && $1 == label }.count)
                let fn = Double(zip(gold, guess).filter { $0 == label && $1 != label }.count)
                f1s.append(tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn))
            }
            let majority = codePointSorted(Set(gold)).max { a, b in
                gold.filter { $0 == a }.count < gold.filter { $0 == b }.count
            }
            return [
                name, String(members.count), majority ?? "",
                formatFixed(Double(correct) / Double(members.count), digits: 3),
                formatFixed(f1s.isEmpty ? 0 : f1s.reduce(0, +) / Double(f1s.count), digits: 3),
            ]
        }
        return htmlTable(
            [title, "n", "majority gold", "accuracy", "macro-F1 (labels present)"], rows, className: title)
    }
}

extension EvaluationPage {
    /// Writes the whole `eval --report` directory.
    public static func write(
        to directory: String, title: String, report: EvaluationReport, predictions: [Prediction], order: [String]?,
        bootstrap: BootstrapSettings, commandLine: [String], inputs: [String], warnings: [String],
        model: StanceModel? = nil
    ) throws {
        let scale = try PositionScale(labels: report.metrics.labels, order: order)
        let settings = report.settings.keys.sortedByCodePoint().map { key -> (name: String, value: String) in
            switch report.settings[key]! {
            case .string(let text): return (key, text)
            case .integer(let value): return (key, String(value))
            case .number(let value): return (key, String(value))
            }
        }
        let provenance = try Provenance.make(
            commandLine: commandLine, inputs: inputs, labels: predictions.map(\.document.label),
            sources: predictions.map(\.document.source),
            settings: settings + [("order", order?.joined(separator: ",") ?? "none")],
            warnings: warnings)
        var page = ReportPage(title: title, provenance: provenance)
        try EvaluationPage(
            report: report, predictions: predictions, scale: scale, bootstrap: bootstrap, model: model
        ).build(into: &page)
        try page.write(to: directory)
    }
}
