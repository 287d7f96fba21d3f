import CoreMetrics
import NIOConcurrencyHelpers
import Prometheus

/// One server's metrics: a Prometheus collector registry of its own (no process-global `MetricsSystem`), the
/// swift-metrics factory that creates handles in it, and the gauges that are read only when scraped (memory, open
/// connections: no background sampling, no timers). `prometheusText()` is the one call an HTTP endpoint makes.
public final class MetricsRegistry: Sendable {
    /// What `/metrics` emits.
    public let collectors: PrometheusCollectorRegistry
    /// Pass this to swift-metrics' `Counter(label:dimensions:factory:)`, `Timer(...)`, `Meter(...)` and friends.
    public let factory: any MetricsFactory

    /// Latency buckets of every `Timer`: from a cached row read (about a millisecond) to a slow S3 upload.
    public static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// Scrape-time readers are registered once at start-up; the bound guards against a loop registering.
    public static let maxScrapeReaders = 256
    private let scrapeReaders = NIOLockedValueBox<[@Sendable () -> Void]>([])

    public init() {
        let collectors = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: collectors)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.collectors = collectors
        self.factory = factory
    }

    /// Runs `read` at every scrape, before the text is rendered (it sets gauges from what it reads).
    /// Returns false once `maxScrapeReaders` are registered.
    @discardableResult
    public func onScrape(_ read: @escaping @Sendable () -> Void) -> Bool {
        scrapeReaders.withLockedValue { readers in
            guard readers.count < Self.maxScrapeReaders else { return false }
            readers.append(read)
            return true
        }
    }

    /// A gauge whose value is read from `read` at each scrape.
    @discardableResult
    public func gauge(
        _ name: String, dimensions: [(String, String)] = [], _ read: @escaping @Sendable () -> Double
    ) -> Bool {
        let gauge = Gauge(label: name, dimensions: dimensions, factory: factory)
        return onScrape { gauge.record(read()) }
    }

    /// The Prometheus text exposition format (version 0.0.4), with scrape-time gauges read just before.
    public func prometheusText() -> String {
        for read in scrapeReaders.withLockedValue({ $0 }) { read() }
        return collectors.emitToString()
    }
}
