import TernIMAP

/// Converts mailbox names between the wire (modified UTF-7, or UTF-8 once UTF8=ACCEPT is enabled)
/// and the Unicode names the mail service stores. Pure.
public enum MailboxNameCodec {
    public struct InvalidName: Error, Hashable, Sendable {
        public let message: String
    }

    /// The stored name for a wire name: `INBOX` in any case is `INBOX`; empty names, NUL and CR/LF
    /// are refused.
    public static func decode(_ name: MailboxName, utf8Accepted: Bool) throws(InvalidName) -> String {
        if name.isInbox { return "INBOX" }
        let decoded: String?
        if utf8Accepted {
            decoded = String(validating: name.bytes, as: UTF8.self)
        } else {
            decoded = try? ModifiedUTF7.decode(name.bytes)
        }
        guard let decoded else {
            throw InvalidName(
                message: utf8Accepted ? "mailbox name is not valid UTF-8" : "mailbox name is not valid modified UTF-7")
        }
        guard !decoded.isEmpty else { throw InvalidName(message: "empty mailbox name") }
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw InvalidName(message: "mailbox name contains control characters")
        }
        return MailboxPattern.canonicalInbox(decoded)
    }

    /// A LIST pattern or reference as text (patterns may be empty and contain `*` and `%`). Never
    /// fails: any byte a client may send in a `list-mailbox` is accepted (RFC 3501 §6.3.8) and what
    /// does not decode stands for itself, so such a pattern matches only names it spells.
    public static func decodePattern(_ bytes: [UInt8], utf8Accepted: Bool) -> String {
        if utf8Accepted { return String(decoding: bytes, as: UTF8.self) }
        return ModifiedUTF7.decodeLeniently(bytes)
    }

    public static func encode(_ name: String, utf8Accepted: Bool) -> MailboxName {
        utf8Accepted ? MailboxName(utf8: name) : MailboxName(encoding: name)
    }
}
