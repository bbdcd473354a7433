import Foundation

/// A report directory: `report.html` with every figure inline, and every figure also as `NAME.svg` for papers.
/// No script and no network: the page and each SVG are self-contained.
public struct ReportPage: Sendable {
    public var title: String
    public var provenance: Provenance
    /// The body after the provenance, in order: HTML fragments and figures.
    private var parts: [(html: String, figure: String?)] = []

    public init(title: String, provenance: Provenance) {
        self.title = title
        self.provenance = provenance
    }

    /// Appends an HTML fragment.
    public mutating func add(html: String) { parts.append((html, nil)) }

    /// Appends a figure, shown inline and written as `name.svg`.
    public mutating func add(figure svg: String, name: String, caption: String) {
        parts.append(
            (
                "<figure>\n\(svg)<figcaption>\(escapeHTML(caption)) (<a href=\"\(name).svg\">\(name).svg</a>)"
                    + "</figcaption>\n</figure>\n", svg
            ))
        names.append(name)
    }

    private var names: [String] = []

    /// The names of the figures, in order.
    public var figureNames: [String] { names }

    public func html() -> String {
        var body = "<h1>\(escapeHTML(title))</h1>\n" + provenance.html()
        for part in parts { body += part.html }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escapeHTML(title))</title>
            <style>
            body { font-family: \(SVGChart.fontStack); margin: 2em; color: #222; max-width: 1100px; }
            table { border-collapse: collapse; margin-bottom: 1em; }
            td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; vertical-align: top; }
            th:first-child, td:first-child { text-align: left; }
            table.provenance td { text-align: left; }
            figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #555; }
            svg text { font-family: \(SVGChart.fontStack); }
            .warnings { color: #8a4b00; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// Writes `report.html` and every figure's SVG into `directory`, all together: into a temporary directory
    /// renamed into place (``AtomicDirectory``), replacing an earlier report there.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) naming the directory or the file.
    public func write(to directory: String) throws {
        try AtomicDirectory.write(to: directory, what: "the report directory", marker: "report.html") { temporary in
            var index = 0
            for part in parts {
                guard let svg = part.figure else { continue }
                try AtomicFile.write(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg, to: "\(temporary)/\(names[index]).svg")
                index += 1
            }
            try AtomicFile.write(html(), to: temporary + "/report.html")
        }
    }
}

/// A plain HTML table; cells are escaped.
func htmlTable(_ header: [String], _ rows: [[String]], className: String) -> String {
    var html = "<table class=\"\(className)\">\n<tr>" + header.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>\n"
    for row in rows { html += "<tr>" + row.map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n" }
    return html + "</table>\n"
}
