/// Message sizes shaped like a real personal mailbox (../shared/notes/real-world-mix.md: 2,427 messages,
/// median 15.7 KB, mean 131 KB, 99.9 % 16.4 MB, max 20.6 MB). A uniform draw is mapped through the
/// published percentiles, interpolating log-linearly between them, so the generated sizes follow the
/// same quantiles.
public struct SizeDistribution: Sendable {
    /// (cumulative share, size in bytes), increasing in both.
    public let points: [(share: Double, bytes: Double)]

    public init(points: [(share: Double, bytes: Double)]) {
        self.points = points
    }

    public static let realWorld = SizeDistribution(points: [
        (0.0, 900),
        (0.10, 2_900),
        (0.25, 5_200),
        (0.50, 15_700),
        (0.75, 45_800),
        (0.90, 148_000),
        (0.95, 319_000),
        (0.99, 2_000_000),
        (0.999, 16_400_000),
        (1.0, 20_600_000),
    ])

    /// The size at cumulative share `u` in [0, 1].
    public func size(at u: Double) -> Int {
        let u = min(max(u, 0), 1)
        for index in 1..<points.count where u <= points[index].share {
            let low = points[index - 1], high = points[index]
            let fraction = high.share > low.share ? (u - low.share) / (high.share - low.share) : 0
            let logSize = log(low.bytes) + fraction * (log(high.bytes) - log(low.bytes))
            return Int(exp(logSize).rounded())
        }
        return Int(points[points.count - 1].bytes)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
