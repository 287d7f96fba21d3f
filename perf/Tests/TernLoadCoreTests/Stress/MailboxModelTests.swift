import Testing
import TernIMAP
@testable import TernLoadCore

/// The stress model fed response sequences a correct server sends (no finding) and ones it must flag.
@Suite struct MailboxModelTests {
    static let own = Flag("$Stress1")

    static func fetch(_ number: UInt32, uid: UInt32? = nil, _ flags: [Flag]? = nil) -> UntaggedResponse {
        var attributes: [MessageAttribute] = []
        if let uid { attributes.append(.uid(UID(uid))) }
        if let flags { attributes.append(.flags(flags)) }
        return .fetch(SequenceNumber(number), attributes)
    }

    static func uidValidity(_ value: UInt32) -> UntaggedResponse {
        .status(.ok, ResponseText(code: .uidValidity(value), text: "UIDs valid"))
    }

    /// Feeds the responses in order; returns every finding.
    static func feed(_ model: inout MailboxModel, _ responses: [UntaggedResponse]) -> [StressFinding] {
        responses.flatMap { model.receive($0) }
    }

    static func kinds(_ findings: [StressFinding]) -> [StressViolation.Kind] {
        findings.compactMap { finding in
            if case .violation(let violation) = finding { return violation.kind }
            return nil
        }
    }

    /// A SELECT answer with messages UID 10, 11, 12.
    static func selected() -> MailboxModel {
        var model = MailboxModel(ownKeyword: own)
        let findings = feed(&model, [
            .flags([.seen, .flagged, Flag("$Pool1"), own]), uidValidity(7), .exists(3), .recent(0),
            fetch(1, uid: 10, []), fetch(2, uid: 11, [.seen]), fetch(3, uid: 12, [Flag("$Pool1")]),
        ])
        #expect(findings.isEmpty)
        return model
    }

    @Test func aConsistentSequenceFindsNothing() {
        var model = Self.selected()
        let findings = Self.feed(&model, [
            .expunge(SequenceNumber(2)), .exists(3), Self.fetch(3, uid: 13, [.flagged]), Self.fetch(1, [.seen]),
            .search([1, 2, 3], modSeq: nil), .exists(3),
        ])
        #expect(findings.isEmpty)
        #expect(model.knownUIDs == [10, 12, 13])
        #expect(model.count == 3)
    }

    @Test func aKeywordBeforeItsFlagsAnnouncementIsFlagged() {
        var model = Self.selected()
        #expect(Self.kinds(Self.feed(&model, [Self.fetch(1, uid: 10, [Flag("$New1x1")])])) == [.keywordNotAnnounced])
        let announced = Self.feed(&model, [.flags([.seen, Flag("$Pool1"), Self.own, Flag("$new1X1")]), Self.fetch(1, uid: 10, [Flag("$New1x1")])])
        #expect(announced.isEmpty, "keywords compare case-insensitively")
    }

    @Test func existsMustNotShrinkAndNumbersMustNotExceedIt() {
        var model = Self.selected()
        #expect(Self.kinds(Self.feed(&model, [.exists(2)])) == [.existsDecreased])
        #expect(Self.kinds(Self.feed(&model, [.expunge(SequenceNumber(4))])) == [.sequenceBeyondCount])
        #expect(Self.kinds(Self.feed(&model, [Self.fetch(4, [.seen])])) == [.sequenceBeyondCount])
        #expect(Self.kinds(Self.feed(&model, [.search([1, 4], modSeq: nil)])) == [.sequenceBeyondCount])
        #expect(Self.kinds(Self.feed(&model, [.expunge(SequenceNumber(0))])) == [.sequenceBeyondCount])
        #expect(model.count == 3)
    }

    @Test func anExpungedUIDComingBackIsFlagged() {
        var model = Self.selected()
        #expect(Self.feed(&model, [.expunge(SequenceNumber(1)), .exists(3)]).isEmpty)
        #expect(Self.kinds(Self.feed(&model, [Self.fetch(3, uid: 10, [])])).contains(.uidReappeared))
        model.pendingSearch = .uids
        #expect(Self.kinds(Self.feed(&model, [.search([10, 11], modSeq: nil)])) == [.uidReappeared])
    }

