import NIOCore

/// APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502, BINARY literal8 RFC 3516, UTF8 RFC 6855), streamed:
/// `start`, then per message `beginMessage`, `messageBytes`... , `endMessage`, and finally `finish`.
/// Message data is never buffered whole.
public enum AppendCommandPart: Hashable, Sendable {
    case start(tag: Tag, mailbox: MailboxName)
    case beginMessage(AppendMessage)
    /// The next chunk of the current message (chunking depends on how bytes arrived).
    case messageBytes(ByteBuffer)
    case endMessage
    /// The command line ended: the APPEND is complete.
    case finish
}

/// One message of an APPEND: its options and how its data is announced.
public struct AppendMessage: Hashable, Sendable {
    /// `(flags)`; nil when absent, empty for `()`.
    public var flags: [Flag]?
    public var internalDate: InternalDate?
    public var data: AppendData

    public init(flags: [Flag]? = nil, internalDate: InternalDate? = nil, data: AppendData) {
        self.flags = flags
        self.internalDate = internalDate
        self.data = data
    }
}

/// The literal carrying a message: `{N}`, `{N+}`, `~{N}` (BINARY) or `UTF8 (~{N})` (RFC 6855).
public struct AppendData: Hashable, Sendable {
    public var byteCount: UInt64
    public var isNonSynchronizing: Bool
    /// literal8 `~{N}` (may contain NUL; requires BINARY).
    public var isBinary: Bool
    /// `UTF8 (~{N})`: the message is UTF-8 (implies literal8).
    public var isUTF8: Bool

    public init(byteCount: UInt64, isNonSynchronizing: Bool = false, isBinary: Bool = false, isUTF8: Bool = false) {
        self.byteCount = byteCount
        self.isNonSynchronizing = isNonSynchronizing
        self.isBinary = isBinary || isUTF8
        self.isUTF8 = isUTF8
    }
}
