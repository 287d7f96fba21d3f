import NIOCore
@testable import TernMail
import Testing

/// The claim and renewal decisions as functions of the leases a listing shows (no storage, no clock).
@Suite struct SlotClaimRulesTests {
    let timing = SlotTiming(visibilityDelayMillis: 1000, leaseMillis: 30_000, clockSkewMillis: 5000)
    let me: UInt64 = 0xA

    func lease(
        _ slot: UInt8, _ incarnation: UInt64, _ state: WriterLease.State = .held, expires: UInt64 = 100_000
    )
        -> WriterLease
    {
        WriterLease(
            slot: slot, incarnation: incarnation, state: state, expiresAtMillis: expires, holder: "h\(incarnation)")
    }

    @Test func aLeaseStaysLiveUntilItsExpiryPlusVisibilityDelayAndClockSkew() {
        let held = lease(3, 0xB, expires: 100_000)
        #expect(SlotClaimRules.isLive(held, nowMillis: 105_999, timing: timing))
        #expect(!SlotClaimRules.isLive(held, nowMillis: 106_000, timing: timing))
        #expect(SlotClaimRules.deadLeases([held], nowMillis: 106_000, timing: timing) == [held])
        #expect(SlotClaimRules.deadLeases([held], nowMillis: 105_999, timing: timing).isEmpty)
    }

    @Test func freeSlotsSkipLiveLeasesOfOthersButNotOurOwnOrDeadOnes() {
        let leases = [lease(0, 0xB), lease(1, me), lease(2, 0xC, .claiming), lease(5, 0xD, expires: 10)]
        let free = SlotClaimRules.freeSlots(leases, me: me, nowMillis: 50_000, timing: timing)
        #expect(!free.contains(0) && !free.contains(2))
        #expect(free.contains(1) && free.contains(5) && free.contains(63))
        #expect(free.count == 62)
        let all = (0..<64).map { lease(UInt8($0), UInt64(100 + $0)) }
        #expect(SlotClaimRules.freeSlots(all, me: me, nowMillis: 50_000, timing: timing).isEmpty)
    }

    @Test func readBackWinsAloneAndClashesWithAnyOtherLiveClaim() {
        let mine = lease(4, me, .claiming)
        #expect(SlotClaimRules.readBack([mine, lease(5, 0xB)], slot: 4, me: me, nowMillis: 1, timing: timing) == .won)
        let rival = lease(4, 0xB, .claiming)
        #expect(SlotClaimRules.readBack([mine, rival], slot: 4, me: me, nowMillis: 1, timing: timing) == .clash(rival))
        let holder = lease(4, 0xC, .held)
        #expect(
            SlotClaimRules.readBack([rival, mine, holder], slot: 4, me: me, nowMillis: 1, timing: timing)
                == .clash(holder), "a holder is reported before a claimant")
        let dead = lease(4, 0xD, expires: 0)
        #expect(SlotClaimRules.readBack([mine, dead], slot: 4, me: me, nowMillis: 10_000, timing: timing) == .won)
    }

    @Test func renewalStopsOnAnotherHolderAndIgnoresClaimantsUnlessLapsed() {
        let mine = lease(7, me)
        let claimant = lease(7, 0xB, .claiming)
        let holder = lease(7, 0xC)
        #expect(
            SlotClaimRules.renewal([mine, claimant], slot: 7, me: me, nowMillis: 1, timing: timing, lapsed: false)
                == .alone)
        #expect(
            SlotClaimRules.renewal([mine, claimant], slot: 7, me: me, nowMillis: 1, timing: timing, lapsed: true)
                == .otherHolder(claimant))
        #expect(
            SlotClaimRules.renewal([mine, holder], slot: 7, me: me, nowMillis: 1, timing: timing, lapsed: false)
                == .otherHolder(holder))
        #expect(
            SlotClaimRules.renewal([mine, lease(8, 0xC)], slot: 7, me: me, nowMillis: 1, timing: timing, lapsed: true)
                == .alone, "another slot's holder is no rival")
    }

    @Test func anExplicitSlotWaitsForAnOldLeaseAndRefusesOneThatIsRenewed() {
        let old = lease(2, 0xB, expires: 40_000)
        #expect(
            SlotClaimRules.fixedSlotStep([], slot: 2, me: me, nowMillis: 30_000, timing: timing, watched: []) == .claim)
        let first = SlotClaimRules.fixedSlotStep([old], slot: 2, me: me, nowMillis: 30_000, timing: timing, watched: [])
        #expect(first == .wait(untilMillis: 30_000 + 10_000 + 1_250), "one renewal interval and the visibility delay")
        // Not renewed at the next look, still live: watch on until its live time ends.
        #expect(
            SlotClaimRules.fixedSlotStep([old], slot: 2, me: me, nowMillis: 41_250, timing: timing, watched: [old])
                == .wait(untilMillis: 46_000))
        // Looked again after that time: the lease is dead, so nothing blocks.
        #expect(
            SlotClaimRules.fixedSlotStep([old], slot: 2, me: me, nowMillis: 46_000, timing: timing, watched: [old])
                == .claim)
        // Renewed meanwhile: its holder is alive.
        let renewed = lease(2, 0xB, expires: 70_000)
        #expect(
            SlotClaimRules.fixedSlotStep([renewed], slot: 2, me: me, nowMillis: 46_000, timing: timing, watched: [old])
                == .refuse(renewed))
        // An expiry further away than one lease can be: refused at once instead of a long wait.
        let far = lease(2, 0xC, expires: 500_000)
        #expect(
            SlotClaimRules.fixedSlotStep([far], slot: 2, me: me, nowMillis: 30_000, timing: timing, watched: [])
                == .refuse(far))
    }

    @Test func leasesRoundTripAndForeignRowsAreIgnored() throws {
        let original = WriterLease(
            slot: 63, incarnation: .max, state: .claiming, expiresAtMillis: 1_234_567, holder: "host pid 42")
        #expect(WriterLease(decoding: original.encoded) == original)
        #expect(original.sortKey == "63-ffffffffffffffff")
        #expect(lease(3, 0xAB).sortKey == "03-00000000000000ab")
        var truncated = original.encoded
        truncated.moveWriterIndex(to: truncated.writerIndex - 1)
        #expect(WriterLease(decoding: truncated) == nil)
        var badSlot = original.encoded
        badSlot.setInteger(UInt8(64), at: 2)
        #expect(WriterLease(decoding: badSlot) == nil)
        #expect(WriterLease(decoding: ByteBuffer(string: "tern-deployment-marker 1 00")) == nil)
        let long = WriterLease(
            slot: 0, incarnation: 1, state: .held, expiresAtMillis: 0, holder: String(repeating: "x", count: 500))
        #expect(long.holder.utf8.count == WriterLease.maxHolderBytes)
        #expect(WriterLease(decoding: long.encoded) == long)
    }
}
