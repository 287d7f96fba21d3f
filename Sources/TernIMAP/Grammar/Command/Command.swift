/// A command with its tag, as parsed from one complete client command (everything but APPEND, which
/// streams: see ``AppendCommandPart``).
public struct TaggedCommand: Hashable, Sendable {
    public var tag: Tag
    public var command: Command

    public init(tag: Tag, command: Command) {
        self.tag = tag
        self.command = command
    }
}

/// Every IMAP command this server understands except APPEND (RFC 3501, RFC 9051 and the extensions
/// listed in docs/internals/imap-parser.md). Grouped by the state in which a client may send them.
public enum Command: Hashable, Sendable {
    // Any state
    case capability
    case noop
    case logout
    /// ID (RFC 2971): field/value pairs, or nil for `ID NIL`.
    case id([IDParameter]?)
    /// ENABLE (RFC 5161)
    case enable([Capability])
    /// COMPRESS (RFC 4978): the mechanism atom, e.g. `DEFLATE`.
    case compress(mechanism: String)

    // Not authenticated
    case startTLS
    /// AUTHENTICATE with an optional SASL-IR initial response (RFC 4959).
    case authenticate(mechanism: String, initialResponse: SASLInitialResponse?)
    case login(username: ByteString, password: ByteString)

    // Authenticated
    /// SELECT with CONDSTORE / QRESYNC parameters (RFC 7162).
    case select(MailboxName, parameters: [SelectParameter])
    case examine(MailboxName, parameters: [SelectParameter])
    /// CREATE with SPECIAL-USE `USE (...)` (RFC 6154).
    case create(MailboxName, parameters: [CreateParameter])
    case delete(MailboxName)
    case rename(from: MailboxName, to: MailboxName)
    case subscribe(MailboxName)
    case unsubscribe(MailboxName)
    /// LIST, including LIST-EXTENDED (RFC 5258) and LIST-STATUS (RFC 5819).
    case list(ListCommand)
    /// LSUB (RFC 3501 only).
    case lsub(reference: MailboxName, pattern: ByteString)
    /// NAMESPACE (RFC 2342)
    case namespace
    case status(MailboxName, [StatusAttribute])
    /// IDLE (RFC 2177); the client ends it with a `DONE` line.
    case idle
    /// GETQUOTA / GETQUOTAROOT / SETQUOTA (RFC 9208)
    case getQuota(root: ByteString)
    case getQuotaRoot(MailboxName)
    case setQuota(root: ByteString, limits: [QuotaLimit])

    // Selected
    /// CHECK (RFC 3501 only)
    case check
    case close
    /// UNSELECT (RFC 3691)
    case unselect
    case expunge
    /// UID EXPUNGE (RFC 4315)
    case uidExpunge(SequenceSet)
    case search(SearchCommand)
    case fetch(FetchCommand)
    case store(StoreCommand)
    case copy(CopyCommand)
    /// MOVE (RFC 6851)
    case move(CopyCommand)
    /// SORT (RFC 5256)
    case sort(SortCommand)
    /// THREAD (RFC 5256)
    case thread(ThreadCommand)
}

/// One `string SP nstring` pair of ID (RFC 2971).
public struct IDParameter: Hashable, Sendable {
    public var key: ByteString
    public var value: ByteString?

    public init(key: ByteString, value: ByteString?) {
        self.key = key
        self.value = value
    }
}

/// SASL-IR initial response (RFC 4959): base64 text as sent (not decoded), or `=` for an empty response.
public enum SASLInitialResponse: Hashable, Sendable {
    /// `=`: a zero-length initial response.
    case empty
    /// The base64 text, exactly as sent.
    case base64([UInt8])
}

/// A `resource-name SP resource-limit` pair of SETQUOTA (RFC 9208).
public struct QuotaLimit: Hashable, Sendable {
    public var resource: String
    public var limit: UInt64

    public init(resource: String, limit: UInt64) {
        self.resource = resource
        self.limit = limit
    }
}

/// COPY / MOVE (and their UID forms).
public struct CopyCommand: Hashable, Sendable {
    public var isUID: Bool
    public var set: SequenceSet
    public var mailbox: MailboxName

    public init(isUID: Bool = false, set: SequenceSet, mailbox: MailboxName) {
        self.isUID = isUID
        self.set = set
        self.mailbox = mailbox
    }
}
