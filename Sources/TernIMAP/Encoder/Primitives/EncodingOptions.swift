/// What the peer has enabled that changes how values are written on the wire.
///
/// The same values are encoded differently depending on the session: UTF-8 may appear in quoted strings and
/// mailbox names only after `ENABLE UTF8=ACCEPT` (RFC 6855) or `ENABLE IMAP4rev2` (RFC 9051); otherwise 8-bit
/// strings become literals and mailbox names use modified UTF-7.
public struct EncodingOptions: Sendable, Hashable {
    /// How a literal is announced.
    public enum LiteralAnnouncement: Sendable, Hashable {
        /// `{N}`: the sender waits for a `+` continuation (commands) — the only form a server writes.
        case synchronizing
        /// `{N+}` for every literal (LITERAL+, RFC 7888).
        case nonSynchronizing
        /// `{N+}` up to 4096 bytes, `{N}` above (LITERAL-, RFC 7888).
        case nonSynchronizingUpTo4096
    }

    /// The client enabled UTF8=ACCEPT (RFC 6855).
    public var utf8Accept: Bool
    /// The client enabled IMAP4rev2 (RFC 9051): UTF-8 in quoted strings and mailbox names.
    public var imap4rev2: Bool
    /// The client enabled CONDSTORE (RFC 7162), explicitly or through a CONDSTORE-enabling command.
    public var condstore: Bool
    /// The client enabled QRESYNC (RFC 7162).
    public var qresync: Bool
    public var literalAnnouncement: LiteralAnnouncement
    /// Strings longer than this are written as literals even when a quoted string could carry them, so that
    /// lines stay within what receivers accept.
    public var maxQuotedLength: Int

    public init(
        utf8Accept: Bool = false,
        imap4rev2: Bool = false,
        condstore: Bool = false,
        qresync: Bool = false,
        literalAnnouncement: LiteralAnnouncement = .synchronizing,
        maxQuotedLength: Int = 1024
    ) {
        self.utf8Accept = utf8Accept
        self.imap4rev2 = imap4rev2
        self.condstore = condstore
        self.qresync = qresync
        self.literalAnnouncement = literalAnnouncement
        self.maxQuotedLength = maxQuotedLength
    }

    /// Quoted strings may carry UTF-8 (RFC 6855 `uQUOTED-CHAR`, RFC 9051 `QUOTED-CHAR`).
    public var allowsUTF8: Bool { utf8Accept || imap4rev2 }

    /// Defaults for a server talking to a client that enabled nothing.
    public static let rfc3501 = EncodingOptions()
}
