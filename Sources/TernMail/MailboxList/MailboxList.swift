/// A user's mailbox list: the merge of every writer's list operations, resolved into names.
/// Pure: clocks, writer ids and the id derivation (a keyed hash in production) are passed in.
public struct MailboxList: Sendable {
    public static let maxNameBytes = 1_024
    public static let maxOperations = 1_000_000
    public static let inbox = "INBOX"
    /// Present from the first login on every frontend alike (synthetic bindings at clock zero).
    public static let defaults: [(name: String, use: SpecialUse?)] = [
        ("INBOX", nil), ("Drafts", .drafts), ("Sent", .sent), ("Trash", .trash), ("Junk", .junk), ("Archive", .archive),
    ]

    public struct Entry: Hashable, Sendable {
        public let name: String
        public let mailbox: MailboxID
        public let specialUse: SpecialUse?
    }

    struct Binding: Hashable {
        let tag: OperationID
        let name: String
        let mailbox: MailboxID
    }

    let defaultBindings: [Binding]
    public private(set) var operations: [OperationID: MailboxListOperation] = [:]

    /// - Parameter deriveID: maps (name, generation) to a mailbox id; must be the same function
    ///   on every frontend of the user (a keyed hash under the user's key).
    public init(deriveID: (String, UInt64) -> MailboxID) {
        defaultBindings = Self.defaults.enumerated().map { index, entry in
            Binding(
                tag: OperationID(clock: .zero, writerID: UInt64(index)), name: entry.name,
                mailbox: deriveID(entry.name, 0)
            )
        }
    }

    /// Merges operations read from any writer's object; idempotent and order-free.
    public mutating func merge(_ incoming: some Sequence<MailboxListOperation>) throws(MailboxLogError) {
        for op in incoming {
            if let known = operations[op.id] {
                guard known == op else {
                    throw MailboxLogError(.conflictingDuplicate, "two different list operations \(op.id)")
                }
                continue
            }
            guard operations.count < Self.maxOperations else {
                throw MailboxLogError(.limitExceeded, "more than \(Self.maxOperations) list operations")
            }
            operations[op.id] = op
        }
    }

    // MARK: - Resolution (a function of the operation set)

    var inboxID: MailboxID { defaultBindings[0].mailbox }

    /// Bindings not removed by any rename, of mailboxes no delete names, one per mailbox (the
    /// latest wins when concurrent renames gave a mailbox two names).
    ///
    /// **A delete of a mailbox id beats every binding of that id**, concurrent renames and
    /// creates included: a deleted id never shows again under any name, so no name points at
    /// data the deleter reclaims (docs/internals/mailbox-list.md). No later create can bind a
    /// deleted id (a create from a view holding the delete derives a higher generation).
    func liveBindings() -> [MailboxID: Binding] {
        var removed = Set<OperationID>()
        var deleted = Set<MailboxID>()
        var all = defaultBindings
        for op in operations.values {
            switch op.kind {
            case .create(let name, let mailbox):
                all.append(Binding(tag: op.id, name: name, mailbox: mailbox))
            case .rename(let mailbox, let observed, let newName):
                guard mailbox != inboxID else { continue }
                removed.formUnion(observed)
                all.append(Binding(tag: op.id, name: newName, mailbox: mailbox))
            case .delete(let mailbox, _):
                guard mailbox != inboxID else { continue }
                deleted.insert(mailbox)
            case .subscribe, .setSpecialUse:
                continue
            }
        }
        var live: [MailboxID: Binding] = [:]
        for binding in all where !removed.contains(binding.tag) && !deleted.contains(binding.mailbox) {
            if let other = live[binding.mailbox], other.tag > binding.tag { continue }
            live[binding.mailbox] = binding
        }
        return live
    }

    /// The list as clients see it, sorted by name. Two different mailboxes bound to one name
    /// (possible only from creates or renames made from different views) are told apart: the
    /// oldest binding keeps the name, the others get a suffix derived from their id.
    public func entries() -> [Entry] {
        let live = liveBindings().values.sorted { ($0.name, $0.tag) < ($1.name, $1.tag) }
        var taken = Set(live.map(\.name))
        var named: [(String, MailboxID)] = []
        var previous: String?
        for binding in live {
            if binding.name != previous {
                named.append((binding.name, binding.mailbox))
                previous = binding.name
                continue
            }
            var name = binding.name + "-" + binding.mailbox.description.prefix(8)
            while taken.contains(name) { name += "_" }
            taken.insert(name)
            named.append((name, binding.mailbox))
        }
        let uses = specialUses()
        return named.map { Entry(name: $0.0, mailbox: $0.1, specialUse: uses[$0.1]) }.sorted { $0.name < $1.name }
    }

    func specialUses() -> [MailboxID: SpecialUse] {
        var result: [MailboxID: (tag: OperationID, use: SpecialUse?)] = [:]
        for (index, entry) in Self.defaults.enumerated() {
            result[defaultBindings[index].mailbox] = (defaultBindings[index].tag, entry.use)
        }
        for op in operations.values {
            guard case .setSpecialUse(let mailbox, let use) = op.kind else { continue }
            if let current = result[mailbox], current.tag > op.id { continue }
            result[mailbox] = (op.id, use)
        }
        return result.compactMapValues(\.use)
    }

    /// Subscribed names (last writer wins per name); a name may outlive its mailbox, as IMAP allows.
    /// The six defaults start subscribed (as Dovecot's `auto = subscribe`): clients that show only
    /// subscribed folders, Thunderbird's default, then show them from the first login.
    public func subscriptions() -> [String] {
        var latest: [String: (tag: OperationID, on: Bool)] = [:]
        for op in operations.values {
            guard case .subscribe(let name, let on) = op.kind else { continue }
            if let current = latest[name], current.tag > op.id { continue }
            latest[name] = (op.id, on)
        }
        var subscribed = Set(latest.filter(\.value.on).map(\.key))
        for entry in Self.defaults where latest[entry.name] == nil { subscribed.insert(entry.name) }
        return subscribed.sorted()
    }

    /// How many bindings `name` has ever had: the generation a new create of it derives its id from.
    public func generation(of name: String) -> UInt64 {
        var count = UInt64(defaultBindings.filter { $0.name == name }.count)
        for op in operations.values {
            switch op.kind {
            case .create(let bound, _), .rename(_, _, let bound): if bound == name { count += 1 }
            default: continue
            }
        }
        return count
    }
}
