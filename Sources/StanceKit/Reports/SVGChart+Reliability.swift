extension SVGChart {
    /// The reliability diagram (Niculescu-Mizil & Caruana, ICML 2005; Guo et al., ICML 2017): one bar per bin at
    /// its accuracy (class `bin`), a dot at the bin's mean confidence (class `confidence`), the diagonal of perfect
    /// calibration, ticks on both axes and each bin's document count under it (class `bin-count`).
    ///
    /// The one drawing of the diagram: `eval --report` writes it as a standalone figure and ``HTMLReport`` embeds it.
    public static func reliability(_ bins: [ReliabilityBin]) -> String {
        let size = 320.0
        let left = 70.0
        let top = 12.0
        var svg = open(
            width: left + size + 30, height: top + size + 80, label: "reliability diagram", kind: "reliability")
        svg += "<line class=\"diagonal\" x1=\"\(f(left))\" y1=\"\(f(top + size))\" x2=\"\(f(left + size))\" "
        svg += "y2=\"\(f(top))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        for bin in bins {
            let x = left + size * bin.lower
            let w = size * (bin.upper - bin.lower)
            if bin.count > 0 {
                let h = size * bin.accuracy
                svg += "<rect class=\"bin\" x=\"\(f(x + 1))\" y=\"\(f(top + size - h))\" width=\"\(f(w - 2))\" "
                svg += "height=\"\(f(h))\" fill=\"#8fb3d9\"><title>\(bin.count) documents, confidence "
                svg += "\(formatFixed(bin.confidence, digits: 3)), accuracy \(formatFixed(bin.accuracy, digits: 3))"
                svg += "</title></rect>\n"
                svg += "<circle class=\"confidence\" cx=\"\(f(left + size * bin.confidence))\" "
                svg += "cy=\"\(f(top + size - h))\" r=\"3\" fill=\"#c0392b\"/>\n"
            }
            svg += "<text class=\"bin-count\" x=\"\(f(x + w / 2))\" y=\"\(f(top + size + 60))\" "
            svg += "text-anchor=\"middle\" font-size=\"9\">\(bin.count)</text>\n"
        }
        svg += axis(.bottom, x: left, y: top + size, length: size, low: 0, high: 1, title: "mean top probability")
        svg += axis(.left, x: left, y: top + size, length: size, low: 0, high: 1, title: "accuracy")
        svg += "<text x=\"\(f(left - 8))\" y=\"\(f(top + size + 60))\" text-anchor=\"end\" font-size=\"9\">n</text>\n"
        return svg + "</svg>\n"
    }
}
