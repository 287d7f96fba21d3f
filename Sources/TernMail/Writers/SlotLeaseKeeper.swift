import Logging
import TernStorage

/// Keeps a claimed slot's lease alive: renews it every third of a lease, reads the slot's leases back, and
/// closes the write gate for good when another live holder shows (then the server reports unhealthy). Writes
/// pause on their own when renewals fail for two thirds of a lease (the gate's window runs out).
public final class SlotLeaseKeeper: Sendable {
    public let slot: UInt8
    public let incarnation: UInt64
    public let gate: WriteGate
    let claimer: SlotClaimer

    /// `claimer` claimed `slot`; the gate opens for one write window from now.
    public init(slot: UInt8, claimer: SlotClaimer) {
        self.slot = slot
        self.incarnation = claimer.incarnation
        self.claimer = claimer
        self.gate = WriteGate(openUntil: .now + .milliseconds(Int64(claimer.timing.writeWindowMillis)))
    }

    var timing: SlotTiming { claimer.timing }
    var logger: Logger { claimer.logger }

    /// Renews until the task is cancelled (graceful shutdown), then returns.
    public func keepRenewing() async {
        while !Task.isCancelled, !gate.isStopped {
            do {
                try await SlotClaimer.sleep(millis: timing.renewIntervalMillis)
            } catch {
                return
            }
            await renewOnce()
        }
    }

    /// One renewal: write the lease, read the slot's leases, extend or stop the gate.
    public func renewOnce() async {
        let started = ContinuousClock.now
        let lapsed = gate.hasLapsed(now: started)
        do {
            try await claimer.write(slot: slot, state: .held)
            // After a lapse someone may have taken the slot as dead: read back only once our lease is visible
            // to every claimant, as a claim would.
            if lapsed { try await SlotClaimer.sleep(millis: timing.claimWaitMillis) }
            let leases = try await SlotClaimer.leases(claimer.rows)
            let now = claimer.nowMillis()
            switch SlotClaimRules.renewal(
                leases, slot: slot, me: incarnation, nowMillis: now, timing: timing, lapsed: lapsed)
            {
            case .alone:
                gate.extend(until: started + .milliseconds(Int64(timing.writeWindowMillis)))
                await claimer.deleteDead(leases, nowMillis: now)
            case .otherHolder(let other):
                let reason =
                    "another live process (\(other.holder)) holds writer slot \(slot) too; writes stopped so that "
                    + "no UID is given twice. Stop one of them and give every process its own writer_slot "
                    + "(or \"auto\"), then restart this one"
                gate.stop(reason: reason)
                logger.error(
                    "writer slot held twice; mailbox writes stopped",
                    metadata: [
                        "slot": "\(slot)", "other": "\(other.holder)",
                        "other_incarnation": "\(String(other.incarnation, radix: 16))",
                    ])
            }
        } catch {
            logger.warning(
                "writer slot lease renewal failed; writes stop if it keeps failing",
                metadata: ["slot": "\(slot)", "error": "\(error)"])
        }
    }

    /// At shutdown, once nothing writes any more: closes the gate and shortens the lease to now, so the slot
    /// is free again after the visibility delay and clock skew (the time our last writes need to show).
    public func release() async {
        gate.stop(reason: "shutting down")
        let lease = WriterLease(
            slot: slot, incarnation: incarnation, state: .held, expiresAtMillis: claimer.nowMillis(),
            holder: claimer.holder)
        do {
            try await claimer.rows.put(partition: WriterLease.partition, sort: lease.sortKey, value: lease.encoded)
            logger.info("released writer slot", metadata: ["slot": "\(slot)"])
        } catch {
            logger.warning(
                "could not release writer slot; it frees itself when its lease expires",
                metadata: ["slot": "\(slot)", "error": "\(error)"])
        }
    }
}
