import Logging
import NIOConcurrencyHelpers
import NIOCore
@testable import TernMail
import TernStorage
import Testing

/// The claim, renewal and marker protocols against a real in-memory store (no sockets). Waits are a few
/// milliseconds; nothing asserts on timing.
@Suite struct SlotClaimerTests {
    static let timing = SlotTiming(
        visibilityDelayMillis: 0, leaseMillis: 30_000, clockSkewMillis: 5000, claimMarginMillis: 5)

    func claimer(
        _ store: MemoryStore, _ incarnation: UInt64, now: @escaping @Sendable () -> UInt64 = MailService.wallClock
    )
        -> SlotClaimer
    {
        SlotClaimer(
            rows: store, timing: Self.timing, incarnation: incarnation, holder: "test \(incarnation)", nowMillis: now,
            logger: Logger(label: "test"))
    }

    @Test func concurrentAutomaticClaimsGetDistinctSlots() async throws {
        let store = MemoryStore()
        let slots = try await withThrowingTaskGroup(of: UInt8.self) { group in
            for incarnation in 1...8 {
                group.addTask { try await claimer(store, UInt64(incarnation)).claim(.automatic) }
            }
            return try await group.reduce(into: [UInt8]()) { $0.append($1) }
        }
        #expect(Set(slots).count == 8, "\(slots)")
        let leases = try await SlotClaimer.leases(store)
        #expect(leases.count == 8 && leases.allSatisfy { $0.state == .held })
    }

    @Test func anExplicitSlotHeldByALiveProcessIsRefusedWithWhatToDo() async throws {
        let store = MemoryStore()
        // The claimant looks again a third of a lease (10 s) later and refuses once it sees a renewal. The holder
        // renews every 0.2 s here, so only a 30 s stall of the holder (the whole lease) could let the claimant in:
        // the full parallel run starves tasks for seconds, and with a 9 s lease one such stall did.
        let timing = SlotTiming(
            visibilityDelayMillis: 0, leaseMillis: 30_000, clockSkewMillis: 1000, claimMarginMillis: 5)
        func claimer(_ incarnation: UInt64) -> SlotClaimer {
            SlotClaimer(
                rows: store, timing: timing, incarnation: incarnation, holder: "test \(incarnation)",
                nowMillis: MailService.wallClock, logger: Logger(label: "test"))
        }
        let holder = claimer(1)
        let keeper = SlotLeaseKeeper(slot: try await holder.claim(.fixed(9)), claimer: holder)
        let renewing = Task {
            while !Task.isCancelled {
                await keeper.renewOnce()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { renewing.cancel() }
        let error = await #expect(throws: WriterSlotError.self) { try await claimer(2).claim(.fixed(9)) }
        #expect(error?.code == .slotHeld)
        #expect(error?.message.contains("test 1") == true && error?.message.contains("\"auto\"") == true)
        #expect(try await claimer(3).claim(.automatic) != 9)
        #expect(!keeper.gate.isStopped, "claimants never stop a live holder")
    }

    @Test func aReleasedSlotIsFreeAgainAfterVisibilityDelayAndClockSkew() async throws {
        let store = MemoryStore()
        // Released = expiry now; it stays live for visibility delay + clock skew, the time its writes need.
        let clock = ManualMillis(start: 1_000_000)
        let first = claimer(store, 1, now: clock.read)
        #expect(try await first.claim(.fixed(4)) == 4)
        await SlotLeaseKeeper(slot: 4, claimer: first).release()
        let leases = try await SlotClaimer.leases(store)
        #expect(
            SlotClaimRules.fixedSlotStep(
                leases, slot: 4, me: 2, nowMillis: clock.read(), timing: Self.timing, watched: [])
                == .wait(untilMillis: clock.read() + Self.timing.clockSkewMillis))
        clock.advance(by: Self.timing.clockSkewMillis)
        #expect(try await claimer(store, 2, now: clock.read).claim(.fixed(4)) == 4)
        let after = try await SlotClaimer.leases(store)
        #expect(after.map(\.incarnation) == [2], "the dead lease was deleted")
    }

    @Test func aRenewalThatSeesAnotherHolderStopsWritesAndHealthSaysWhy() async throws {
        let store = MemoryStore()
        let mine = claimer(store, 1)
        let keeper = SlotLeaseKeeper(slot: try await mine.claim(.fixed(6)), claimer: mine)
        let service = MailService(
            rows: store, blobs: store,
            configuration: try MailServiceConfiguration(
                deploymentSecret: Array(repeating: 1, count: 32), writerSlot: keeper.slot, kdf: .testing),
            incarnation: keeper.incarnation, writeGate: keeper.gate)
        try await service.createUser(login: "alice", password: "pw")
        await keeper.renewOnce()
        #expect(await service.storageProblem() == nil)

        // A second process on the same slot (an operator's mistake the claim could not see).
        try await claimer(store, 2).write(slot: 6, state: .held)
        await keeper.renewOnce()
        #expect(keeper.gate.isStopped)
        let problem = await service.storageProblem()
        #expect(problem?.contains("writer slot 6") == true, "\(problem ?? "nil")")
        let refused = await #expect(throws: MailError.self) {
            try await service.createUser(login: "bob", password: "pw")
        }
        #expect(refused?.code == .unavailable && refused?.message.contains("writes refused") == true)
        #expect(try await service.userExists(login: "alice"), "reads go on")
    }

    @Test func theDeploymentMarkerIsCreatedOnceAndRefusesAnotherSecret() async throws {
        let store = MemoryStore()
        let secret = Array(repeating: UInt8(7), count: 32)
        try await DeploymentMarker.verify(
            rows: store, deploymentSecret: secret, secretFile: "/etc/a", timing: Self.timing)
        try await DeploymentMarker.verify(
            rows: store, deploymentSecret: secret, secretFile: "/etc/a", timing: Self.timing)
        let error = await #expect(throws: WriterSlotError.self) {
            try await DeploymentMarker.verify(
                rows: store, deploymentSecret: Array(repeating: 8, count: 32), secretFile: "/etc/b", timing: Self.timing
            )
        }
        #expect(error?.code == .deploymentMismatch)
        #expect(error?.message.contains("/etc/b") == true && error?.message.contains("same deployment secret") == true)
        let marker = try #require(
            try await store.get(partition: DeploymentMarker.partition, sort: DeploymentMarker.sort))
        #expect(!String(buffer: marker).contains("0707"), "the marker is a MAC, not the secret")
    }
}

/// A wall clock the test moves by hand.
final class ManualMillis: Sendable {
    private let value: NIOLockedValueBox<UInt64>
    init(start: UInt64) { value = NIOLockedValueBox(start) }
    var read: @Sendable () -> UInt64 { { [value] in value.withLockedValue { $0 } } }
    func advance(by millis: UInt64) { value.withLockedValue { $0 += millis } }
}
