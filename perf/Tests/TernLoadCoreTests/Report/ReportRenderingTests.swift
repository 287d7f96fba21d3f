import Histogram
import Testing
@testable import TernLoadCore

@Suite struct ReportRenderingTests {
    @Test func latencySummaryFromHistogram() {
        var histogram = LatencySummary.makeHistogram()
        for value in 1...1000 { _ = histogram.record(UInt64(value)) }
        let summary = LatencySummary(name: "FETCH", histogram: histogram)
        #expect(summary.count == 1000)
        #expect(summary.p50 >= 499 && summary.p50 <= 501)
        #expect(summary.p90 >= 899 && summary.p90 <= 901)
        #expect(summary.p99 >= 989 && summary.p99 <= 991)
        #expect(summary.max >= 1000 && summary.max <= 1001)
    }

    @Test func units() {
        #expect(Units.decimal(1.005, 1) == "1.0")
        #expect(Units.decimal(2.25, 2) == "2.25")
        #expect(Units.decimal(-0.5, 1) == "-0.5")
        #expect(Units.decimal(7, 0) == "7")
        #expect(Units.bytes(512) == "512 B")
        #expect(Units.bytes(1536) == "1.5 KiB")
        #expect(Units.bytes(3 * 1_048_576) == "3.0 MiB")
        #expect(Units.millis(1_500) == "1.50")
    }

    @Test func lineChartHasOnePointPerSample() {
        let svg = SVGChart.lines(title: "RAM <test>", xLabel: "s", yLabel: "MiB",
                                 series: [SVGChart.Series(name: "a", points: [(0, 1), (1, 2), (2, 3)])])
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("RAM &lt;test&gt;"))
        let points = svg.split(separator: "points=\"").dropFirst().first?.split(separator: "\"").first ?? ""
        #expect(points.split(separator: " ").count == 3)
    }

    @Test func barChartDrawsEveryPositiveValue() {
        let svg = SVGChart.bars(title: "latency", yLabel: "ms", categories: ["A", "B"], valueNames: ["p50", "max"],
                                values: [[1, 10], [0, 100]])
        // 3 positive bars + 1 background rect + 2 legend swatches.
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 6)
    }

    @Test func markdownCarriesTheEstimate() throws {
        let samples = CapacityEstimateTests.samples(pss: true)
        let report = RunReport(
            configuration: .init(profile: .idle, host: "127.0.0.1", port: 143, users: 100, duration: 10, ramp: 1,
                                 think: 5, seed: 1, serverPid: 1, server: "dovecot"),
            holdStart: 2, holdEnd: 10, samples: samples, latencies: [], counters: .init(),
            capacity: CapacityEstimate.compute(samples: samples, holdStart: 2, holdEnd: 10, users: 100), loaderPeakRSSBytes: 0)
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("| **RAM per user** | **512.0 KiB** |"))
        #expect(markdown.contains("| users in 1 GiB | 2028"))
        #expect(MarkdownReport.plots(report).map(\.0) == ["ram.svg", "cpu.svg", "latency.svg"])
        #expect(!markdown.contains("connections to port"))
        #expect(!markdown.contains("| failure |"))
        var failed = report
        failed.counters.failureSamples = ["SELECT: NO [UNAVAILABLE] storage | busy"]
        #expect(MarkdownReport.render(failed).contains("| failure | SELECT: NO [UNAVAILABLE] storage \\| busy |"))
    }

    @Test func markdownAndPlotCarryTheConnectionCount() throws {
        let samples = CapacityEstimateTests.samples(pss: false).map { sample in
            var sample = sample
            sample.connections = sample.time < 0 ? 0 : 16
            return sample
        }
        let report = RunReport(
            configuration: .init(profile: .mixed, host: "127.0.0.1", port: 143, users: 100, duration: 10, ramp: 1,
                                 think: 5, seed: 1, serverPid: 1, server: "tern"),
            holdStart: 2, holdEnd: 10, samples: samples, latencies: [], counters: .init(), capacity: nil, loaderPeakRSSBytes: 0,
            connections: ConnectionCountSummary.compute(remotePort: 9000, samples: samples, holdStart: 2, holdEnd: 10))
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("## Server connections to port 9000"))
        #expect(markdown.contains("| hold | | 16 | 16 | 16.0 |"))
        let cpu = try #require(MarkdownReport.plots(report).first { $0.0 == "cpu.svg" }?.1)
        #expect(cpu.contains("connections to :9000"))
    }
}

extension String {
    func components(separatedBy separator: String) -> [Substring] {
        split(separator: Substring(separator), omittingEmptySubsequences: false)
    }
}

@Suite struct ComparisonTableTests {
    static func report(ramPerUser: Double, p50: UInt64) -> RunReport {
        var capacity = CapacityEstimate.compute(samples: CapacityEstimateTests.samples(pss: true), holdStart: 2, holdEnd: 10, users: 100)
        capacity?.ramPerUserBytes = ramPerUser
        return RunReport(
            configuration: .init(profile: .idle, host: "127.0.0.1", port: 143, users: 100, duration: 10, ramp: 1,
                                 think: 5, seed: 1, serverPid: 1, server: "x"),
            holdStart: 2, holdEnd: 10, samples: [],
            latencies: [LatencySummary(name: "IDLE (until +)", count: 1, p50: p50, p90: p50, p99: p50, max: p50)],
            counters: .init(), capacity: capacity, loaderPeakRSSBytes: 0)
    }

    @Test func ratiosAreCandidateOverReference() {
        let table = ComparisonTable.render(
            rows: [.init(label: "idle 1000", reference: Self.report(ramPerUser: 512 * 1024, p50: 2000),
                         candidate: Self.report(ramPerUser: 8 * 1024, p50: 1000)),
                   .init(label: "mixed 100", reference: Self.report(ramPerUser: 1024, p50: 10), candidate: nil)],
            referenceName: "Dovecot", candidateName: "Tern")
        #expect(table.contains("| idle 1000 | RAM per user | 512.0 KiB | 8.0 KiB | 0.02 |"))
        #expect(table.contains("|  | p50 ms (IDLE (until +)) | 2.00 | 1.00 | 0.50 |"))
        #expect(table.contains("| mixed 100 | RAM per user | 1.0 KiB | - | - |"))
    }
}

@Suite struct ChartScaleTests {
    @Test func niceCeilings() {
        #expect(SVGChart.niceCeiling(0.7) == 1)
        #expect(SVGChart.niceCeiling(1.2) == 2)
        #expect(SVGChart.niceCeiling(2.2) == 2.5)
        #expect(SVGChart.niceCeiling(37) == 50)
        #expect(SVGChart.niceCeiling(5_000) == 5_000)
    }

    @Test func xTicksAreRoundNumbers() {
        let svg = SVGChart.lines(title: "t", xLabel: "s", yLabel: "y",
                                 series: [SVGChart.Series(name: "a", points: [(-3, 1), (40.35, 2)])])
        for label in ["0", "10", "20", "30", "40"] { #expect(svg.contains("font-size=\"11\">\(label)</text>")) }
        #expect(!svg.contains(">5.67<"))
    }
}
