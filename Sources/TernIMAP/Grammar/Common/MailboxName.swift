/// A mailbox name exactly as sent on the wire (RFC 9051 §5.1).
///
/// Without UTF8=ACCEPT the bytes are modified UTF-7 (``ModifiedUTF7``); with it (or IMAP4rev2) they are
/// UTF-8. `INBOX` is case-insensitive: any casing compares equal to ``inbox``; every other name compares
/// byte for byte. `form` (atom / quoted / literal) is kept for exact re-encoding and ignored by `==`.
public struct MailboxName: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]
    public var form: StringForm?

    public static let inbox = MailboxName(Array("INBOX".utf8))

    public init(_ bytes: [UInt8], form: StringForm? = nil) {
        self.bytes = bytes
        self.form = form
    }

    /// A name from a display string, encoded as modified UTF-7.
    public init(encoding displayName: String) {
        self.bytes = ModifiedUTF7.encode(displayName)
        self.form = nil
    }

    /// A name from a display string, sent as UTF-8 (UTF8=ACCEPT / IMAP4rev2).
    public init(utf8 displayName: String) {
        self.bytes = Array(displayName.utf8)
        self.form = nil
    }

    public var isInbox: Bool {
        bytes.count == 5 && zip(bytes, "INBOX".utf8).allSatisfy { ($0 & 0xDF) == $1 }
    }

    /// The name decoded from modified UTF-7; throws for bytes that are not valid modified UTF-7.
    public func decodedModifiedUTF7() throws(ModifiedUTF7.DecodingError) -> String {
        try ModifiedUTF7.decode(bytes)
    }

    /// The name as Unicode: UTF-8 when `utf8Accepted` (returns nil for invalid UTF-8), else modified UTF-7.
    public func displayName(utf8Accepted: Bool) -> String? {
        if utf8Accepted {
            return String(validating: bytes, as: UTF8.self)
        }
        return try? ModifiedUTF7.decode(bytes)
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public static func == (lhs: MailboxName, rhs: MailboxName) -> Bool {
        if lhs.isInbox || rhs.isInbox { return lhs.isInbox && rhs.isInbox }
        return lhs.bytes == rhs.bytes
    }

    public func hash(into hasher: inout Hasher) {
        if isInbox {
            hasher.combine(0 as UInt8)
        } else {
            hasher.combine(bytes)
        }
    }
}
