/// LIST (RFC 9051 §6.3.9, LIST-EXTENDED RFC 5258, LIST-STATUS RFC 5819, SPECIAL-USE RFC 6154).
public struct ListCommand: Hashable, Sendable {
    /// `(SUBSCRIBED REMOTE ...)`; nil when absent, empty for `()`.
    public var selectOptions: [ListSelectOption]?
    public var reference: MailboxName
    public var patterns: MailboxPatterns
    /// `RETURN (...)`; nil when absent, empty for `RETURN ()`.
    public var returnOptions: [ListReturnOption]?

    public init(
        selectOptions: [ListSelectOption]? = nil, reference: MailboxName, patterns: MailboxPatterns,
        returnOptions: [ListReturnOption]? = nil
    ) {
        self.selectOptions = selectOptions
        self.reference = reference
        self.patterns = patterns
        self.returnOptions = returnOptions
    }
}

/// `mbox-or-pat`: a single `list-mailbox` or a parenthesised list of them.
public enum MailboxPatterns: Hashable, Sendable {
    case single(ByteString)
    case multiple([ByteString])

    public var all: [ByteString] {
        switch self {
        case .single(let pattern): return [pattern]
        case .multiple(let patterns): return patterns
        }
    }
}

public enum ListSelectOption: String, Hashable, Sendable, CaseIterable {
    case subscribed = "SUBSCRIBED"
    case remote = "REMOTE"
    case recursiveMatch = "RECURSIVEMATCH"
    case specialUse = "SPECIAL-USE"
}

public enum ListReturnOption: Hashable, Sendable {
    case subscribed
    case children
    case specialUse
    /// `STATUS (MESSAGES UNSEEN ...)` (RFC 5819)
    case status([StatusAttribute])
}
