/// Message sizes shaped like a real personal mailbox (docs/internals/real-world-mix.md: 2,427 messages,
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

    /// The same curve without its tail above `bytes`: draws are spread over the shares up to `bytes`,
    /// so the quantiles below the cap keep their shape (e.g. "a few small messages" per user).
    /// A cap below the smallest point gives every message the smallest size.
    public func capped(at bytes: Int) -> SizeDistribution {
        let cap = Double(bytes)
        guard let first = points.first, cap < points[points.count - 1].bytes else { return self }
        guard cap > first.bytes else { return SizeDistribution(points: [(0, first.bytes), (1, first.bytes)]) }
        var kept = points.filter { $0.bytes < cap }
        let capShare = share(atBytes: cap)
        kept.append((capShare, cap))
        return SizeDistribution(points: kept.map { (share: $0.share / capShare, bytes: $0.bytes) })
    }

    /// The cumulative share at which the curve reaches `bytes` (inverse of `size(at:)`).
    func share(atBytes bytes: Double) -> Double {
        for index in 1..<points.count where bytes <= points[index].bytes {
            let low = points[index - 1]
            let high = points[index]
            guard high.bytes > low.bytes else { return high.share }
            let fraction = (log(bytes) - log(low.bytes)) / (log(high.bytes) - log(low.bytes))
            return low.share + max(0, fraction) * (high.share - low.share)
        }
        return 1
    }

    /// The size at cumulative share `u` in [0, 1].
    public func size(at u: Double) -> Int {
        let u = min(max(u, 0), 1)
        for index in 1..<points.count where u <= points[index].share {
            let low = points[index - 1]
            let high = points[index]
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
