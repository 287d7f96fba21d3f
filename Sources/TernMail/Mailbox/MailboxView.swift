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

        /// What a MOVE of this message writes as its copies' origin message: the same for every
        /// copy of one moved message, new for each MOVE (`MoveOrigin.movedIdentity`).
        public var moveIdentity: MessageID { moveOrigin?.movedIdentity ?? messageID }
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

    /// For every import reference appended more than once, the append first in canonical order:
    /// the one the view shows, on every frontend alike (a function of the operation set). The
    /// others are reported vanished with MODSEQ at least the winner's append MODSEQ: a client
    /// that saw a hidden one saw a view without the winner, and every operation of that view is
    /// not causally after the winner, so the winner's rank, hence its MODSEQ, is above that
    /// view's HIGHESTMODSEQ (uid-conflicts.md).
    func importWinners() -> [[UInt8]: (id: OperationID, ref: OperationRef)] {
        var winners: [[UInt8]: (id: OperationID, ref: OperationRef)] = [:]
        for entry in messages.values where Self.isImportReference(entry.append.blobReference) {
            guard let id = operation(entry.appendRef)?.id else { continue }
            if let current = winners[entry.append.blobReference], current.id < id { continue }
            winners[entry.append.blobReference] = (id, entry.appendRef)
        }
        return winners
    }

    public var view: MailboxView {
        var live: [MailboxView.Message] = []
        var gone: [(uid: UInt32, modSeq: UInt64)] = []
        let winners = importWinners()
        let moveGroups = moveCopyGroups()
        for entry in messages.values {
            var hidden = false
            var vanishedModSeq = entry.modSeq
            if let winner = winners[entry.append.blobReference], winner.ref != entry.appendRef {
                hidden = true
                vanishedModSeq = max(vanishedModSeq, modSeq(of: winner.ref))
            }
            var (flags, shownModSeq, expunged) = (entry.flags, entry.modSeq, !entry.expungeOperations.isEmpty)
            if let origin = entry.append.moveOrigin, let group = moveGroups[origin] {
                if group.shown == entry.append.messageID {
                    (flags, shownModSeq, expunged) = (group.flags, group.modSeq, group.expunged)
                } else {
                    hidden = true
                }
                vanishedModSeq = max(vanishedModSeq, group.modSeq)
            }
            if !expunged && !hidden {
                live.append(
                    MailboxView.Message(
                        uid: entry.append.uid, messageID: entry.append.messageID, flags: flags,
                        modSeq: shownModSeq, internalDateMillis: entry.append.internalDateMillis,
                        size: entry.append.size, blobReference: entry.append.blobReference,
                        metadataReference: entry.append.metadataReference, moveOrigin: entry.append.moveOrigin
                    )
                )
            } else {
                gone.append((entry.append.uid, vanishedModSeq))
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