    @Test func aSequenceNumberChangingItsUIDIsFlagged() {
        var model = Self.selected()
        #expect(Self.kinds(Self.feed(&model, [Self.fetch(2, uid: 14, [])])) == [.uidMismatch])
        // A new message's UID must lie above its predecessor's.
        #expect(Self.kinds(Self.feed(&model, [.exists(4), Self.fetch(4, uid: 9, [])])) == [.uidMismatch])
        #expect(Self.feed(&model, [Self.fetch(4, uid: 20, [])]).isEmpty)
    }

    @Test func recentIsReportedOnceTheUIDIsKnown() {
        var model = Self.selected()
        #expect(Self.feed(&model, [Self.fetch(1, uid: 10, [.recent])]) == [.recent(uid: 10)])
        #expect(Self.feed(&model, [.exists(4), Self.fetch(4, [.recent])]).isEmpty)
        #expect(Self.feed(&model, [Self.fetch(4, uid: 15)]) == [.recent(uid: 15)])
    }

    @Test func theRecentLedgerAllowsOneSessionPerUID() {
        var ledger = RecentLedger()
        #expect(ledger.claim(uid: 4, session: 1) == nil)
        #expect(ledger.claim(uid: 4, session: 1) == nil, "the same session may see it again")
        #expect(ledger.claim(uid: 5, session: 2) == nil)
        #expect(ledger.claim(uid: 4, session: 2)?.kind == .recentInTwoSessions)
    }

