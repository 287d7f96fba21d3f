import Logging
import TernStorage

/// Claims a writer slot for a new incarnation through storage, without conditional writes: write a
/// `claiming` lease, wait longer than the storage's visibility delay, list the slot's leases, and keep it only
/// if no other live claim shows; otherwise back off for a random time and try again (another slot when the slot
/// is chosen automatically). docs/internals/uid-conflicts.md, "Claiming a slot".
public struct SlotClaimer: Sendable {
    public enum Request: Hashable, Sendable, CustomStringConvertible {
        /// Any free slot (`writer_slot = "auto"`).
        case automatic
        /// This slot, refused while another live process holds it.
        case fixed(UInt8)

        public var description: String {
            switch self {
            case .automatic: return "auto"
            case .fixed(let slot): return "\(slot)"
            }
        }
    }

    /// Rounds of claim and read-back before giving up (each clash backs off randomly).
    static let maxAttempts = 12
    /// Leases listed at most (64 slots, dead leases deleted by every claimant): a bound on the listing.
    static let maxListedLeases = 4 * StorageKey.maxListLimit

    let rows: any RowStore
    let timing: SlotTiming
    let incarnation: UInt64
    let holder: String
    let nowMillis: @Sendable () -> UInt64
    let logger: Logger

    public init(
        rows: any RowStore, timing: SlotTiming, incarnation: UInt64, holder: String,
        nowMillis: @escaping @Sendable () -> UInt64, logger: Logger
    ) {
        self.rows = rows
        self.timing = timing
        self.incarnation = incarnation
        self.holder = holder
        self.nowMillis = nowMillis
        self.logger = logger
    }

    /// The slot now held, its lease written as `held`.
    public func claim(_ request: Request) async throws -> UInt8 {
        var watched: [WriterLease] = []
        var lastClash: WriterLease?
        for _ in 0..<Self.maxAttempts {
            let leases = try await Self.leases(rows)
            let now = nowMillis()
            await deleteDead(leases, nowMillis: now)
            let slot: UInt8
            switch request {
            case .automatic:
                guard
                    let free = SlotClaimRules.freeSlots(leases, me: incarnation, nowMillis: now, timing: timing)
                        .randomElement()
                else {
                    throw WriterSlotError(
                        .noFreeSlot,
                        "all \(Writer.slotCount) writer slots are held by live processes on this storage: "
                            + "stop one, or wait until a stopped one's lease expires")
                }
                slot = free
            case .fixed(let fixed):
                switch SlotClaimRules.fixedSlotStep(
                    leases, slot: fixed, me: incarnation, nowMillis: now, timing: timing, watched: watched)
                {
                case .claim:
                    slot = fixed
                case .wait(let until):
                    watched = SlotClaimRules.others(
                        on: fixed, in: leases, me: incarnation, nowMillis: now, timing: timing)
                    logger.notice(
                        "writer slot has another process's lease; looking again to see whether it is renewed or ends",
                        metadata: [
                            "slot": "\(fixed)", "holder": "\(watched.first?.holder ?? "")",
                            "wait_ms": "\(until - min(until, now))",
                        ])
                    try await Self.sleep(millis: until - min(until, now) + timing.claimMarginMillis)
                    continue
                case .refuse(let holder):
                    throw Self.held(fixed, by: holder)
                }
            }
            try await write(slot: slot, state: .claiming)
            try await Self.sleep(millis: timing.claimWaitMillis)
            let after = try await Self.leases(rows)
            switch SlotClaimRules.readBack(after, slot: slot, me: incarnation, nowMillis: nowMillis(), timing: timing) {
            case .won:
                try await write(slot: slot, state: .held)
                logger.info(
                    "claimed writer slot",
                    metadata: [
                        "slot": "\(slot)", "incarnation": "\(String(incarnation, radix: 16))",
                        "request": "\(request)",
                    ])
                return slot
            case .clash(let rival):
                lastClash = rival
                try? await rows.delete(
                    partition: WriterLease.partition, sort: WriterLease.sortKey(slot: slot, incarnation: incarnation))
                if case .fixed = request, rival.state == .held { throw Self.held(slot, by: rival) }
                logger.notice(
                    "writer slot claimed by another process at the same time; backing off",
                    metadata: ["slot": "\(slot)", "other": "\(rival.holder)"])
                try await Self.sleep(millis: UInt64.random(in: 0...(2 * timing.claimWaitMillis)))
            }
        }
        throw WriterSlotError(
            .noFreeSlot,
            "could not claim writer slot \(request) in \(Self.maxAttempts) attempts; last clash with "
                + "\(lastClash?.holder ?? "a process whose lease did not expire"): "
                + "check that [storage] visibility_delay_ms covers this storage, then start again")
    }

    /// Writes this incarnation's lease on `slot`, expiring one lease from now.
    func write(slot: UInt8, state: WriterLease.State) async throws {
        let lease = WriterLease(
            slot: slot, incarnation: incarnation, state: state, expiresAtMillis: nowMillis() + timing.leaseMillis,
            holder: holder)
        try await rows.put(partition: WriterLease.partition, sort: lease.sortKey, value: lease.encoded)
    }

    func deleteDead(_ leases: [WriterLease], nowMillis: UInt64) async {
        for dead in SlotClaimRules.deadLeases(leases, nowMillis: nowMillis, timing: timing) {
            try? await rows.delete(partition: WriterLease.partition, sort: dead.sortKey)
        }
    }

    static func held(_ slot: UInt8, by holder: WriterLease) -> WriterSlotError {
        WriterSlotError(
            .slotHeld,
            "writer_slot \(slot) is held by another live process (\(holder.holder)); two processes with one slot "
                + "would give two messages one UID. Give this process another writer_slot, or set "
                + "writer_slot = \"auto\" to let it pick a free one")
    }

    /// Every lease row (unreadable rows skipped), at most `maxListedLeases`.
    static func leases(_ rows: any RowStore) async throws -> [WriterLease] {
        var leases: [WriterLease] = []
        var after: String?
        var listed = 0
        repeat {
            let page = try await rows.list(
                partition: WriterLease.partition, after: after, limit: StorageKey.maxListLimit)
            listed += page.rows.count
            leases += page.rows.compactMap { WriterLease(decoding: $0.value) }
            after = page.nextAfter
        } while after != nil && listed < maxListedLeases
        return leases
    }

    static func sleep(millis: UInt64) async throws {
        try await Task.sleep(for: .milliseconds(Int64(min(millis, UInt64(Int64.max / 1_000_000)))))
    }
}
