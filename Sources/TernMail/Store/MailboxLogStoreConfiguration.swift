/// Tuning of a `MailboxLogStore`.
public struct MailboxLogStoreConfiguration: Hashable, Sendable {
    /// Rows per listing page (1...1000).
    public var pageSize: Int
    /// Each sync lists again from this far (HLC milliseconds) below the newest key it has seen,
    /// because a concurrent writer whose clock lags (or whose PUT is slow, or whose row an
    /// eventually consistent listing shows late) can add a row below keys already seen. It must
    /// exceed the largest clock skew plus write latency between frontends; rows that still fall
    /// below it are found by the full rescan that a lasting causal gap triggers.
    public var lookbackMillis: UInt64
    /// Sort keys remembered inside the lookback window so that their rows are not fetched again;
    /// beyond it the oldest are forgotten (and merely fetched again: delivery drops duplicates).
    public var maxKnownKeys: Int
    /// Operations held while their dependencies are missing (`CausalDelivery`).
    public var pendingLimit: Int
    /// Log rows covered by a checkpoint are deleted once older than this (HLC milliseconds
    /// behind local time); a store that has not synced for half of it first merges the newest
    /// checkpoint, so it never misses compacted rows. Must exceed `lookbackMillis`.
    public var compactionGraceMillis: UInt64

    public init(
        pageSize: Int = 500,
        lookbackMillis: UInt64 = 60_000,
        maxKnownKeys: Int = 100_000,
        pendingLimit: Int = CausalDelivery.defaultPendingLimit,
        compactionGraceMillis: UInt64 = 6 * 3600 * 1000
    ) throws(MailboxStoreError) {
        guard (1...1000).contains(pageSize) else {
            throw MailboxStoreError(.invalidConfiguration, "page size \(pageSize) outside 1...1000")
        }
        guard compactionGraceMillis > lookbackMillis else {
            throw MailboxStoreError(.invalidConfiguration, "compaction grace must exceed the lookback")
        }
        guard maxKnownKeys >= 1, pendingLimit >= 1 else {
            throw MailboxStoreError(.invalidConfiguration, "known-key and pending limits must be positive")
        }
        self.pageSize = pageSize
        self.lookbackMillis = lookbackMillis
        self.maxKnownKeys = maxKnownKeys
        self.pendingLimit = pendingLimit
        self.compactionGraceMillis = compactionGraceMillis
    }

    private init(unchecked pageSize: Int, lookbackMillis: UInt64, maxKnownKeys: Int, pendingLimit: Int) {
        self.pageSize = pageSize
        self.lookbackMillis = lookbackMillis
        self.maxKnownKeys = maxKnownKeys
        self.pendingLimit = pendingLimit
        self.compactionGraceMillis = 6 * 3600 * 1000
    }

    /// The defaults, without the throwing initializer.
    public static let standard = MailboxLogStoreConfiguration(
        unchecked: 500, lookbackMillis: 60_000, maxKnownKeys: 100_000, pendingLimit: CausalDelivery.defaultPendingLimit)
}

/// Counters of one `MailboxLogStore`, for tests and metrics.
public struct MailboxLogStoreStatistics: Hashable, Sendable {
    /// Log rows fetched, opened and decoded (duplicates included).
    public var rowsFetched = 0
    /// Rows or operations dropped: not Tern's key shape, failed authentication, malformed, or
    /// rejected by replay. Every frontend drops the same ones.
    public var rowsRejected = 0
    /// Listings from the start of the log, run when a causal gap outlived one sync.
    public var fullRescans = 0
    public var operationsWritten = 0
    /// Late messages this store announced again under a new UID (reissues, rule 7).
    public var messagesReissued = 0
    public var checkpointsRestored = 0
    /// Checkpoints merged into a live state (a long pause or a gap compaction may have caused).
    public var checkpointsMerged = 0
    public var rowsCompacted = 0

    public init() {}
}
