/// Renders a run report as Markdown and as its SVG plots.
public enum MarkdownReport {
    public static func render(_ report: RunReport) -> String {
        let config = report.configuration
        var out = "# tern-load: \(config.profile.rawValue), \(config.users) users against \(config.server)\n\n"
        out += "Target \(config.host):\(config.port)\(config.tls ? " (TLS)" : " (plaintext)"), server pid \(config.serverPid) (process tree summed), "
        out += "duration \(Units.seconds(config.duration)), ramp \(Units.seconds(config.ramp)), "
        out += "think \(Units.seconds(config.think)), seed \(config.seed). Hold window: "
        out += "\(Units.seconds(report.holdStart))-\(Units.seconds(report.holdEnd)) on the run clock.\n\n"

        out += "## Capacity estimate\n\n"
        if let capacity = report.capacity {
            out += "| measure | value |\n|---|---|\n"
            out += "| users logged in at hold start | \(capacity.users) |\n"
            let measure = capacity.memoryMeasure
            out += "| server \(measure) before the run (baseline) | \(Units.bytes(capacity.baselineRSSBytes)) |\n"
            out += "| server \(measure) during the hold (median / peak) | \(Units.bytes(capacity.steadyRSSBytes)) / \(Units.bytes(capacity.peakRSSBytes)) |\n"
            out += "| **RAM per user** | **\(Units.bytes(capacity.ramPerUserBytes))** |\n"
            out += "| server CPU during the hold | \(Units.decimal(capacity.cores, 3)) cores |\n"
            out += "| **CPU per user** | **\(Units.decimal(capacity.coresPerUser * 1000, 4)) millicores** |\n"
            for fit in capacity.fits {
                let users = fit.users.map { "\($0)" } ?? "no RAM bound measured"
                let cores = fit.cores.map { " (needing \(Units.decimal($0, 2)) cores)" } ?? ""
                out += "| users in \(fit.gibibytes) GiB | \(users)\(cores) |\n"
            }
            out += "\nRAM per user = (median hold \(capacity.memoryMeasure) - baseline) / users; users in B GiB = (B GiB - baseline) / RAM per user.\n\n"
        } else {
            out += "Not enough samples (needs baseline samples and two hold samples).\n\n"
        }

        out += "## Latency per command (ms)\n\n| command | count | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n"
        for latency in report.latencies {
            out += "| \(latency.name) | \(latency.count) | \(Units.millis(latency.p50)) | \(Units.millis(latency.p90)) "
            out += "| \(Units.millis(latency.p99)) | \(Units.millis(latency.max)) |\n"
        }
        let counters = report.counters
        out += "\n## Counters\n\n| counter | value |\n|---|---|\n"
        out += "| sessions started / peak logged in | \(counters.sessionsStarted) / \(counters.peakSessions) |\n"
        out += "| connect failures / login failures / dropped | \(counters.connectFailures) / \(counters.loginFailures) / \(counters.droppedSessions) |\n"
        out += "| commands OK / NO / BAD | \(counters.commandsOK) / \(counters.commandsNO) / \(counters.commandsBAD) |\n"
        out += "| protocol errors | \(counters.protocolErrors) |\n"
        if !counters.failuresByCommand.isEmpty {
            let failures = counters.failuresByCommand.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            out += "| NO / BAD by command | \(failures.joined(separator: ", ")) |\n"
        }
        for sample in counters.failureSamples ?? [] {
            out += "| failure | \(sample.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")) |\n"
        }
        if let violations = counters.violations {
            out += "| **model violations** | **\(violations)** |\n"
            out += "| \\Recent shown (FETCH FLAGS, checked against the other sessions) | \(counters.recentClaims ?? 0) |\n"
            out += "| other sessions' keywords in FETCH FLAGS compared with their acknowledged STOREs | \(counters.flagChecks ?? 0) |\n"
            for (kind, count) in (counters.violationsByKind ?? [:]).sorted(by: { $0.key < $1.key }) {
                out += "| violations: \(kind) | \(count) |\n"
            }
            for sample in counters.violationSamples ?? [] {
                out += "| violation | \(sample.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")) |\n"
            }
        }
        out += "| bytes fetched / appended | \(Units.bytes(Double(counters.bytesFetched))) / \(Units.bytes(Double(counters.bytesAppended))) |\n"
        out += "| load tool peak RSS | \(Units.bytes(Double(report.loaderPeakRSSBytes))) |\n"
        if let connections = report.connections {
            out += "\n## Server connections to port \(connections.remotePort)\n\n"
            out += "ESTABLISHED TCP connections of the server's process tree to remote port \(connections.remotePort), counted every second.\n\n"
            out += "| window | samples | min | max | mean |\n|---|---|---|---|---|\n"
            out += "| whole run | \(connections.samples) | \(connections.min) | \(connections.max) | \(Units.decimal(connections.mean, 1)) |\n"
            if let low = connections.holdMin, let high = connections.holdMax, let mean = connections.holdMean {
                out += "| hold | | \(low) | \(high) | \(Units.decimal(mean, 1)) |\n"
            }
        }
        out += "\n## Plots\n\n![RAM](ram.svg)\n\n![CPU](cpu.svg)\n\n![latency](latency.svg)\n"
        return out
    }

    /// (file name, SVG) for the RAM, CPU and latency plots.
    public static func plots(_ report: RunReport) -> [(String, String)] {
        let markers = [(x: report.holdStart, label: "hold"), (x: report.holdEnd, label: "end")]
        let ram = SVGChart.lines(
            title: "Server memory (process tree sum)", xLabel: "seconds", yLabel: "MiB",
            series: [SVGChart.Series(name: "RSS MiB", points: report.samples.map { ($0.time, Double($0.rssBytes) / 1_048_576) }),
                     SVGChart.Series(name: "PSS MiB", points: report.samples.compactMap { sample in
                         sample.pssBytes.map { (sample.time, Double($0) / 1_048_576) } })],
            markers: markers)
        var cpuPoints: [(x: Double, y: Double)] = []
        for (previous, sample) in zip(report.samples, report.samples.dropFirst()) where sample.time > previous.time {
            cpuPoints.append((sample.time, max(0, sample.cpuSeconds - previous.cpuSeconds) / (sample.time - previous.time) * 100))
        }
        var cpuSeries = [SVGChart.Series(name: "CPU %", points: cpuPoints),
                         SVGChart.Series(name: "sessions / 100", points: report.samples.map { ($0.time, Double($0.activeSessions) / 100) })]
        if let port = report.connections?.remotePort {
            cpuSeries.append(SVGChart.Series(name: "connections to :\(port)", points: report.samples.compactMap { sample in
                sample.connections.map { (sample.time, Double($0)) } }))
        }
        let cpu = SVGChart.lines(
            title: "Server CPU (process tree, % of one core)", xLabel: "seconds", yLabel: "% CPU",
            series: cpuSeries, markers: markers)
        let latency = SVGChart.bars(
            title: "Latency percentiles per command", yLabel: "ms (log scale)",
            categories: report.latencies.map(\.name), valueNames: ["p50", "p90", "p99", "max"],
            values: report.latencies.map { [$0.p50, $0.p90, $0.p99, $0.max].map { Double($0) / 1000 } })
        return [("ram.svg", ram), ("cpu.svg", cpu), ("latency.svg", latency)]
    }
}

/// Human-readable numbers for the reports.
public enum Units {
    public static func bytes(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_073_741_824 { return decimal(value / 1_073_741_824, 2) + " GiB" }
        if magnitude >= 1_048_576 { return decimal(value / 1_048_576, 1) + " MiB" }
        if magnitude >= 1024 { return decimal(value / 1024, 1) + " KiB" }
        return decimal(value, 0) + " B"
    }

    public static func millis(_ micros: UInt64) -> String { decimal(Double(micros) / 1000, 2) }

    public static func seconds(_ value: Double) -> String { decimal(value, 1) + " s" }

    /// Fixed decimals without Foundation.
    public static func decimal(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
        if places > 0 {
            let fraction = String(Int(scaled) - whole * Int(scale))
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }
}
