/// Everything that follows `* ` on an untagged line.
public enum UntaggedResponse: Hashable, Sendable {
    /// `* OK|NO|BAD [code] text`.
    case status(StatusKind, ResponseText)
    case preauth(ResponseText)
    case bye(ResponseText)
    case capability([Capability])
    /// `* ENABLED ...` (RFC 5161).
    case enabled([Capability])
    case flags([Flag])
    case list(MailboxListItem)
    case lsub(MailboxListItem)
    case mailboxStatus(MailboxName, [StatusValue])
    /// `* SEARCH n...` with the CONDSTORE `(MODSEQ n)` suffix (RFC 7162).
    case search([UInt32], modSeq: ModSeq?)
    case esearch(ESearchResponse)
    /// `* SORT n...` (RFC 5256), with the CONDSTORE `(MODSEQ n)` suffix.
    case sort([UInt32], modSeq: ModSeq?)
    /// `* THREAD ...` (RFC 5256).
    case thread([ThreadList])
    case exists(UInt32)
    case recent(UInt32)
    case expunge(SequenceNumber)
    /// `* VANISHED [(EARLIER)] uids` (RFC 7162 QRESYNC).
    case vanished(earlier: Bool, UIDSet)
    case fetch(SequenceNumber, [MessageAttribute])
    /// `* ID (...)` or `* ID NIL` (RFC 2971).
    case id([IDParameter]?)
    case namespace(NamespaceResponse)
    /// `* QUOTA root (resource usage limit ...)` (RFC 9208).
    case quota(root: ByteString, [QuotaResource])
    /// `* QUOTAROOT mailbox root...` (RFC 9208).
    case quotaRoot(MailboxName, roots: [ByteString])
    /// Responses of unknown or experimental (`X...`) commands: the name and the rest of the line, verbatim.
    case other(name: String, text: String)
}
