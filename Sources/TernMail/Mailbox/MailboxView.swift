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
        /// Set when the message is a MOVE's copy.
        public var moveOrigin: MoveOrigin? = nil
        /// Set when the message is a reissue (`AppendPayload.reissueOf`).
        public var reissueOf: MessageID? = nil

        /// What a MOVE of this message writes as its copies' origin message: the same for every
        /// incarnation of one message (every copy of one moved message, every import of one
        /// incoming object, a message and its reissues), so two frontends showing different
        /// incarnations still write one origin; new for each MOVE (`MoveOrigin.movedIdentity`).
        public var moveIdentity: MessageID {
            if let moveOrigin { return moveOrigin.movedIdentity }
            if MailboxState.isImportReference(blobReference) { return MoveOrigin.importIdentity(blobReference) }
            return reissueOf ?? messageID
        }
    }

    public let uidValidity: UInt32
    public let uidNext: UInt32
    public let highestModSeq: UInt64
    /// Incarnations hidden as late (`MailboxState.lateIncarnations`).
    public let lateIncarnations: UInt32
    public let appendCount: UInt64
    /// Live messages in ascending UID order (message sequence numbers are positions here).
    public let messages: [Message]
    /// Expunged and hidden UIDs with the MODSEQ of their removal, ascending by UID (QRESYNC VANISHED).
    public let vanished: [(uid: UInt32, modSeq: UInt64)]

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.encoded() == rhs.encoded() }
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// Deterministic bytes: equal views encode identically (used to check invariant 5).
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(uidValidity)
        buffer.writeInteger(uidNext)
        buffer.writeInteger(highestModSeq)
        buffer.writeInteger(lateIncarnations)
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
    /// Blob references containing `/msg/` + this marker name an imported incoming object; two
    /// appends with the same such reference (two frontends importing it at once) are one message.
    public static let importMarker = "in-"
    private static let importPrefix = Array(importMarker.utf8)
    private static let messageFolder = Array("/msg".utf8)

    /// Whether the reference's last path segment starts with the marker inside a `msg` folder.
    static func isImportReference(_ reference: [UInt8]) -> Bool {
        guard let slash = reference.lastIndex(of: UInt8(ascii: "/")), slash >= messageFolder.count,
            reference.count - slash - 1 >= importPrefix.count
        else { return false }
        for (offset, byte) in importPrefix.enumerated() where reference[slash + 1 + offset] != byte { return false }
        for (offset, byte) in messageFolder.enumerated() where reference[slash - messageFolder.count + offset] != byte {
            return false
        }
        return true
    }

    /// Import references of every append in this view: shown, expunged or hidden. An importer
    /// skips these (re-importing an expunged message would be hidden behind it anyway).
    public func importReferences() -> Set<[UInt8]> {
        Set(messages.values.map(\.append.blobReference).filter(Self.isImportReference))
    }

    /// Every incarnation is shown (the highest of its group, not late, group not expunged) or
    /// reported vanished (`MailboxState+Groups.swift`).
    public var view: MailboxView {
        var live: [MailboxView.Message] = []
        var gone: [(uid: UInt32, modSeq: UInt64)] = []
        let groups = multiIncarnationGroups()
        for entry in messages.values {
            let group =
                groups[Self.groupKey(of: entry.append)]
                ?? MessageGroup(
                    highest: entry.append.messageID, flags: entry.flags, expunged: !entry.expungeOperations.isEmpty,
                    modSeq: entry.modSeq)
            if group.highest == entry.append.messageID && !group.expunged && !entry.isLate {
                live.append(
                    MailboxView.Message(
                        uid: entry.append.uid, messageID: entry.append.messageID, flags: group.flags,
                        modSeq: group.modSeq, internalDateMillis: entry.append.internalDateMillis,
                        size: entry.append.size, blobReference: entry.append.blobReference,
                        metadataReference: entry.append.metadataReference, moveOrigin: entry.append.moveOrigin,
                        reissueOf: entry.append.reissueOf
                    )
                )
            } else {
                gone.append((entry.append.uid, vanishedModSeq(entry, groupModSeq: group.modSeq)))
            }
        }
        live.sort { ($0.uid, $0.messageID) < ($1.uid, $1.messageID) }
        gone.sort { $0.uid < $1.uid }
        return MailboxView(
            uidValidity: uidValidity, uidNext: uidNext, highestModSeq: highestModSeq,
            lateIncarnations: lateIncarnations, appendCount: appendCount, messages: live, vanished: gone
        )
    }
}
