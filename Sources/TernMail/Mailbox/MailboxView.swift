import NIOCore

/// What a frontend exposes to IMAP sessions: the client-visible part of a `MailboxState`.
public struct MailboxView: Hashable, Sendable {
    public struct Message: Hashable, Sendable {
        public let uid: UInt32
        public let messageID: MessageID
        public let flags: [String]
        public let modSeq: UInt64
        public let internalDateMillis: Int64
        public let size: UInt64
        public let blobReference: [UInt8]
        public let metadataReference: [UInt8]
    }

    public let uidValidity: UInt32
    public let uidNext: UInt32
    public let highestModSeq: UInt64
    public let uidValidityChanges: UInt32
    public let appendCount: UInt64
    /// Live messages in ascending UID order (message sequence numbers are positions here).
    public let messages: [Message]
    /// Expunged UIDs with the MODSEQ of their expunge, ascending by UID (QRESYNC VANISHED).
    public let vanished: [(uid: UInt32, modSeq: UInt64)]

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.encoded() == rhs.encoded() }
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// Deterministic bytes: equal views encode identically (used to check invariant 5).
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(uidValidity)
        buffer.writeInteger(uidNext)
        buffer.writeInteger(highestModSeq)
        buffer.writeInteger(uidValidityChanges)
        buffer.writeInteger(appendCount)
        buffer.writeInteger(UInt32(messages.count))
        for message in messages {
            buffer.writeInteger(message.uid)
            buffer.writeInteger(message.messageID.high)
            buffer.writeInteger(message.messageID.low)
            buffer.writeInteger(UInt16(message.flags.count))
            for flag in message.flags {
                buffer.writeInteger(UInt8(truncatingIfNeeded: flag.utf8.count))
                buffer.writeString(flag)
            }
            buffer.writeInteger(message.modSeq)
            buffer.writeInteger(message.internalDateMillis)
            buffer.writeInteger(message.size)
            buffer.writeInteger(UInt16(truncatingIfNeeded: message.blobReference.count))
            buffer.writeBytes(message.blobReference)
            buffer.writeInteger(UInt16(truncatingIfNeeded: message.metadataReference.count))
            buffer.writeBytes(message.metadataReference)
        }
        buffer.writeInteger(UInt32(vanished.count))
        for entry in vanished {
            buffer.writeInteger(entry.uid)
            buffer.writeInteger(entry.modSeq)
        }
        return buffer
    }
}

extension MailboxState {
    public var view: MailboxView {
        var live: [MailboxView.Message] = []
        var gone: [(uid: UInt32, modSeq: UInt64)] = []
        for entry in messages.values {
            if entry.expungeOperations.isEmpty {
                live.append(
                    MailboxView.Message(
                        uid: entry.append.uid, messageID: entry.append.messageID, flags: entry.flags,
                        modSeq: entry.modSeq, internalDateMillis: entry.append.internalDateMillis,
                        size: entry.append.size, blobReference: entry.append.blobReference,
                        metadataReference: entry.append.metadataReference
                    )
                )
            } else {
                gone.append((entry.append.uid, entry.modSeq))
            }
        }
        live.sort { ($0.uid, $0.messageID) < ($1.uid, $1.messageID) }
        gone.sort { $0.uid < $1.uid }
        return MailboxView(
            uidValidity: uidValidity, uidNext: uidNext, highestModSeq: highestModSeq,
            uidValidityChanges: uidValidityChanges, appendCount: appendCount, messages: live, vanished: gone
        )
    }
}
