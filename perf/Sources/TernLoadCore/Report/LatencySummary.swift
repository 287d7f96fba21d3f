import Histogram

/// Latency percentiles of one command shape, in microseconds.
public struct LatencySummary: Codable, Sendable, Hashable {
    public var name: String
    public var count: UInt64
    public var p50: UInt64
    public var p90: UInt64
    public var p99: UInt64
    public var max: UInt64

    public init(name: String, count: UInt64, p50: UInt64, p90: UInt64, p99: UInt64, max: UInt64) {
        self.name = name
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
    }

    public init(name: String, histogram: Histogram<UInt64>) {
        self.init(name: name, count: histogram.totalCount,
                  p50: histogram.valueAtPercentile(50), p90: histogram.valueAtPercentile(90),
                  p99: histogram.valueAtPercentile(99), max: histogram.max)
    }

    /// A histogram for latencies in microseconds: 1 µs to 1 hour, 3 significant digits.
    public static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }
}
