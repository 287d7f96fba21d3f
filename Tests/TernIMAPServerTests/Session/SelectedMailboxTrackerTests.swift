import TernIMAP
import TernMail
import Testing

@testable import TernIMAPServer

@Suite struct SelectedMailboxTrackerTests {
    func updates(_ outcome: SelectedMailboxTracker.Outcome) -> [UntaggedResponse] {
        guard case .updates(let responses) = outcome else { return [] }
        return responses
    }

    @Test func newMessagesAreExistsAndRecent() throws {
        var builder = try ViewBuilder()
        try builder.append()
        var tracker = SelectedMailboxTracker(view: builder.view)
        #expect(tracker.recentCount == 0)
        try builder.append()
        try builder.append()
        let responses = updates(tracker.update(to: builder.view, options: .init()))
        #expect(responses == [.exists(3), .recent(2)])
        #expect(tracker.isRecent(uid: builder.view.messages[2].uid))
        #expect(!tracker.isRecent(uid: builder.view.messages[0].uid))
        #expect(tracker.flags(of: builder.view.messages[1]) == [.recent])
        // Nothing changed: nothing to say.
        #expect(updates(tracker.update(to: builder.view, options: .init())) == [])
    }

    @Test func expungesGoFromTheHighestSequenceNumberDown() throws {
        var builder = try ViewBuilder()
        let ids = try (0..<5).map { _ in try builder.append() }
        var tracker = SelectedMailboxTracker(view: builder.view)
        try builder.expunge([ids[1], ids[3]])
        let responses = updates(tracker.update(to: builder.view, options: .init()))
        #expect(responses == [.expunge(SequenceNumber(4)), .expunge(SequenceNumber(2))])
        #expect(tracker.count == 3)
    }

    @Test func qresyncSendsVanishedInstead() throws {
        var builder = try ViewBuilder()
        let ids = try (0..<3).map { _ in try builder.append() }
        let uids = builder.view.messages.map(\.uid)
        var tracker = SelectedMailboxTracker(view: builder.view)
        try builder.expunge([ids[0], ids[2]])
        let responses = updates(tracker.update(to: builder.view, options: .init(condstore: true, qresync: true)))
        let expected = UIDSet.compressing([uids[0], uids[2]])
        #expect(responses == [.vanished(earlier: false, try #require(expected))])
    }

    @Test func expungesWaitWhileNotAllowed() throws {
        var builder = try ViewBuilder()
        let ids = try (0..<3).map { _ in try builder.append() }
        var tracker = SelectedMailboxTracker(view: builder.view)
        try builder.expunge([ids[0]])
        try builder.append()
        let during = updates(tracker.update(to: builder.view, options: .init(), allowExpunge: false))
        #expect(during == [.exists(4), .recent(1)])
        #expect(tracker.count == 4)
        let after = updates(tracker.update(to: builder.view, options: .init()))
        #expect(after == [.expunge(SequenceNumber(1))])
        #expect(tracker.count == 3)
    }

    @Test func flagChangesBecomeFetchWithModSeqOnceEnabled() throws {
        var builder = try ViewBuilder()
        let ids = try (0..<2).map { _ in try builder.append() }
        var tracker = SelectedMailboxTracker(view: builder.view)
        try builder.store(.add, ["\\Seen"], [ids[1]])
        var plain = tracker
        #expect(
            updates(plain.update(to: builder.view, options: .init())) == [.fetch(SequenceNumber(2), [.flags([.seen])])])
        let message = builder.view.messages[1]
        let condstore = updates(tracker.update(to: builder.view, options: .init(condstore: true, qresync: true)))
        #expect(
            condstore == [
                .fetch(SequenceNumber(2), [.uid(UID(message.uid)), .flags([.seen]), .modSeq(ModSeq(message.modSeq))])
            ])
    }

    @Test func forcedAndSilentFetches() throws {
        var builder = try ViewBuilder()
        let ids = try (0..<2).map { _ in try builder.append() }
        var tracker = SelectedMailboxTracker(view: builder.view)
        try builder.store(.add, ["\\Flagged"], ids)
        let uids = Set(builder.view.messages.map(\.uid))
        #expect(updates(tracker.update(to: builder.view, options: .init(), silent: uids)) == [])
        #expect(
            updates(
                tracker.update(
                    to: builder.view, options: .init(), forceFetch: [builder.view.messages[0].uid], includeUID: true))
                == [.fetch(SequenceNumber(1), [.uid(UID(builder.view.messages[0].uid)), .flags([.flagged])])])
    }

    @Test func uidValidityChangeAsksForResync() throws {
        var builder = try ViewBuilder()
        try builder.append()
        var tracker = SelectedMailboxTracker(view: builder.view)
        var other = try ViewBuilder(uidValidityBase: 5000)
        try other.append()
        #expect(tracker.update(to: other.view, options: .init()) == .uidValidityChanged)
    }
}

@Suite struct SelectResponsesTests {
    @Test func selectAnnouncesFlagsCountsAndUIDs() throws {
        var builder = try ViewBuilder()
        try builder.append(flags: ["\\Seen", "$Work"])
        try builder.append()
        let view = builder.view
        let responses = SelectResponses.responses(
            for: view, request: .init(readOnly: false, options: .init()))
        let system: [Flag] = [.answered, .flagged, .deleted, .seen, .draft]
        #expect(
            responses == [
                .flags(system + [Flag("$Work")]),
                .status(
                    .ok,
                    ResponseText(code: .permanentFlags(system + [Flag("$Work"), .wildcard]), text: "Flags permitted")),
                .exists(2),
                .recent(0),
                .status(.ok, ResponseText(code: .unseen(SequenceNumber(2)), text: "First unseen")),
                .status(.ok, ResponseText(code: .uidValidity(view.uidValidity), text: "UIDs valid")),
                .status(.ok, ResponseText(code: .uidNext(UID(view.uidNext)), text: "Predicted next UID")),
                .status(.ok, ResponseText(code: .highestModSeq(ModSeq(view.highestModSeq)), text: "Highest")),
            ])
        let examine = SelectResponses.responses(for: view, request: .init(readOnly: true, options: .init()))
        #expect(
            examine[1] == .status(.ok, ResponseText(code: .permanentFlags([]), text: "No permanent flags permitted")))
    }

    @Test func qresyncReportsVanishedEarlierAndChanges() throws {
        var builder = try ViewBuilder()
        let ids = try (0..<3).map { _ in try builder.append() }
        let before = builder.view
        try builder.expunge([ids[0]])
        try builder.store(.add, ["\\Seen"], [ids[2]])
        let view = builder.view
        let parameter = QResyncParameter(uidValidity: view.uidValidity, modSeq: ModSeq(before.highestModSeq))
        let responses = SelectResponses.responses(
            for: view,
            request: .init(readOnly: false, qresync: parameter, options: .init(condstore: true, qresync: true)))
        let changed = view.messages[1]
        #expect(
            Array(responses.suffix(2)) == [
                .vanished(earlier: true, UIDSet(UID(before.messages[0].uid))),
                .fetch(SequenceNumber(2), [.uid(UID(changed.uid)), .flags([.seen]), .modSeq(ModSeq(changed.modSeq))]),
            ])
        // A different UIDVALIDITY: no resynchronisation data.
        let stale = QResyncParameter(uidValidity: view.uidValidity &+ 1, modSeq: ModSeq(1))
        let plain = SelectResponses.responses(
            for: view, request: .init(readOnly: false, qresync: stale, options: .init(condstore: true, qresync: true)))
        #expect(plain.count == 8)
    }
}
