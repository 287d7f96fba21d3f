import TernIMAP
import TernMail

/// LIST (with LIST-EXTENDED select/return options, LIST-STATUS, SPECIAL-USE), LSUB, STATUS.
extension IMAPSession {
    static let delimiter = UInt8(ascii: "/")

    func list(_ command: ListCommand) async throws -> Completion {
        let account = try requireAccount()
        let selectOptions = command.selectOptions ?? []
        let returnOptions = command.returnOptions ?? []
        if selectOptions.contains(.recursiveMatch)
            && !selectOptions.contains(.subscribed) && !selectOptions.contains(.specialUse)
        {
            return .bad("RECURSIVEMATCH needs another selection option")
        }
        let reference = MailboxNameCodec.decodePattern(command.reference.bytes, utf8Accepted: enabled.utf8Names)
        let patterns = command.patterns.all.map { raw in
            MailboxPattern(
                reference: reference,
                pattern: MailboxNameCodec.decodePattern(raw.bytes, utf8Accepted: enabled.utf8Names))
        }
        let extended = command.selectOptions != nil || command.returnOptions != nil
        if !extended, patterns.count == 1, command.patterns.all[0].bytes.isEmpty {
            // LIST "" "": the hierarchy delimiter and root.
            try await writer.untagged(
                .list(MailboxListItem(attributes: [.noSelect], delimiter: Self.delimiter, mailbox: MailboxName([]))))
            return .ok("LIST completed")
        }
        var options = MailboxListing.Options()
        options.selectSubscribed = selectOptions.contains(.subscribed)
        options.selectSpecialUse = selectOptions.contains(.specialUse)
        options.recursiveMatch = selectOptions.contains(.recursiveMatch)
        options.returnSubscribed = returnOptions.contains(.subscribed)
        options.extended = extended
        var statusAttributes: [StatusAttribute]?
        for case .status(let attributes) in returnOptions { statusAttributes = attributes }
        let listing = try await listing(of: account)
        for item in listing.list(patterns: patterns.filter { !$0.isEmpty }, options: options) {
            var extendedItems: [ListExtendedItem] = []
            if item.childInfoSubscribed { extendedItems.append(.childInfo(["SUBSCRIBED"])) }
            try await writer.untagged(
                .list(
                    MailboxListItem(
                        attributes: item.attributes, delimiter: Self.delimiter, mailbox: wireName(item.name),
                        extended: extendedItems)))
            if let statusAttributes, !item.attributes.contains(.noSelect), !item.attributes.contains(.nonExistent) {
                do {
                    let values = try await statusValues(of: item.name, statusAttributes, account: account)
                    try await writer.untagged(.mailboxStatus(wireName(item.name), values))
                } catch let error as MailError where error.code == .noSuchMailbox {
                    continue  // deleted meanwhile by another session
                }
            }
        }
        return .ok("LIST completed", updates: .allowExpunge)
    }

    func lsub(reference: MailboxName, pattern: ByteString) async throws -> Completion {
        let account = try requireAccount()
        let referenceText = MailboxNameCodec.decodePattern(reference.bytes, utf8Accepted: enabled.utf8Names)
        let patternText = MailboxNameCodec.decodePattern(pattern.bytes, utf8Accepted: enabled.utf8Names)
        if patternText.isEmpty {
            try await writer.untagged(
                .lsub(MailboxListItem(attributes: [.noSelect], delimiter: Self.delimiter, mailbox: MailboxName([]))))
            return .ok("LSUB completed")
        }
        var options = MailboxListing.Options()
        options.lsub = true
        let listing = try await listing(of: account)
        let patterns = [MailboxPattern(reference: referenceText, pattern: patternText)]
        for item in listing.list(patterns: patterns, options: options) {
            try await writer.untagged(
                .lsub(
                    MailboxListItem(
                        attributes: item.attributes, delimiter: Self.delimiter, mailbox: wireName(item.name))))
        }
        return .ok("LSUB completed", updates: .allowExpunge)
    }

    private func listing(of account: Account) async throws -> MailboxListing {
        let entries = try await account.mailboxes()
        let subscriptions = try await account.subscriptions()
        return MailboxListing(
            mailboxes: entries.map { MailboxListing.Mailbox(name: $0.name, specialUse: $0.specialUse) },
            subscriptions: subscriptions)
    }

    func status(_ name: MailboxName, _ attributes: [StatusAttribute]) async throws -> Completion {
        let account = try requireAccount()
        let stored = try storedName(name)
        let values = try await statusValues(of: stored, attributes, account: account)
        try await writer.untagged(.mailboxStatus(wireName(stored), values))
        return .ok("STATUS completed", updates: .allowExpunge)
    }

    /// STATUS items from a fresh view. RECENT counts the session's own recent messages when the
    /// mailbox is the selected one, else the messages no session has claimed as recent yet, which
    /// the next read-write SELECT will show as \Recent (RFC 3501 6.3.10, `Mailbox.claimRecent`).
    func statusValues(
        of name: String, _ attributes: [StatusAttribute], account: Account
    ) async throws -> [StatusValue] {
        let mailbox = try await account.mailbox(named: name)
        await importIncoming(lookingAt: name)
        let view = try await mailbox.sync()
        if attributes.contains(.highestModSeq) && !enabled.condstore {
            enabled.condstore = true  // a CONDSTORE-enabling command (RFC 7162 §3.1)
            syncEncodingOptions()
        }
        var unclaimedRecent = 0
        if attributes.contains(.recent), selected?.name != name {
            unclaimedRecent = try await mailbox.unclaimedRecentCount(
                uidValidity: view.uidValidity, uids: view.messages.lazy.map(\.uid))
        }
        return attributes.map { attribute in
            switch attribute {
            case .messages: return StatusValue(attribute, UInt64(view.messages.count))
            case .recent:
                let recent = selected?.name == name ? selected?.tracker.recentCount ?? 0 : unclaimedRecent
                return StatusValue(attribute, UInt64(recent))
            case .uidNext: return StatusValue(attribute, UInt64(view.uidNext))
            case .uidValidity: return StatusValue(attribute, UInt64(view.uidValidity))
            case .unseen:
                let unseen = view.messages.count { message in !message.flags.contains { Flag($0) == .seen } }
                return StatusValue(attribute, UInt64(unseen))
            case .deleted:
                let deleted = view.messages.count { message in message.flags.contains { Flag($0) == .deleted } }
                return StatusValue(attribute, UInt64(deleted))
            case .size: return StatusValue(attribute, view.messages.reduce(0) { $0 + $1.size })
            case .highestModSeq: return StatusValue(attribute, view.highestModSeq)
            case .appendLimit: return StatusValue(attribute, context.limits.maxAppendSize)
            }
        }
    }
}
