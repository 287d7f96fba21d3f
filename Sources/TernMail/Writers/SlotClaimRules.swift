/// The decisions of the slot claim and lease renewal, as functions of the leases a listing showed (pure; the
/// I/O is `SlotClaimer` and `SlotLeaseKeeper`). docs/internals/uid-conflicts.md, "Claiming a slot", argues why
/// two incarnations never both hold one slot when the storage shows every write within the visibility delay.
public enum SlotClaimRules {
    public static func isLive(_ lease: WriterLease, nowMillis: UInt64, timing: SlotTiming) -> Bool {
        nowMillis < timing.liveUntilMillis(lease)
    }

    /// Live leases of other incarnations on `slot`.
    public static func others(
        on slot: UInt8, in leases: [WriterLease], me: UInt64, nowMillis: UInt64, timing: SlotTiming
    ) -> [WriterLease] {
        leases.filter { $0.slot == slot && $0.incarnation != me && isLive($0, nowMillis: nowMillis, timing: timing) }
    }

    /// Slots with no live lease of another incarnation, ascending.
    public static func freeSlots(
        _ leases: [WriterLease], me: UInt64, nowMillis: UInt64, timing: SlotTiming
    ) -> [UInt8] {
        var taken = Set<UInt8>()
        for lease in leases where lease.incarnation != me && isLive(lease, nowMillis: nowMillis, timing: timing) {
            taken.insert(lease.slot)
        }
        return (0..<UInt8(Writer.slotCount)).filter { !taken.contains($0) }
    }

    /// Leases nobody can hold any more (past `liveUntil`): any process may delete them.
    public static func deadLeases(_ leases: [WriterLease], nowMillis: UInt64, timing: SlotTiming) -> [WriterLease] {
        leases.filter { !isLive($0, nowMillis: nowMillis, timing: timing) }
    }

    public enum ReadBack: Hashable, Sendable {
        /// No other live claim on the slot: ours is the only one.
        case won
        /// Another incarnation claims or holds the slot too: back off.
        case clash(WriterLease)
    }

    /// After writing our claim and waiting longer than the visibility delay: of two claimants the later
    /// writer always sees the earlier one, so at most one of them sees no other claim. Any other live lease,
    /// claiming or held, is a clash (both may back off; neither wins wrongly).
    public static func readBack(
        _ leases: [WriterLease], slot: UInt8, me: UInt64, nowMillis: UInt64, timing: SlotTiming
    ) -> ReadBack {
        let rivals = others(on: slot, in: leases, me: me, nowMillis: nowMillis, timing: timing)
        return rivals.max(by: { $0.state.rawValue < $1.state.rawValue }).map(ReadBack.clash) ?? .won
    }

    public enum Renewal: Hashable, Sendable {
        case alone
        /// Another incarnation's lease on our slot that means it may write with it too: stop writing.
        case otherHolder(WriterLease)
    }

    /// At a renewal, once ours is written. A claimant's `claiming` row is ignored while our lease has not
    /// lapsed: it was written after ours was visible, so its own read-back sees ours and it backs off. After
    /// a lapse (our writes stopped because renewals failed), others may have taken the slot from us as a
    /// dead one: then any other live lease, claiming or held, ends our writes for good.
    public static func renewal(
        _ leases: [WriterLease], slot: UInt8, me: UInt64, nowMillis: UInt64, timing: SlotTiming, lapsed: Bool
    ) -> Renewal {
        let rivals = others(on: slot, in: leases, me: me, nowMillis: nowMillis, timing: timing)
        let relevant = lapsed ? rivals : rivals.filter { $0.state == .held }
        return relevant.first.map(Renewal.otherHolder) ?? .alone
    }

    public enum FixedSlotStep: Hashable, Sendable {
        /// Nothing live in the way: write the claim.
        case claim
        /// Leases of incarnations that may have stopped: look again at `untilMillis`.
        case wait(untilMillis: UInt64)
        /// Another incarnation holds the slot and is alive (it renewed while we watched, or its expiry is
        /// further away than a lease can be).
        case refuse(WriterLease)
    }

    /// For an explicit `writer_slot`: `watched` are the blockers seen at the previous look (empty at the
    /// first). A live holder renews every third of a lease, so looking again one renewal interval (plus the
    /// visibility delay) later tells a live holder (its expiry moved: refuse) from a stopped one (unchanged:
    /// keep watching until its live time is over, then claim).
    public static func fixedSlotStep(
        _ leases: [WriterLease], slot: UInt8, me: UInt64, nowMillis: UInt64, timing: SlotTiming,
        watched: [WriterLease]
    ) -> FixedSlotStep {
        let blockers = others(on: slot, in: leases, me: me, nowMillis: nowMillis, timing: timing)
        guard !blockers.isEmpty else { return .claim }
        for blocker in blockers {
            if let earlier = watched.first(where: { $0.incarnation == blocker.incarnation }),
                blocker.expiresAtMillis > earlier.expiresAtMillis
            {
                return .refuse(blocker)
            }
        }
        let latest = blockers.map(timing.liveUntilMillis).max() ?? nowMillis
        let longest = timing.leaseMillis + timing.visibilityDelayMillis + timing.clockSkewMillis
        if latest > nowMillis + longest, let far = blockers.max(by: { $0.expiresAtMillis < $1.expiresAtMillis }) {
            return .refuse(far)
        }
        return .wait(untilMillis: min(latest, nowMillis + timing.renewIntervalMillis + timing.claimWaitMillis))
    }
}
