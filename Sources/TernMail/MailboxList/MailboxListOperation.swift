/// A mailbox's identity, independent of its name (a rename keeps it). The caller derives it
/// with a keyed hash of (name, generation), so storage keys reveal no names and two frontends
/// that create the same name from the same view derive the same mailbox.
public struct MailboxID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    public var description: String { String(high, radix: 16) + String(low, radix: 16) }
}

/// RFC 6154 special-use attributes.
public enum SpecialUse: String, Hashable, Sendable, CaseIterable {
    case all = "\\All"
    case archive = "\\Archive"
    case drafts = "\\Drafts"
    case flagged = "\\Flagged"
    case junk = "\\Junk"
    case sent = "\\Sent"
    case trash = "\\Trash"
}

/// One change to a user's mailbox list. Each writer stores its own operations; a frontend
/// merges every writer's set (a state-based CRDT: union, in any order, any number of times).
public struct MailboxListOperation: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case create(name: String, mailbox: MailboxID)
        /// Removes `mailbox` for good: every binding of it, seen or not (a concurrent rename
        /// loses). `observed` (the bindings the writer saw) is kept in the format but no longer
        /// decides anything.
        case delete(mailbox: MailboxID, observed: [OperationID])
        case rename(mailbox: MailboxID, observed: [OperationID], newName: String)
        case subscribe(name: String, subscribed: Bool)
        case setSpecialUse(mailbox: MailboxID, use: SpecialUse?)
    }

    public let id: OperationID
    public let kind: Kind

    public init(id: OperationID, kind: Kind) {
        self.id = id
        self.kind = kind
    }
}
