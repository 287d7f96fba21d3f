/// `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbox-list-extended]`.
public struct MailboxListItem: Hashable, Sendable {
    public var attributes: [MailboxAttribute]
    /// The hierarchy delimiter, nil for a flat name (`NIL`).
    public var delimiter: UInt8?
    public var mailbox: MailboxName
    /// LIST-EXTENDED data (RFC 5258): `CHILDINFO`, `OLDNAME` (RFC 9051), or others.
    public var extended: [ListExtendedItem]

    public init(
        attributes: [MailboxAttribute],
        delimiter: UInt8?,
        mailbox: MailboxName,
        extended: [ListExtendedItem] = []
    ) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.mailbox = mailbox
        self.extended = extended
    }
}

/// A mailbox name attribute (`\Noselect`, `\HasChildren`, `\Sent`...). Kept as written; compared case-insensitively.
public struct MailboxAttribute: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let noInferiors = MailboxAttribute("\\Noinferiors")
    public static let noSelect = MailboxAttribute("\\Noselect")
    public static let marked = MailboxAttribute("\\Marked")
    public static let unmarked = MailboxAttribute("\\Unmarked")
    /// CHILDREN (RFC 3348) and LIST-EXTENDED (RFC 5258).
    public static let hasChildren = MailboxAttribute("\\HasChildren")
    public static let hasNoChildren = MailboxAttribute("\\HasNoChildren")
    public static let nonExistent = MailboxAttribute("\\NonExistent")
    public static let subscribed = MailboxAttribute("\\Subscribed")
    public static let remote = MailboxAttribute("\\Remote")
    /// SPECIAL-USE (RFC 6154).
    public static let all = MailboxAttribute("\\All")
    public static let archive = MailboxAttribute("\\Archive")
    public static let drafts = MailboxAttribute("\\Drafts")
    public static let flagged = MailboxAttribute("\\Flagged")
    public static let junk = MailboxAttribute("\\Junk")
    public static let sent = MailboxAttribute("\\Sent")
    public static let trash = MailboxAttribute("\\Trash")

    public var description: String { rawValue }

    public static func == (lhs: MailboxAttribute, rhs: MailboxAttribute) -> Bool {
        lhs.rawValue.lowercased() == rhs.rawValue.lowercased()
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
}

/// One `mbox-list-extended-item` of a LIST response: `tag SP value`. The tag is an astring and keeps the form it
/// was written in (RFC 9051 writes `"OLDNAME"` quoted in one example).
public struct ListExtendedItem: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        /// `CHILDINFO ("SUBSCRIBED")` (RFC 5258).
        case childInfo([ByteString])
        /// `OLDNAME ("name")` (RFC 9051).
        case oldName(MailboxName)
        /// Any other `tagged-ext-val`.
        case other(ExtensionValue)
    }

    public var tag: ByteString
    public var value: Value

    public init(tag: ByteString, value: Value) {
        self.tag = tag
        self.value = value
    }

    /// Tags built here are quoted, as in RFC 5258's and RFC 9051's examples and Dovecot's answers
    /// (`("CHILDINFO" ("SUBSCRIBED"))`); some clients only recognise that form.
    public static func childInfo(_ options: [ByteString]) -> ListExtendedItem {
        ListExtendedItem(tag: ByteString("CHILDINFO", form: .quoted), value: .childInfo(options))
    }

    public static func oldName(_ mailbox: MailboxName) -> ListExtendedItem {
        ListExtendedItem(tag: ByteString("OLDNAME", form: .quoted), value: .oldName(mailbox))
    }
}
