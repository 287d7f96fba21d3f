import TernIMAP
import TernMail

/// COPY and MOVE (and their UID forms), with COPYUID (UIDPLUS). MOVE sends its COPYUID in an untagged
/// OK before the expunges (RFC 6851 §4.3).
extension IMAPSession {
    func copy(_ command: CopyCommand, move: Bool) async throws -> Completion {
        let account = try requireAccount()
        let current = try requireSelected()
        if move && current.readOnly { return .no(.readOnly, "mailbox is read-only") }
        let positions = try resolve(command.set, isUID: command.isUID, in: current)
        let targetName = try storedName(command.mailbox)
        let target = try await account.mailbox(named: targetName)
        let fresh = try await current.mailbox.sync()
        var live: [UInt32: MailboxView.Message] = [:]
        for message in fresh.messages { live[message.uid] = message }
        let messages = positions.compactMap { live[current.tracker.messages[$0].uid] }
        let verb = move ? "MOVE" : "COPY"
        let updates: Completion.Updates = command.isUID || move ? .allowExpunge : .noExpunge
        guard !messages.isEmpty else {
            return .ok("No messages to \(verb.lowercased())", updates: updates)
        }
        let result = try await current.mailbox.copy(messages, to: target, moving: move)
        var code: ResponseCode?
        if let sets = UIDSet.compactingPairs(
            source: result.sourceUIDs, destination: result.targetUIDs, sourceBlockers: current.tracker.uids)
        {
            code = .copyUID(uidValidity: result.uidValidity, source: sets.source, destination: sets.destination)
        }
        guard move else {
            return .ok("COPY completed", code: code, updates: updates)
        }
        try await writer.untagged(.status(.ok, ResponseText(code: code, text: "Moved")))
        let view = try await current.mailbox.expunge(messages.map(\.messageID))
        try await apply(view, allowExpunge: true)
        return .ok("MOVE completed", updates: updates)
    }
}
