import CoreMetrics
import NIOConcurrencyHelpers
import Testing

@testable import TernMetrics

@Suite struct MetricsRegistryTests {
    @Test func rendersPrometheusText() {
        let registry = MetricsRegistry()
        let sessions = NIOLockedValueBox(3.0)
        registry.gauge("tern_sessions") { sessions.withLockedValue { $0 } }
        let commands = Counter(label: "tern_things_total", dimensions: [("result", "ok")], factory: registry.factory)
        commands.increment(by: 2)
        let first = registry.prometheusText()
        #expect(first.contains("# TYPE tern_sessions gauge\ntern_sessions 3.0\n"))
        #expect(first.contains("# TYPE tern_things_total counter\ntern_things_total{result=\"ok\"} 2\n"))
        // Scrape-time gauges are read again at every scrape.
        sessions.withLockedValue { $0 = 5 }
        #expect(registry.prometheusText().contains("\ntern_sessions 5.0\n"))
    }

    @Test func registriesAreIndependent() {
        let one = MetricsRegistry()
        let other = MetricsRegistry()
        Counter(label: "tern_only_here_total", dimensions: [], factory: one.factory).increment()
        #expect(one.prometheusText().contains("tern_only_here_total 1"))
        #expect(!other.prometheusText().contains("tern_only_here_total"))
    }

    /// What `/metrics` serves (the listener and its routes are tested in TernHTTPTests): the process gauges too.
    @Test func rendersProcessStatistics() {
        let registry = MetricsRegistry()
        registry.registerProcessStatistics()
        registry.gauge("tern_test_value") { 7 }
        let text = registry.prometheusText()
        #expect(text.contains("\ntern_test_value 7.0\n"))
        #expect(text.contains("\ntern_jemalloc_allocated_bytes "))
        #expect(text.contains("\ntern_process_resident_memory_bytes "))
    }
}
