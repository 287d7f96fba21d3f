import Testing
import TernIMAP
@testable import TernLoadCore

/// The cross-session keyword check: session 1 owns `$Stress1`; session 2 is shown UID 7's flags.
@Suite struct FlagLedgerTests {
    static let keyword = FlagLedger.keyword(of: 1)

    @Test func aStateAcknowledgedBeforeTheCommandMustShow() {
        var ledger = FlagLedger()
        ledger.storeSent(owner: 1, uid: 7, state: true, at: 1.0)
        ledger.stored(owner: 1, uid: 7, state: true, at: 1.5)
        #expect(ledger.check(observer: 2, uid: 7, flags: [Self.keyword], sentAt: 2, answeredAt: 2.1).violations.isEmpty)
        let stale = ledger.check(observer: 2, uid: 7, flags: [.seen], sentAt: 2, answeredAt: 2.1)
        #expect(stale.compared == 1)
        #expect(stale.violations.map(\.kind) == [.otherFlagWrong])
        // The owner itself is checked by its own model, not here.
        #expect(ledger.check(observer: 1, uid: 7, flags: [], sentAt: 2, answeredAt: 2.1).violations.isEmpty)
    }

    @Test func aCommandSentBeforeTheAcknowledgementMaySeeEitherState() {
        var ledger = FlagLedger()
        ledger.stored(owner: 1, uid: 7, state: true, at: 3.0)
        #expect(ledger.check(observer: 2, uid: 7, flags: [], sentAt: 2.9, answeredAt: 3.2).violations.isEmpty)
    }

    @Test func aStoreInFlightMayAlreadyShow() {
        var ledger = FlagLedger()
        ledger.stored(owner: 1, uid: 7, state: true, at: 1.0)
        ledger.storeSent(owner: 1, uid: 7, state: false, at: 2.5)
        #expect(ledger.check(observer: 2, uid: 7, flags: [], sentAt: 2, answeredAt: 3).violations.isEmpty)
        #expect(ledger.check(observer: 2, uid: 7, flags: [Self.keyword], sentAt: 2, answeredAt: 3).violations.isEmpty)
        // Sent after the observer had its answer: it cannot have been applied yet.
        var later = FlagLedger()
        later.stored(owner: 1, uid: 7, state: true, at: 1.0)
        later.storeSent(owner: 1, uid: 7, state: false, at: 3.5)
        #expect(later.check(observer: 2, uid: 7, flags: [], sentAt: 2, answeredAt: 3).violations.map(\.kind) == [.otherFlagWrong])
    }

    @Test func aFailedStoreLeavesTheStateUnknown() {
        var ledger = FlagLedger()
        ledger.stored(owner: 1, uid: 7, state: true, at: 1.0)
        ledger.stored(owner: 1, uid: 7, state: nil, at: 2.0)
        #expect(ledger.check(observer: 2, uid: 7, flags: [], sentAt: 3, answeredAt: 4).violations.isEmpty)
        #expect(ledger.check(observer: 2, uid: 8, flags: [], sentAt: 3, answeredAt: 4).violations.isEmpty, "no record, no check")
    }

    /// A session that has not been told of the expunge yet may show the message as it last saw it.
    @Test func aMessageBeingDeletedIsNoLongerChecked() {
        var ledger = FlagLedger()
        ledger.stored(owner: 1, uid: 7, state: true, at: 1.0)
        ledger.forget(uid: 7)
        #expect(ledger.check(observer: 2, uid: 7, flags: [], sentAt: 2, answeredAt: 3) == (0, []))
        // A STORE acknowledged after the deletion began (its sender had not seen the expunge) changes nothing.
        ledger.storeSent(owner: 3, uid: 7, state: true, at: 4)
        ledger.stored(owner: 3, uid: 7, state: true, at: 5)
        #expect(ledger.check(observer: 2, uid: 7, flags: [], sentAt: 6, answeredAt: 7) == (0, []))
    }

    @Test func theLedgerIsBounded() {
        var ledger = FlagLedger(limit: 8)
        for uid in UInt32(1)...100 { ledger.stored(owner: 1, uid: uid, state: true, at: 1) }
        #expect(ledger.count <= 8)
        #expect(ledger.check(observer: 2, uid: 100, flags: [], sentAt: 2, answeredAt: 3).violations.map(\.kind) == [.otherFlagWrong])
    }
}