    @Test func theRecentLedgerIsBounded() {
        var ledger = RecentLedger(limit: 8)
        for uid in UInt32(1)...100 { #expect(ledger.claim(uid: uid, session: 1) == nil) }
        #expect(ledger.count <= 8)
        #expect(ledger.claim(uid: 100, session: 2)?.kind == .recentInTwoSessions, "the newest UIDs stay remembered")
    }

    @Test func theOwnKeywordMustStayAsStored() {
        var model = Self.selected()
        model.storeSent(uid: 11)
        #expect(Self.feed(&model, [Self.fetch(2, uid: 11, [Self.own])]).isEmpty)
        model.storeAnswered(uid: 11, ok: true, ownKeywordSet: true)
        #expect(Self.feed(&model, [Self.fetch(2, uid: 11, [.seen, Self.own])]).isEmpty)
        #expect(Self.kinds(Self.feed(&model, [Self.fetch(2, [.seen])])) == [.ownFlagWrong], "a FETCH without UID is matched by its number")
        // While a STORE is in flight either state may show; after a failed one nothing is expected.
        model.storeSent(uid: 11)
        #expect(Self.feed(&model, [Self.fetch(2, uid: 11, [])]).isEmpty)
        model.storeAnswered(uid: 11, ok: false, ownKeywordSet: false)
        #expect(Self.feed(&model, [Self.fetch(2, uid: 11, [Self.own])]).isEmpty)
        // Other sessions' keywords and system flags carry no expectation.
        #expect(Self.feed(&model, [.flags([Flag("$Stress2")]), Self.fetch(1, uid: 10, [Flag("$Stress2")])]).isEmpty)
    }

    @Test func theStressKeywordsShownAreHandedOnOncePerCommand() {
        var model = Self.selected()
        _ = model.takeShownFlags()
        _ = Self.feed(&model, [.flags([.seen, Self.own, Flag("$Stress2"), Flag("$Pool1")]),
                               Self.fetch(2, [.seen]), Self.fetch(3, uid: 12, []),
                               Self.fetch(2, [.seen, Flag("$Stress2"), Flag("$Pool1")])])
        let shown = model.takeShownFlags()
        // The last FETCH of a UID in the command counts (a server may send the old flags, then the new).
        #expect(shown.map(\.uid) == [12, 11])
        #expect(shown.map(\.flags) == [[], [Flag("$Stress2")]])
        #expect(model.takeShownFlags().isEmpty)
    }

    @Test func searchForTheOwnKeywordMustMatchTheExpectations() {
        var model = Self.selected()
        model.storeAnswered(uid: 10, ok: true, ownKeywordSet: true)
        model.storeAnswered(uid: 11, ok: true, ownKeywordSet: false)
        model.pendingSearch = .uidsWithOwnKeyword
        #expect(Self.feed(&model, [.search([10, 12], modSeq: nil)]).isEmpty)
        #expect(Self.kinds(Self.feed(&model, [.search([11], modSeq: nil)])) == [.ownFlagWrong, .ownFlagWrong])
    }

    @Test func ownMessagesVanishOnlyWhenThisSessionDeletesThem() {
        var model = Self.selected()
        model.appended(uid: 13, ownKeywordSet: false)
        model.appended(uid: 14, ownKeywordSet: true)
        #expect(Self.feed(&model, [.exists(5), Self.fetch(4, uid: 13, []), Self.fetch(5, uid: 14, [Self.own])]).isEmpty)
        #expect(model.checkOwnMessagesPresent().isEmpty)
        model.deleting(uid: 13)
        #expect(Self.feed(&model, [.expunge(SequenceNumber(4))]).isEmpty)
        #expect(Self.kinds(Self.feed(&model, [.expunge(SequenceNumber(4))])) == [.ownMessageLost])
        #expect(model.own.isEmpty)
    }

    @Test func anOwnMessageMissingAfterNoopIsFlagged() {
        var model = Self.selected()
        model.appended(uid: 13, ownKeywordSet: false)
        #expect(Self.kinds(model.checkOwnMessagesPresent()) == [.ownMessageLost])
        model.deleting(uid: 13)
        #expect(model.checkOwnMessagesPresent().isEmpty, "a message being deleted may be gone")
        model.deleted(uids: [13])
        #expect(model.own.isEmpty && model.doomed.isEmpty)
    }

    @Test func vanishedRemovesKnownUIDs() {
        var model = Self.selected()
        let findings = Self.feed(&model, [
            .vanished(earlier: false, UIDSet([UID(11)...UID(11)])),
            .vanished(earlier: false, UIDSet([UID(1)...UID(9)])),
        ])
        #expect(findings.isEmpty)
        #expect(model.knownUIDs == [10, 12])
        #expect(model.count == 2)
        #expect(!model.uncertain)
        #expect(Self.kinds(Self.feed(&model, [Self.fetch(2, uid: 11, [])])).contains(.uidReappeared))
    }

    @Test func vanishedAmongUnknownUIDsMakesTheModelUncertain() {
        var model = Self.selected()
        // Two arrivals of unknown UID (above 12); a VANISHED of 13:20 may name either.
        #expect(Self.feed(&model, [.exists(5), .vanished(earlier: false, UIDSet([UID(13)...UID(20)]))]).isEmpty)
        #expect(model.uncertain)
        #expect(Self.feed(&model, [.exists(4), Self.fetch(5, [.seen])]).isEmpty, "numbers are not checked while uncertain")
        model.selecting()
        #expect(!model.uncertain && model.count == 0)
        // A VANISHED below every unknown message's known neighbour leaves the model certain.
        var other = Self.selected()
        #expect(Self.feed(&other, [.exists(4), .vanished(earlier: false, UIDSet([UID(1)...UID(5)]))]).isEmpty)
        #expect(!other.uncertain)
    }

    @Test func aChangedUIDValidityIsFlagged() {
        var model = Self.selected()
        model.selecting()
        #expect(Self.feed(&model, [Self.uidValidity(7)]).isEmpty)
        #expect(Self.kinds(Self.feed(&model, [Self.uidValidity(8)])) == [.uidValidityChanged])
    }

    @Test func theMailboxSizeIsBounded() {
        var model = Self.selected()
        #expect(Self.kinds(Self.feed(&model, [.exists(UInt32(MailboxModel.messageLimit + 1))])) == [.modelBound])
        #expect(model.count == 3)
    }
}
