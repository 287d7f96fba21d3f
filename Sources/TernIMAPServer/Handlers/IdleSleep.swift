import TernMail

/// What an idle session keeps while it waits (docs/architecture.md, "Idle sessions"): the account's keys as a
/// ticket, the selected mailbox's handle, its compacted tracker and the log position the wake
/// registry waits past. The account, its list and the mailbox's log state are released, and
/// reopened (the log read again) when something happens.
struct IdleSleep {
    struct Selection {
        let handle: MailboxHandle
        let storageID: String
        let position: String?
        let name: String
        let tracker: SelectedMailboxTracker
        let readOnly: Bool
        let savedSearch: [UInt32]?
    }

    let ticket: AccountTicket
    let incomingPartition: String
    let selection: Selection?
    /// The account was kept, not released: its import of delivered mail was running, and
    /// releasing the last reference would close the account and cancel that import.
    let keepsAccount: Bool
}

extension IMAPSession {
    /// Releases the account and the selected mailbox; nil when not logged in. First reports
    /// what the mailbox holds up to the position the wait starts from (the import task or another
    /// session of this process may have written since the last update).
    func fallAsleep() async throws -> IdleSleep? {
        guard let account else { return nil }
        var selection: IdleSleep.Selection?
        var position: String?
        if let mailbox = selected?.mailbox {
            let current = await mailbox.waitPositionAndView
            position = current.position
            try await apply(current.view, allowExpunge: true)
            try await writer.flush()
        }
        if var current = selected {
            current.tracker.compact()
            selection = IdleSleep.Selection(
                handle: current.mailbox.handle, storageID: current.mailbox.storageID,
                position: position, name: current.name, tracker: current.tracker,
                readOnly: current.readOnly, savedSearch: current.savedSearch)
        }
        let keepsAccount = await account.isImportingIncoming
        let sleep = IdleSleep(
            ticket: context.mail.ticket(for: account), incomingPartition: account.incomingPartition,
            selection: selection, keepsAccount: keepsAccount)
        guard !keepsAccount else { return sleep }
        selected = nil
        self.account = nil
        await context.mail.release(account)
        return sleep
    }

    /// Reopens what `fallAsleep` released. Reads no storage: the mailbox syncs when asked.
    func wakeUp(_ sleep: IdleSleep?) async throws {
        guard let sleep, !sleep.keepsAccount else { return }
        let account = try context.mail.reopenAccount(sleep.ticket)
        self.account = account
        guard let selection = sleep.selection else { return }
        let mailbox = try await account.mailbox(reopening: selection.handle)
        selected = SelectedMailbox(
            mailbox: mailbox, name: selection.name, tracker: selection.tracker, readOnly: selection.readOnly,
            savedSearch: selection.savedSearch)
    }
}
