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

    /// Where an axis sits: under the plot (ticks down, labels under them) or left of it (ticks left, title turned).
    enum AxisSide {
        case bottom, left
    }

    /// A numeric axis over `[low, high]` with ``ticks(_:_:)`` labelled by ``tickText(_:)``: along `length` from
    /// (`x`, `y`), rightwards for `.bottom` and upwards for `.left`.
    static func axis(
        _ side: AxisSide, x: Double, y: Double, length: Double, low: Double, high: Double, title: String
    ) -> String {
        let ticks = ticks(low, high).map { tick in
            let offset = length * (tick - low) / (high - low)
            return (at: side == .bottom ? x + offset : y - offset, label: tickText(tick))
        }
        return axis(side, x: x, y: y, length: length, ticks: ticks, title: title)
    }

    /// The one axis drawing: its line from (`x`, `y`) along `length`, a tick (class `tick`) and a label (class
    /// `tick-label`, written as given: escape it first) at each tick's coordinate along the axis (x for `.bottom`,
    /// y for `.left`), and the title (class `axis-title`, turned for `.left`). `labelGap` and `titleGap` are the
    /// distances of the labels and the title from the axis line.
    static func axis(
        _ side: AxisSide, x: Double, y: Double, length: Double, ticks: [(at: Double, label: String)],
        title: String, labelGap: Double? = nil, titleGap: Double? = nil
    ) -> String {
        let bottom = side == .bottom
        // The point at coordinate `along` on the axis and `depth` away from it, on the side of the labels.
        func point(_ along: Double, _ depth: Double) -> (x: Double, y: Double) {
            bottom ? (along, y + depth) : (x - depth, along)
        }
        let (start, end, middle) = bottom ? (x, x + length, x + length / 2) : (y, y - length, y - length / 2)
        func line(_ from: (x: Double, y: Double), _ to: (x: Double, y: Double), _ attributes: String) -> String {
            "<line \(attributes)x1=\"\(f(from.x))\" y1=\"\(f(from.y))\" x2=\"\(f(to.x))\" y2=\"\(f(to.y))\" "
                + "stroke=\"#666\"/>\n"
        }
        var svg = "<g class=\"\(bottom ? "x-axis" : "y-axis")\">\n" + line(point(start, 0), point(end, 0), "")
        for tick in ticks {
            let (inner, outer) = (point(tick.at, 0), point(tick.at, 5))
            svg += bottom ? line(inner, outer, "class=\"tick\" ") : line(outer, inner, "class=\"tick\" ")
            let at = point(tick.at, labelGap ?? (bottom ? 17 : 8))
            svg += "<text class=\"tick-label\" x=\"\(f(at.x))\" y=\"\(f(bottom ? at.y : at.y + 4))\" "
            svg += "text-anchor=\"\(bottom ? "middle" : "end")\">\(tick.label)</text>\n"
        }
        let at = point(middle, titleGap ?? (bottom ? 34 : 40))
        svg += "<text class=\"axis-title\" x=\"\(f(at.x))\" y=\"\(f(at.y))\" text-anchor=\"middle\""
        svg += bottom ? "" : " transform=\"rotate(-90 \(f(at.x)) \(f(at.y)))\""
        return svg + ">\(escapeHTML(title))</text>\n</g>\n"
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
        svg += axis(.bottom, x: left, y: height - 40, length: plot, low: low, high: high, title: axisTitle)
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
        svg += axis(.left, x: left, y: bottom, length: plotHeight, low: low, high: high, title: axisTitle)
        let categories = xLabels.indices.map { (at: xPosition($0), label: escapeHTML(xLabels[$0])) }
        svg += axis(
            .bottom, x: left, y: bottom, length: plotWidth, ticks: categories, title: xTitle, labelGap: 18, titleGap: 40
        )
        return svg + "</svg>\n"
    }
}
