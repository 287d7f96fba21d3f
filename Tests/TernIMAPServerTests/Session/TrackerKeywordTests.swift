import TernIMAP
import TernMail
import Testing

@testable import TernIMAPServer

/// RFC 3501 §7.2.6 / RFC 9051 §7.3.5: a keyword appears in FLAGS (and PERMANENTFLAGS) before any FETCH
/// shows it (issue 13 point 1).
@Suite struct TrackerKeywordTests {
    static let system = SelectResponses.systemFlags

    func updates(_ outcome: SelectedMailboxTracker.Outcome) -> [UntaggedResponse] {
        guard case .updates(let responses) = outcome else { return [] }
        return responses
    }

    func announcement(_ keywords: [String], readOnly: Bool = false) -> [UntaggedResponse] {
        let flags = Self.system + keywords.map(Flag.init)
        var responses: [UntaggedResponse] = [.flags(flags)]
        if !readOnly {
            responses.append(
                .status(.ok, ResponseText(code: .permanentFlags(flags + [.wildcard]), text: "Flags permitted")))
        }
        return responses
    }

    @Test func rfc3501_7_2_6_newKeywordIsAnnouncedBeforeItsFetch() throws {
        var builder = try ViewBuilder()
        let id = try builder.append(flags: ["$Old"])
        var tracker = SelectedMailboxTracker(view: builder.view)
        #expect(tracker.keywords == [Flag("$Old")])
        try builder.store(.add, ["$New", "\\Seen"], [id])
        let responses = updates(tracker.update(to: builder.view, options: .init()))
        #expect(
            responses
                == announcement(["$New", "$Old"]) + [
                    .fetch(SequenceNumber(1), [.flags([Flag("$New"), Flag("$Old"), .seen])])
                ])
        // Announced once: the same keyword on another message says nothing more.
        let second = try builder.append()
        try builder.store(.add, ["$new"], [second])
        let later = updates(tracker.update(to: builder.view, options: .init()))
        #expect(!later.contains { if case .flags = $0 { return true } else { return false } })
    }

    @Test func keywordsOfArrivalsAndSilentStoresAreAnnouncedToo() throws {
        var builder = try ViewBuilder()
        let id = try builder.append()
        var tracker = SelectedMailboxTracker(view: builder.view)
        try builder.append(flags: ["Arrived"])
        #expect(updates(tracker.update(to: builder.view, options: .init())) == [.exists(2), .recent(1)] + announcement(["Arrived"]))
        // STORE .SILENT reports no FETCH, but a later FETCH FLAGS would show the keyword.
        try builder.store(.add, ["Quiet"], [id])
        let silent = updates(
            tracker.update(to: builder.view, options: .init(), silent: [builder.view.messages[0].uid]))
        #expect(silent == announcement(["Arrived", "Quiet"]))
    }

    @Test func examineAnnouncesFlagsWithoutPermanentFlags() throws {
        var builder = try ViewBuilder()
        let id = try builder.append()
        var tracker = SelectedMailboxTracker(view: builder.view, readOnly: true)
        try builder.store(.add, ["$Label1"], [id])
        let responses = updates(tracker.update(to: builder.view, options: .init()))
        #expect(Array(responses.prefix(1)) == announcement(["$Label1"], readOnly: true))
    }

    @Test func theIdleFormAnnouncesKeywordsToo() throws {
        var builder = try ViewBuilder()
        let id = try builder.append()
        var tracker = SelectedMailboxTracker(view: builder.view)
        tracker.compact()
        try builder.store(.add, ["$Idle"], [id])
        let responses = updates(tracker.update(to: builder.view, options: .init()))
        #expect(Array(responses.prefix(2)) == announcement(["$Idle"]))
        #expect(responses.count == 3)
    }
}
