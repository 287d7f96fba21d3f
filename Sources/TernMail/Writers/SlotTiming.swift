/// The durations of the slot claim and lease (docs/internals/uid-conflicts.md, "Claiming a slot").
public struct SlotTiming: Hashable, Sendable {
    /// How long after a write every process's listing is sure to show it (`[storage] visibility_delay_ms`).
    public var visibilityDelayMillis: UInt64
    /// A lease's life from its last renewal (`writer_lease_seconds`).
    public var leaseMillis: UInt64
    /// How far two processes' wall clocks may disagree; lease expiry is a wall-clock time read by others.
    public var clockSkewMillis: UInt64
    /// Added to the visibility delay before a read-back, so it is strictly longer.
    public var claimMarginMillis: UInt64

    public static let defaultLeaseMillis: UInt64 = 30_000
    public static let defaultClockSkewMillis: UInt64 = 5_000

    public init(
        visibilityDelayMillis: UInt64, leaseMillis: UInt64 = Self.defaultLeaseMillis,
        clockSkewMillis: UInt64 = Self.defaultClockSkewMillis, claimMarginMillis: UInt64 = 250
    ) {
        self.visibilityDelayMillis = visibilityDelayMillis
        self.leaseMillis = leaseMillis
        self.clockSkewMillis = clockSkewMillis
        self.claimMarginMillis = claimMarginMillis
    }

    /// Between a claim's write and its read-back: longer than the visibility delay.
    public var claimWaitMillis: UInt64 { visibilityDelayMillis + claimMarginMillis }
    /// A holder renews this often: two renewals may fail before its writes stop.
    public var renewIntervalMillis: UInt64 { leaseMillis / 3 }
    /// A holder writes for this long after the start of its last successful renewal, then stops until the next
    /// one; the last third of the lease is left for writes already in flight to land.
    public var writeWindowMillis: UInt64 { leaseMillis - leaseMillis / 3 }

    /// Until when (wall clock) others treat `lease` as live: its expiry, plus the time its last writes need to
    /// become visible, plus clock skew. A slot is taken over only after that, so the new incarnation's first
    /// sync shows every write of the old one.
    public func liveUntilMillis(_ lease: WriterLease) -> UInt64 {
        let (sum, overflow) = lease.expiresAtMillis.addingReportingOverflow(visibilityDelayMillis + clockSkewMillis)
        return overflow ? .max : sum
    }
}
