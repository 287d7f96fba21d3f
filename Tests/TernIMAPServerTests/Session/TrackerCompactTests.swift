import TernIMAP
import TernMail
import Testing

@testable import TernIMAPServer

/// The idle form of the tracker (UIDs and MODSEQs only) reports what the full form reports.
@Suite struct TrackerCompactTests {
    func updates(_ outcome: SelectedMailboxTracker.Outcome) -> [UntaggedResponse] {
        guard case .updates(let responses) = outcome else { return [] }
        return responses
    }

    @Test(arguments: [false, true])
    func compactedTrackerReportsLikeAFullOne(qresync: Bool) throws {
        var builder = try ViewBuilder()
        let ids = try (0..<6).map { _ in try builder.append() }
        let options = SelectedMailboxTracker.Options(condstore: qresync, qresync: qresync)
        var full = SelectedMailboxTracker(view: builder.view)
        var compacted = full
        compacted.compact()
        #expect(compacted.count == 0)

        try builder.expunge([ids[1], ids[4]])
        try builder.store(.add, ["\\Seen"], [ids[2]])
        try builder.append()
        let expected = updates(full.update(to: builder.view, options: options))
        let got = updates(compacted.update(to: builder.view, options: options))
        #expect(got == expected)
        #expect(got.contains(.exists(5)))
        #expect(compacted.uids == full.uids)
        #expect(compacted.highestModSeq == full.highestModSeq)
    }

    @Test func aChangedModSeqIsReportedAsAFlagUpdate() throws {
        var builder = try ViewBuilder()
        let id = try builder.append(flags: ["\\Seen"])
        var tracker = SelectedMailboxTracker(view: builder.view)
        tracker.compact()
        // Adding a flag the message has raises its MODSEQ: the idle form cannot tell, and says so
        // with an unsolicited FETCH (allowed at any time, RFC 3501 7.4.2).
        try builder.store(.add, ["\\Seen"], [id])
        let responses = updates(tracker.update(to: builder.view, options: .init()))
        #expect(responses.count == 1)
        // Unchanged since: nothing.
        tracker.compact()
        #expect(updates(tracker.update(to: builder.view, options: .init())) == [])
    }

    @Test func aUIDValidityChangeIsStillSeen() throws {
        var builder = try ViewBuilder()
        try builder.append()
        var tracker = SelectedMailboxTracker(view: builder.view)
        tracker.compact()
        let other = try ViewBuilder(uidValidityBase: 77)
        #expect(tracker.update(to: other.view, options: .init()) == .uidValidityChanged)
    }
}
