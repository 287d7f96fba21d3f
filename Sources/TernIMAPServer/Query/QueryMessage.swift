import TernMail

/// One message of the selected mailbox as a query sees it: the mailbox view's message plus what only
/// the session knows (its sequence number now, and whether it is \Recent in this session).
public struct QueryMessage: Sendable, Hashable {
    public let sequenceNumber: UInt32
    public let message: MailboxView.Message
    public let isRecent: Bool

    public init(sequenceNumber: UInt32, message: MailboxView.Message, isRecent: Bool) {
        self.sequenceNumber = sequenceNumber
        self.message = message
        self.isRecent = isRecent
    }

    public var uid: UInt32 { message.uid }

    /// Whether the message carries `flag` (system flags compare case-insensitively, as IMAP requires;
    /// keywords too, as Dovecot does).
    func hasFlag(_ flag: String) -> Bool {
        message.flags.contains { $0.equalsIgnoringASCIICase(flag) }
    }
}

extension String {
    /// ASCII case-insensitive equality (flag names and keywords are ASCII atoms).
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { ASCIIFold.lower($0) == ASCIIFold.lower($1) }
    }
}

enum ASCIIFold {
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    @inline(__always)
    static func upper(_ byte: UInt8) -> UInt8 { byte >= 0x61 && byte <= 0x7A ? byte & ~0x20 : byte }
}
