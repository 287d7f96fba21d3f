/// Minimal SVG charts drawn by hand (no plotting dependency): a line chart over time and a grouped bar
/// chart with a log scale for latency percentiles.
public enum SVGChart {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    static let width = 760.0, height = 360.0
    static let left = 70.0, right = 20.0, top = 40.0, bottom = 50.0

    /// Line chart; `markers` are vertical lines at x positions with labels (e.g. hold start / end).
    public static func lines(title: String, xLabel: String, yLabel: String, series: [Series],
                             markers: [(x: Double, label: String)] = []) -> String {
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) }
        let xMin = xs.min() ?? 0
        let xMax = max(xs.max() ?? 1, xMin + 1)
        let yMax = niceCeiling(max(ys.max() ?? 1, 1e-9))
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - y / yMax * plotHeight }
        var svg = header(title: title)
        for tick in 0...4 {
            let value = yMax * Double(tick) / 4
            svg += line(left, py(value), width - right, py(value), stroke: "#ddd")
            svg += text(left - 6, py(value) + 4, format(value), anchor: "end")
        }
        // x ticks at round multiples (e.g. every 20 s) rather than at fifths of the range.
        let xStep = niceCeiling((xMax - xMin) / 6)
        var xTick = (xMin / xStep).rounded(.up) * xStep
        while xTick <= xMax {
            svg += text(px(xTick), height - bottom + 18, format(xTick), anchor: "middle")
            xTick += xStep
        }
        svg += axes()
        svg += text(left + plotWidth / 2, height - 8, xLabel, anchor: "middle")
        svg += "<text x=\"16\" y=\"\(fmt(top + plotHeight / 2))\" transform=\"rotate(-90 16 \(fmt(top + plotHeight / 2)))\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        for marker in markers {
            svg += line(px(marker.x), top, px(marker.x), top + plotHeight, stroke: "#999", dash: true)
            svg += text(px(marker.x) + 3, top + 12, marker.label, anchor: "start", size: 10)
        }
        for (index, serie) in series.enumerated() {
            let color = colors[index % colors.count]
            let path = serie.points.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
            svg += legend(index: index, name: serie.name, color: color)
        }
        return svg + "</svg>\n"
    }

    /// Grouped bars: one group per category, one bar per value name, log10 y axis (values > 0).
    public static func bars(title: String, yLabel: String, categories: [String], valueNames: [String],
                            values: [[Double]]) -> String {
        let all = values.flatMap { $0 }.filter { $0 > 0 }
        let lowExp = floor(log10(all.min() ?? 1))
        let highExp = max(ceil(log10(all.max() ?? 10)), lowExp + 1)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func py(_ y: Double) -> Double {
            let clamped = max(y, pow(10, lowExp))
            return top + plotHeight - (log10(clamped) - lowExp) / (highExp - lowExp) * plotHeight
        }
        var svg = header(title: title)
        for exponent in Int(lowExp)...Int(highExp) {
            let value = pow(10, Double(exponent))
            svg += line(left, py(value), width - right, py(value), stroke: "#ddd")
            svg += text(left - 6, py(value) + 4, format(value), anchor: "end")
        }
        svg += axes()
        svg += "<text x=\"16\" y=\"\(fmt(top + plotHeight / 2))\" transform=\"rotate(-90 16 \(fmt(top + plotHeight / 2)))\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        let groupWidth = plotWidth / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(valueNames.count, 1))
        for (group, category) in categories.enumerated() {
            let x0 = left + Double(group) * groupWidth + groupWidth * 0.1
            for (index, value) in (values[safe: group] ?? []).enumerated() where value > 0 {
                let x = x0 + Double(index) * barWidth
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(py(value)))\" width=\"\(fmt(barWidth - 1))\" height=\"\(fmt(top + plotHeight - py(value)))\" fill=\"\(colors[index % colors.count])\"/>\n"
            }
            svg += text(x0 + groupWidth * 0.4, height - bottom + 14, category, anchor: "middle", size: 9)
        }
        for (index, name) in valueNames.enumerated() {
            svg += legend(index: index, name: name, color: colors[index % colors.count])
        }
        return svg + "</svg>\n"
    }

    static func header(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + text(width / 2, 20, title, anchor: "middle", size: 14)
    }

    static func axes() -> String {
        line(left, top, left, height - bottom, stroke: "#333") + line(left, height - bottom, width - right, height - bottom, stroke: "#333")
    }

    static func legend(index: Int, name: String, color: String) -> String {
        let x = left + 10 + Double(index) * 120
        return "<rect x=\"\(fmt(x))\" y=\"\(fmt(top - 14))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>\n"
            + text(x + 14, top - 5, name, anchor: "start", size: 10)
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, dash: Bool = false) -> String {
        "<line x1=\"\(fmt(x1))\" y1=\"\(fmt(y1))\" x2=\"\(fmt(x2))\" y2=\"\(fmt(y2))\" stroke=\"\(stroke)\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>\n"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int = 11) -> String {
        "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\">\(escape(content))</text>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }

    static func fmt(_ value: Double) -> String { String(Double(Int((value * 10).rounded())) / 10) }

    /// Short axis labels: 1.5k, 2M, 0.25.
    static func format(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e9 { return trim(value / 1e9) + "G" }
        if magnitude >= 1e6 { return trim(value / 1e6) + "M" }
        if magnitude >= 1e4 { return trim(value / 1e3) + "k" }
        return trim(value)
    }

    static func trim(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The next "nice" number (1, 2, 2.5, 5 x 10^n) at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let exponent = floor(log10(value))
        let base = pow(10, exponent)
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * base >= value { return step * base }
        return 10 * base
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
