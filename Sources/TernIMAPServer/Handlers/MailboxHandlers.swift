import TernIMAP
import TernMail

/// CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE.
extension IMAPSession {
    /// The account of the authenticated session (the state machine admits these commands only then).
    func requireAccount() throws(CommandFailure) -> Account {
        guard let account else { throw CommandFailure(completion: .bad("log in first")) }
        return account
    }

    /// The stored name of a wire name, or a NO for a name that cannot be decoded.
    func storedName(_ name: MailboxName) throws(CommandFailure) -> String {
        do {
            return try MailboxNameCodec.decode(name, utf8Accepted: enabled.utf8Names)
        } catch {
            throw CommandFailure(completion: .no(.cannot, error.message))
        }
    }

    func wireName(_ name: String) -> MailboxName {
        MailboxNameCodec.encode(name, utf8Accepted: enabled.utf8Names)
    }

    func create(_ name: MailboxName, parameters: [CreateParameter]) async throws -> Completion {
        let account = try requireAccount()
        var stored = try storedName(name)
        // A trailing delimiter only declares the intent to hold children (RFC 9051 §6.3.4).
        while stored.hasSuffix("/") && stored.count > 1 { stored.removeLast() }
        var specialUse: SpecialUse?
        for case .use(let uses) in parameters {
            guard uses.count <= 1 else { return .no(.useAttr, "at most one special use per mailbox") }
            if let use = uses.first {
                guard let known = SpecialUse.allCases.first(where: { Flag($0.rawValue) == use }) else {
                    return .no(.useAttr, "unsupported special use \(use)")
                }
                specialUse = known
            }
        }
        try await account.createMailbox(stored, specialUse: specialUse)
        logger.info("mailbox created", metadata: ["mailbox": "\(stored)"])
        return .ok("CREATE completed", updates: .allowExpunge)
    }

    func delete(_ name: MailboxName) async throws -> Completion {
        let account = try requireAccount()
        let stored = try storedName(name)
        guard stored != "INBOX" else { return .no(.cannot, "INBOX cannot be deleted") }
        if selected?.name == stored {
            selected = nil
            machine.deselected()
            try await writer.untagged(.status(.ok, ResponseText(code: .closed, text: "Mailbox deleted")))
        }
        try await account.deleteMailbox(stored)
        logger.info("mailbox deleted", metadata: ["mailbox": "\(stored)"])
        return .ok("DELETE completed", updates: .allowExpunge)
    }

    func rename(_ from: MailboxName, to: MailboxName) async throws -> Completion {
        let account = try requireAccount()
        let source = try storedName(from)
        var target = try storedName(to)
        while target.hasSuffix("/") && target.count > 1 { target.removeLast() }
        guard target != "INBOX" else { return .no(.alreadyExists, "INBOX already exists") }
        try await account.renameMailbox(source, to: target)
        logger.info("mailbox renamed", metadata: ["mailbox": "\(source)", "to": "\(target)"])
        if source != "INBOX", let current = selected?.name {
            if current == source {
                selected?.name = target
                machine.selectedMailboxRenamed(to: target)
            } else if current.hasPrefix(source + "/") {
                let renamed = target + current.dropFirst(source.count)
                selected?.name = renamed
                machine.selectedMailboxRenamed(to: renamed)
            }
        }
        return .ok("RENAME completed", updates: .allowExpunge)
    }

    /// Works for names that do not exist (any more): UNSUBSCRIBE of a deleted mailbox must succeed.
    func subscribe(_ name: MailboxName, _ subscribed: Bool) async throws -> Completion {
        let account = try requireAccount()
        let stored = try storedName(name)
        if subscribed {
            // RFC 9051 §6.3.7: subscribing to a name that does not exist is an error.
            let names = try await account.mailboxes().map(\.name)
            guard names.contains(stored) else { return .no(.nonExistent, "no mailbox \(stored)") }
        }
        try await account.setSubscribed(stored, subscribed)
        return .ok(subscribed ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed", updates: .allowExpunge)
    }
}
