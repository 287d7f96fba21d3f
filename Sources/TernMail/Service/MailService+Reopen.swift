/// What a session keeps of an account it released while idle (docs/architecture.md, "Idle sessions"): the
/// unlocked keys, not the account's list, mailboxes and log states. Reopening needs no password
/// and no storage read; the mailbox's log is read again on its next sync.
public struct AccountTicket: Sendable {
    let context: AccountContext

    public var login: String { context.login }
}

/// A mailbox to reopen after its account was released: its id and the name it was opened under.
public struct MailboxHandle: Hashable, Sendable {
    let id: MailboxID
    let name: String
}

extension MailService {
    public func ticket(for account: Account) -> AccountTicket {
        AccountTicket(context: account.context)
    }

    /// The account of `ticket`, shared as `openAccount` shares it; `release` it as usual.
    public func reopenAccount(_ ticket: AccountTicket) throws(MailError) -> Account {
        try adopt(ticket.context)
    }
}

extension Mailbox {
    public nonisolated var handle: MailboxHandle { MailboxHandle(id: mailboxID, name: name) }
}

extension Account {
    /// The account's `Mailbox` for a handle taken before the account was released. Reads no
    /// storage: a mailbox deleted meanwhile shows up as an empty log on its next sync.
    public func mailbox(reopening handle: MailboxHandle) throws(MailError) -> Mailbox {
        try mailbox(for: MailboxList.Entry(name: handle.name, mailbox: handle.id, specialUse: nil))
    }
}
