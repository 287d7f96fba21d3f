/// What one generated message looks like, decided up front from (seed, user, index) without producing
/// its bytes: the exact size, the MIME shape and the words that make it searchable.
public struct MessageSpec: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// text/plain
        case plain
        /// multipart/alternative (text/plain + text/html)
        case html
        /// multipart/mixed with a base64 attachment (what the 200 KB+ messages are)
        case attachment
    }

    public let seed: UInt64
    public let kind: Kind
    /// Exact byte count of the message (CRLF line ends).
    public let size: Int
    /// Whether the body carries `MessageGenerator.rareWord` (what the search-text profile looks for).
    public let hasRareWord: Bool
    /// Seconds since 1970 for the Date header.
    public let date: Int

    public init(seed: UInt64, kind: Kind, size: Int, hasRareWord: Bool, date: Int) {
        self.seed = seed
        self.kind = kind
        self.size = size
        self.hasRareWord = hasRareWord
        self.date = date
    }
}

/// Decides message specs: sizes follow `SizeDistribution.realWorld`; 200 KB and up carry an attachment;
/// about a third of the smaller ones above 4 KB are HTML newsletters / replies (multipart/alternative).
public struct MessageGenerator: Sendable {
    public static let rareWord = "zanzibar"
    /// Share of messages containing `rareWord`.
    public static let rareWordShare = 0.02
    public static let attachmentThreshold = 200_000

    public let seed: UInt64
    public let distribution: SizeDistribution

    public init(seed: UInt64, distribution: SizeDistribution = .realWorld) {
        self.seed = seed
        self.distribution = distribution
    }

    /// How many of `user`'s messages (0, 1, ...) it takes for their sizes to add up to at least `bytes`,
    /// at most `limit` (nil when even `limit` messages stay below `bytes`).
    public func messageCount(user: Int, reaching bytes: UInt64, limit: Int = 10_000_000) -> Int? {
        var total: UInt64 = 0
        var count = 0
        while total < bytes {
            guard count < limit else { return nil }
            total += UInt64(spec(user: user, index: count).size)
            count += 1
        }
        return count
    }

    /// The spec of message `index` (0-based) of user `user`; pure in its arguments.
    public func spec(user: Int, index: Int) -> MessageSpec {
        let messageSeed = SplitMix64.derive(SplitMix64.derive(seed, UInt64(user)), UInt64(index))
        var random = SplitMix64(seed: messageSeed)
        let size = distribution.size(at: random.unit())
        let kind: MessageSpec.Kind
        if size >= Self.attachmentThreshold {
            kind = .attachment
        } else if size > 4_000 && random.unit() < 0.35 {
            kind = .html
        } else {
            kind = .plain
        }
        let hasRareWord = random.unit() < Self.rareWordShare
        // One message every ~3 hours going back from 2026-11-01 (cycling after ~6.8 years, so the
        // append profile's high indexes stay after 1970).
        let date = 1_793_491_200 - (index % 20_000) * 10_800 - Int(random.next() % 3_600)
        return MessageSpec(seed: messageSeed, kind: kind, size: size, hasRareWord: hasRareWord, date: date)
    }
}
