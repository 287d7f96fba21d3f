/// Builds the operation for one IMAP command from the writer's current (merged) list.
extension MailboxList {
    public func entry(named name: String) -> Entry? { entries().first { $0.name == name } }

    func validate(_ name: String) throws(MailboxLogError) {
        guard !name.isEmpty, name.utf8.count <= Self.maxNameBytes else {
            throw MailboxLogError(.invalidOperation, "mailbox name must have 1...\(Self.maxNameBytes) bytes")
        }
    }

    public func create(
        _ name: String,
        id: OperationID,
        deriveID: (String, UInt64) -> MailboxID
    ) throws(MailboxLogError) -> MailboxListOperation {
        try validate(name)
        guard entry(named: name) == nil, name.uppercased() != Self.inbox else {
            throw MailboxLogError(.invalidOperation, "mailbox \(name) exists")
        }
        return MailboxListOperation(id: id, kind: .create(name: name, mailbox: deriveID(name, generation(of: name))))
    }

    public func delete(_ name: String, id: OperationID) throws(MailboxLogError) -> MailboxListOperation {
        let mailbox = try existing(name)
        return MailboxListOperation(id: id, kind: .delete(mailbox: mailbox, observed: observedTags(of: mailbox)))
    }

    public func rename(_ name: String, to newName: String, id: OperationID) throws(MailboxLogError)
        -> MailboxListOperation
    {
        try validate(newName)
        let mailbox = try existing(name)
        guard entry(named: newName) == nil, newName.uppercased() != Self.inbox else {
            throw MailboxLogError(.invalidOperation, "mailbox \(newName) exists")
        }
        return MailboxListOperation(
            id: id, kind: .rename(mailbox: mailbox, observed: observedTags(of: mailbox), newName: newName)
        )
    }

    public func subscribe(_ name: String, _ subscribed: Bool, id: OperationID) throws(MailboxLogError)
        -> MailboxListOperation
    {
        try validate(name)
        return MailboxListOperation(id: id, kind: .subscribe(name: name, subscribed: subscribed))
    }

    public func setSpecialUse(_ use: SpecialUse?, of name: String, id: OperationID) throws(MailboxLogError)
        -> MailboxListOperation
    {
        MailboxListOperation(id: id, kind: .setSpecialUse(mailbox: try existing(name), use: use))
    }

    private func existing(_ name: String) throws(MailboxLogError) -> MailboxID {
        guard let entry = entry(named: name) else {
            throw MailboxLogError(.invalidOperation, "no mailbox \(name)")
        }
        guard entry.mailbox != inboxID else {
            throw MailboxLogError(.invalidOperation, "INBOX cannot be deleted or renamed here")
        }
        return entry.mailbox
    }

    /// Every binding of the mailbox this view holds, live or superseded, so that a delete or
    /// rename removes all of them (and nothing it did not see).
    private func observedTags(of mailbox: MailboxID) -> [OperationID] {
        var tags = defaultBindings.filter { $0.mailbox == mailbox }.map(\.tag)
        for op in operations.values {
            switch op.kind {
            case .create(_, let id), .rename(let id, _, _): if id == mailbox { tags.append(op.id) }
            default: continue
            }
        }
        return tags.sorted()
    }
}
