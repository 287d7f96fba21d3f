import Foundation
import TernTestSupport
import Testing

/// docs/grafana-dashboard.json loads as a Grafana dashboard, every metric its queries name is one a running Tern
/// exports, and every metric the admin guide lists is plotted.
@Suite struct GrafanaDashboardTests {
    static let dashboardPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/grafana-dashboard.json").path

    /// Every `expr` of every panel's targets, nested rows included.
    static func expressions(in panels: [[String: Any]]) -> [String] {
        panels.flatMap { panel in
            ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String }
                + expressions(in: (panel["panels"] as? [[String: Any]]) ?? [])
        }
    }

    static func metricNames(in expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "tern_[a-z0-9_]+")
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { match in
            Range(match.range, in: expression).map { name in
                var name = String(expression[name])
                for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
                return name
            }
        })
    }

    @Test func dashboardLoadsAndPlotsWhatTernExports() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.dashboardPath))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 36)
        #expect(dashboard["uid"] is String)
        let variables = try #require((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]])
        #expect(variables.contains { $0["type"] as? String == "datasource" && $0["query"] as? String == "prometheus" })
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let expressions = Self.expressions(in: panels)
        #expect(!expressions.isEmpty)
        let plotted = expressions.reduce(into: Set<String>()) { $0.formUnion(Self.metricNames(in: $1)) }
        for family in MetricsScrapeTests.families {
            #expect(plotted.contains(family), "the dashboard does not plot \(family)")
        }

        let server = try await TernDevServer.start(TernDevServer.Options(extraArguments: ["--metrics", "127.0.0.1:0"]))
        do {
            let exported = try await MetricsScrapeTests.withMixedLoad(on: server) {
                try await PrometheusExposition.scrape(try #require(server.metrics)).families
            }
            // The S3 pool's gauges exist only on S3 storage (MetricsScrapeTests.onS3TheHTTPPoolIsExported).
            for name in plotted.sorted() where !MetricsScrapeTests.s3PoolFamilies.contains(name) {
                #expect(exported.contains(name), "the dashboard queries \(name), which Tern does not export")
            }
        } catch {
            Issue.record("\(error)\n--- tern dev output ---\n\(server.logs())")
        }
        await server.stop()
    }
}
