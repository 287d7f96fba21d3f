import TernIMAP
import TernMail

/// SELECT, EXAMINE (with CONDSTORE / QRESYNC), CLOSE, UNSELECT.
extension IMAPSession {
    func select(_ name: MailboxName, parameters: [SelectParameter], readOnly: Bool) async throws -> Completion {
        let account = try requireAccount()
        let stored = try storedName(name)
        var qresync: QResyncParameter?
        for parameter in parameters {
            switch parameter {
            case .condStore:
                enabled.condstore = true
            case .qresync(let value):
                guard enabled.qresync else { return .bad("QRESYNC must be enabled first") }
                qresync = value
            }
        }
        syncEncodingOptions()
        // A failed SELECT leaves no mailbox selected (RFC 9051 §6.3.2); a previous one is closed now.
        if selected != nil {
            selected = nil
            machine.deselected()
            try await writer.untagged(.status(.ok, ResponseText(code: .closed, text: "Previous mailbox closed")))
        }
        let mailbox = try await account.mailbox(named: stored)
        await importIncoming(lookingAt: stored)
        let view = try await mailbox.sync()
        let recentFrom = try await mailbox.claimRecent(
            uidValidity: view.uidValidity, uidNext: view.uidNext, claim: !readOnly)
        let tracker = SelectedMailboxTracker(view: view, recentFrom: recentFrom, readOnly: readOnly)
        let request = SelectResponses.Request(
            readOnly: readOnly, qresync: qresync, options: enabled.trackerOptions,
            imap4rev2Name: enabled.imap4rev2 ? wireName(stored) : nil, recentCount: tracker.recentCount,
            keywords: tracker.keywords)
        try await writer.untagged(SelectResponses.responses(for: view, request: request))
        selected = SelectedMailbox(mailbox: mailbox, name: stored, tracker: tracker, readOnly: readOnly)
        machine.selected(mailbox: stored, readOnly: readOnly)
        logger.debug("mailbox selected", metadata: ["mailbox": "\(stored)", "read_only": "\(readOnly)"])
        return .ok(readOnly ? "EXAMINE completed" : "SELECT completed", code: readOnly ? .readOnly : .readWrite)
    }

    /// CLOSE expunges `\Deleted` messages silently (unless read-only); UNSELECT does not.
    func close(expunge: Bool) async throws -> Completion {
        guard let current = selected else { return .bad("no mailbox selected") }
        selected = nil
        machine.deselected()
        if expunge && !current.readOnly {
            let view = try await current.mailbox.sync()
            let deleted = view.messages.filter { message in message.flags.contains { Flag($0) == .deleted } }
            if !deleted.isEmpty {
                _ = try await current.mailbox.expunge(deleted.map(\.messageID))
            }
        }
        return .ok(expunge ? "CLOSE completed" : "UNSELECT completed")
    }
}
