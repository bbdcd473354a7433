/// Small SVG charts for the reports: every chart has labelled axes with ticks, and each mark a `class` so that
/// `scripts/check-report` can count marks. No script, no external resource.
public enum SVGChart {
    /// The font-family stack of every report and figure: Latin with Vietnamese, then Noto CJK for Chinese.
    public static let fontStack =
        "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', 'Noto Sans CJK SC', 'Noto Sans CJK TC', "
        + "'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif"

    /// A qualitative palette (Okabe & Ito 2008, colour-blind safe), one colour per label in order.
    public static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    ]

    public static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// One row of a dot-and-interval chart.
    public struct DotRow: Sendable {
        public var name: String
        public var value: Double
        public var interval: Interval?
        /// Index into ``palette``.
        public var colour: Int
        /// A hollow dot (e.g. a group too small for an interval).
        public var hollow: Bool
        public var tooltip: String

        public init(
            name: String, value: Double, interval: Interval?, colour: Int, hollow: Bool = false, tooltip: String
        ) {
            self.name = name
            self.value = value
            self.interval = interval
            self.colour = colour
            self.hollow = hollow
            self.tooltip = tooltip
        }
    }

    /// One line of a line chart with an optional band.
    public struct Series: Sendable {
        public var name: String
        /// A value (or nil: no point) per x position.
        public var values: [Double?]
        public var bands: [Interval?]
        public var colour: Int

        public init(name: String, values: [Double?], bands: [Interval?], colour: Int) {
            self.name = name
            self.values = values
            self.bands = bands
            self.colour = colour
        }
    }

    static func f(_ value: Double) -> String { formatFixed(value, digits: 1) }

    /// Approximate text width in pixels at 12 px: CJK characters count double.
    static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 12 : 7) }
    }

    /// The opening tag of a standalone figure, with the font stack in its own style.
    static func open(width: Double, height: Double, label: String, kind: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"figure \(kind)\" width=\"\(f(width))\" "
            + "height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" "
            + "aria-label=\"\(escapeHTML(label))\">\n<style>text { font-family: \(fontStack); font-size: 12px; "
            + "fill: #222; } .tick-label { font-size: 11px; fill: #444; } .axis-title { font-size: 12px; }</style>\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    }

    /// Tick values between `low` and `high`: 0, 0.2, …, 1 for probabilities, else about five round steps.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let span = max(high - low, 1e-12)
        let raw = span / 5
        let magnitude = pow10(floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = Int((low / step - 1e-9).rounded(.up))
        let last = Int((high / step + 1e-9).rounded(.down))
        guard first <= last else { return [low, high] }
        // Multiples of the step, rounded to nine decimals so that 3 × 0.2 is 0.6.
        return (first...last).map { (Double($0) * step * 1e9).rounded() / 1e9 }
    }

    private static func pow10(_ x: Double) -> Double {
        var result = 1.0
        if x >= 0 { for _ in 0..<Int(x) { result *= 10 } } else { for _ in 0..<Int(-x) { result /= 10 } }
        return result
    }

    private static func floor(_ x: Double) -> Double { x.rounded(.down) }

    private static func log10(_ x: Double) -> Double {
        var exponent = 0.0
        var value = x
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }

    /// A horizontal axis from `x` to `x + length` at height `y` over `[low, high]`, ticks labelled, with a title.
    static func xAxis(x: Double, y: Double, length: Double, low: Double, high: Double, title: String) -> String {
        var svg = "<g class=\"x-axis\">\n<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + length))\" y2=\"\(f(y))\" "
        svg += "stroke=\"#666\"/>\n"
        for tick in ticks(low, high) {
            let position = x + length * (tick - low) / (high - low)
            svg += "<line class=\"tick\" x1=\"\(f(position))\" y1=\"\(f(y))\" x2=\"\(f(position))\" "
            svg += "y2=\"\(f(y + 5))\" stroke=\"#666\"/>\n"
            svg += "<text class=\"tick-label\" x=\"\(f(position))\" y=\"\(f(y + 17))\" text-anchor=\"middle\">"
            svg += "\(tickText(tick))</text>\n"
        }
        svg += "<text class=\"axis-title\" x=\"\(f(x + length / 2))\" y=\"\(f(y + 34))\" text-anchor=\"middle\">"
        return svg + "\(escapeHTML(title))</text>\n</g>\n"
    }

    /// A vertical axis at `x` from `y` (bottom, value `low`) up `length`.
    static func yAxis(x: Double, y: Double, length: Double, low: Double, high: Double, title: String) -> String {
        var svg = "<g class=\"y-axis\">\n<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x))\" y2=\"\(f(y - length))\" "
        svg += "stroke=\"#666\"/>\n"
        for tick in ticks(low, high) {
            let position = y - length * (tick - low) / (high - low)
            svg += "<line class=\"tick\" x1=\"\(f(x - 5))\" y1=\"\(f(position))\" x2=\"\(f(x))\" "
            svg += "y2=\"\(f(position))\" stroke=\"#666\"/>\n"
            svg += "<text class=\"tick-label\" x=\"\(f(x - 8))\" y=\"\(f(position + 4))\" text-anchor=\"end\">"
            svg += "\(tickText(tick))</text>\n"
        }
        svg += "<text class=\"axis-title\" x=\"\(f(x - 40))\" y=\"\(f(y - length / 2))\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 \(f(x - 40)) \(f(y - length / 2)))\">\(escapeHTML(title))</text>\n"
        return svg + "</g>\n"
    }

    static func tickText(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        var text = formatFixed(value, digits: 2)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A legend: a swatch and a name per entry, in one line.
    static func legend(_ entries: [(name: String, colour: Int)], x: Double, y: Double, title: String) -> String {
        var svg = "<g class=\"legend\">\n<text x=\"\(f(x))\" y=\"\(f(y))\">\(escapeHTML(title))</text>\n"
        var position = x + textWidth(title) + 10
        for entry in entries {
            svg += "<circle class=\"legend-swatch\" cx=\"\(f(position + 5))\" cy=\"\(f(y - 4))\" r=\"5\" "
            svg += "fill=\"\(colour(entry.colour))\"/>\n"
            svg += "<text x=\"\(f(position + 14))\" y=\"\(f(y))\">\(escapeHTML(entry.name))</text>\n"
            position += 30 + textWidth(entry.name)
        }
        return svg + "</g>\n"
    }

    /// A dot-and-interval chart: one row per entry, a dot (class `dot`) at its value and a line (class `interval`)
    /// over its interval, on a labelled axis over `[low, high]`.
    public static func dots(
        _ rows: [DotRow], low: Double = 0, high: Double = 1, axisTitle: String, label: String,
        legend entries: [(name: String, colour: Int)] = [], legendTitle: String = ""
    ) -> String {
        let rowHeight = 20.0
        let left = 20 + min(320, rows.map { textWidth($0.name) }.max() ?? 40)
        let plot = 420.0
        let top = entries.isEmpty ? 10.0 : 34.0
        let height = top + rowHeight * Double(rows.count) + 50
        let legendWidth = 20 + textWidth(legendTitle) + entries.reduce(0) { $0 + 30 + textWidth($1.name) }
        var svg = open(width: max(left + plot + 30, legendWidth), height: height, label: label, kind: "dots")
        if !entries.isEmpty { svg += legend(entries, x: 10, y: 18, title: legendTitle) }
        for tick in ticks(low, high) {
            let x = left + plot * (tick - low) / (high - low)
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" "
            svg += "y2=\"\(f(height - 40))\" stroke=\"#eee\"/>\n"
        }
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * (Double(index) + 0.5)
            let colour = colour(row.colour)
            svg += "<text class=\"row-label\" x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">"
            svg += "\(escapeHTML(row.name))</text>\n"
            if let interval = row.interval {
                let x1 = left + plot * (interval.low - low) / (high - low)
                let x2 = left + plot * (interval.high - low) / (high - low)
                svg += "<line class=\"interval\" x1=\"\(f(x1))\" y1=\"\(f(y))\" x2=\"\(f(x2))\" y2=\"\(f(y))\" "
                svg += "stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            let x = left + plot * (row.value - low) / (high - low)
            svg +=
                "<circle class=\"dot\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"5\" fill=\"\(row.hollow ? "#fff" : colour)\" "
            svg += "stroke=\"\(colour)\" stroke-width=\"1.5\" data-colour=\"\(colour)\">"
            svg += "<title>\(escapeHTML(row.tooltip))</title></circle>\n"
        }
        svg += xAxis(x: left, y: height - 40, length: plot, low: low, high: high, title: axisTitle)
        return svg + "</svg>\n"
    }

    /// A line chart over categorical x positions (e.g. months) with a band per point (class `band`).
    public static func lines(
        _ series: [Series], xLabels: [String], low: Double = 0, high: Double = 1, axisTitle: String,
        xTitle: String, label: String
    ) -> String {
        let left = 70.0
        let plotWidth = max(300.0, 60.0 * Double(xLabels.count))
        let plotHeight = 260.0
        let top = 20.0 + 18 * Double((series.count + 2) / 3)
        let width = left + plotWidth + 30
        let height = top + plotHeight + 70
        var svg = open(width: width, height: height, label: label, kind: "lines")
        for (index, entry) in series.enumerated() {
            let x = 10 + Double(index % 3) * (width - 20) / 3
            let y = 16 + 18 * Double(index / 3)
            svg += "<rect class=\"legend-swatch\" x=\"\(f(x))\" y=\"\(f(y - 9))\" width=\"12\" height=\"4\" "
            svg += "fill=\"\(colour(entry.colour))\"/>\n"
            svg += "<text x=\"\(f(x + 16))\" y=\"\(f(y - 3))\">\(escapeHTML(entry.name))</text>\n"
        }
        let bottom = top + plotHeight
        func xPosition(_ i: Int) -> Double {
            xLabels.count == 1
                ? left + plotWidth / 2 : left + 20 + (plotWidth - 40) * Double(i) / Double(xLabels.count - 1)
        }
        func yPosition(_ v: Double) -> Double { bottom - plotHeight * (v - low) / (high - low) }
        for entry in series {
            let colour = colour(entry.colour)
            // The band: upper edge left to right, lower edge back, over consecutive points with intervals.
            let banded = entry.bands.indices.filter { entry.bands[$0] != nil && entry.values[$0] != nil }
            if banded.count >= 2 {
                let upper = banded.map { "\(f(xPosition($0))),\(f(yPosition(entry.bands[$0]!.high)))" }
                let lower = banded.reversed().map { "\(f(xPosition($0))),\(f(yPosition(entry.bands[$0]!.low)))" }
                svg +=
                    "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" "
                svg += "fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            }
            let points = entry.values.indices.compactMap { i in
                entry.values[i].map { "\(f(xPosition(i))),\(f(yPosition($0)))" }
            }
            if points.count >= 2 {
                svg += "<polyline class=\"line\" points=\"\(points.joined(separator: " "))\" fill=\"none\" "
                svg += "stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            for i in entry.values.indices {
                guard let value = entry.values[i] else { continue }
                svg += "<circle class=\"point\" cx=\"\(f(xPosition(i)))\" cy=\"\(f(yPosition(value)))\" r=\"3\" "
                svg += "fill=\"\(colour)\"><title>\(escapeHTML(entry.name)), \(escapeHTML(xLabels[i])): "
                svg += "\(formatFixed(value, digits: 3))</title></circle>\n"
            }
        }
        svg += yAxis(x: left, y: bottom, length: plotHeight, low: low, high: high, title: axisTitle)
        svg += "<g class=\"x-axis\">\n<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(left + plotWidth))\" "
        svg += "y2=\"\(f(bottom))\" stroke=\"#666\"/>\n"
        for (i, name) in xLabels.enumerated() {
            svg += "<line class=\"tick\" x1=\"\(f(xPosition(i)))\" y1=\"\(f(bottom))\" x2=\"\(f(xPosition(i)))\" "
            svg += "y2=\"\(f(bottom + 5))\" stroke=\"#666\"/>\n"
            svg += "<text class=\"tick-label\" x=\"\(f(xPosition(i)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">"
            svg += "\(escapeHTML(name))</text>\n"
        }
        svg += "<text class=\"axis-title\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(bottom + 40))\" "
        svg += "text-anchor=\"middle\">\(escapeHTML(xTitle))</text>\n</g>\n"
        return svg + "</svg>\n"
    }
}
