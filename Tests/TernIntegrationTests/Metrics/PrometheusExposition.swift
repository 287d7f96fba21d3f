import NIOCore
import TernTestSupport

/// A scrape in the Prometheus text format, read into samples: enough to ask which families are there and what
/// their series add up to. Histogram series (`_bucket`, `_sum`, `_count`) belong to their family's name.
struct PrometheusExposition {
    struct Sample {
        var family: String
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var types: [String: String] = [:]
    var samples: [Sample] = []

    init(_ text: String) {
        var histograms: Set<String> = []
        // By Character, "\r\n" is one newline that is not "\n": split on every kind.
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 {
                    types[String(parts[2])] = String(parts[3])
                    if parts[3] == "histogram" { histograms.insert(String(parts[2])) }
                }
                continue
            }
            if line.hasPrefix("#") || line.isEmpty { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            let name = String(series.prefix { $0 != "{" })
            var labels: [String: String] = [:]
            if let open = series.firstIndex(of: "{"), series.hasSuffix("}") {
                // Tern's label values are fixed words: no commas or quotes inside them.
                for pair in series[series.index(after: open)..<series.index(before: series.endIndex)].split(separator: ",") {
                    let keyValue = pair.split(separator: "=", maxSplits: 1)
                    guard keyValue.count == 2 else { continue }
                    labels[String(keyValue[0])] = String(keyValue[1].dropFirst().dropLast())
                }
            }
            var family = name
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if histograms.contains(base) { family = base }
            }
            samples.append(Sample(family: family, name: name, labels: labels, value: value))
        }
    }

    var families: Set<String> { Set(samples.map(\.family)) }

    /// The sum of a family's series that carry `labels` (histograms: their observation counts).
    func total(_ family: String, _ labels: [String: String] = [:]) -> Double {
        let counted = types[family] == "histogram" ? family + "_count" : family
        return samples.filter { sample in
            sample.name == counted && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }

    /// `GET /metrics` over a plain socket: HTTP/1.0, so the body comes unchunked and ends when the server closes.
    static func scrape(_ endpoint: TernDevServer.Endpoint) async throws -> PrometheusExposition {
        let address = try SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
        let lines = try await LoopbackClient.connect(to: address) { client in
            try await client.write("GET /metrics HTTP/1.0\r\nHost: \(endpoint)\r\n\r\n")
            var lines: [String] = []
            while let line = try await client.readLine() { lines.append(line) }
            return lines
        }
        return PrometheusExposition(body(ofResponse: lines))
    }

    /// The lines after the HTTP header's blank line, joined: the exposition alone, its first family included.
    static func body(ofResponse lines: [String]) -> String {
        guard let blank = lines.firstIndex(where: { $0 == "\r" || $0.isEmpty }) else { return "" }
        return lines[(blank + 1)...].joined(separator: "\n")
    }
}
