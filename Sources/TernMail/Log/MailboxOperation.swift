/// A random 128-bit message identity, independent of any UID (UIDs are per mailbox view).
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Draws an id from the caller's generator (randomness is passed in).
    public static func random(using generator: inout some RandomNumberGenerator) -> MessageID {
        MessageID(high: generator.next(), low: generator.next())
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    public var description: String { String(high, radix: 16) + ":" + String(low, radix: 16) }
}

/// How a flags operation combines its flags with a message's current ones (STORE +FLAGS,
/// -FLAGS, FLAGS).
public enum FlagMode: UInt8, Hashable, Sendable {
    case add = 1
    case remove = 2
    case replace = 3

    func apply(_ flags: [String], to current: [String]) -> [String] {
        switch self {
        case .add: return Array(Set(current).union(flags)).sorted()
        case .remove: return Array(Set(current).subtracting(flags)).sorted()
        case .replace: return Array(Set(flags)).sorted()
        }
    }
}

/// A new message as one writer saw it when it acknowledged the APPEND (or import).
public struct AppendPayload: Hashable, Sendable {
    public var messageID: MessageID
    /// Opaque references, resolved by the storage layer (sealed blob key, metadata segment).
    public var blobReference: [UInt8]
    public var metadataReference: [UInt8]
    public var flags: [String]
    /// INTERNALDATE, milliseconds since the Unix epoch.
    public var internalDateMillis: Int64
    public var size: UInt64
    /// The UID the writer announced to its client; it stays the message's UID forever.
    public var uid: UInt32
    /// Set on a MOVE's copy: copies with the same origin in one mailbox are one message.
    public var moveOrigin: MoveOrigin?
    /// Set on a reissue (a late message announced again under a new UID): the message id of the
    /// first incarnation of the group it re-announces (`MailboxState+Groups.swift`).
    public var reissueOf: MessageID?

    public init(
        messageID: MessageID,
        blobReference: [UInt8],
        metadataReference: [UInt8],
        flags: [String],
        internalDateMillis: Int64,
        size: UInt64,
        uid: UInt32,
        moveOrigin: MoveOrigin? = nil,
        reissueOf: MessageID? = nil
    ) {
        self.messageID = messageID
        self.blobReference = blobReference
        self.metadataReference = metadataReference
        self.flags = Array(Set(flags)).sorted()
        self.internalDateMillis = internalDateMillis
        self.size = size
        self.uid = uid
        self.moveOrigin = moveOrigin
        self.reissueOf = reissueOf
    }
}

public enum OperationPayload: Hashable, Sendable {
    case append(AppendPayload)
    /// Several new messages in one operation (one COPY or MOVE): UIDs strictly ascending, all in
    /// the writer's slot and above its view; every message gets the operation's MODSEQ.
    case appendBatch([AppendPayload])
    /// One STORE, over any number of messages.
    case flags(mode: FlagMode, flags: [String], messages: [MessageID])
    case expunge(messages: [MessageID])

    /// Messages whose state this operation touches (and whose MODSEQ it therefore raises).
    public var affectedMessages: [MessageID] {
        switch self {
        case .append(let append): return [append.messageID]
        case .appendBatch(let appends): return appends.map(\.messageID)
        case .flags(_, _, let messages): return messages
        case .expunge(let messages): return messages
        }
    }

    /// The messages this operation adds, in ascending UID order (empty for stores and expunges).
    public var appends: [AppendPayload] {
        switch self {
        case .append(let append): return [append]
        case .appendBatch(let appends): return appends
        case .flags, .expunge: return []
        }
    }

    /// The highest UID this operation announces (its last append), nil when it adds nothing.
    var highestUID: UInt32? {
        switch self {
        case .append(let append): return append.uid
        case .appendBatch(let appends): return appends.last?.uid
        case .flags, .expunge: return nil
        }
    }
}

/// A message a writer is about to append: everything but the UID, which the writer announces
/// from its view when it builds the operation.
public struct NewMessage: Hashable, Sendable {
    public var messageID: MessageID
    public var blobReference: [UInt8]
    public var metadataReference: [UInt8]
    public var flags: [String]
    public var internalDateMillis: Int64
    public var size: UInt64
    /// Set when the message is a MOVE's copy (see `AppendPayload.moveOrigin`).
    public var moveOrigin: MoveOrigin?
    /// Set when the message is a reissue (see `AppendPayload.reissueOf`).
    public var reissueOf: MessageID?

    public init(
        messageID: MessageID, blobReference: [UInt8], metadataReference: [UInt8], flags: [String],
        internalDateMillis: Int64, size: UInt64, moveOrigin: MoveOrigin? = nil, reissueOf: MessageID? = nil
    ) {
        self.messageID = messageID
        self.blobReference = blobReference
        self.metadataReference = metadataReference
        self.flags = flags
        self.internalDateMillis = internalDateMillis
        self.size = size
        self.moveOrigin = moveOrigin
        self.reissueOf = reissueOf
    }

    func payload(uid: UInt32) -> AppendPayload {
        AppendPayload(
            messageID: messageID, blobReference: blobReference, metadataReference: metadataReference, flags: flags,
            internalDateMillis: internalDateMillis, size: size, uid: uid, moveOrigin: moveOrigin,
            reissueOf: reissueOf)
    }
}

/// One entry of a mailbox's event log. `sequence` numbers a writer's operations 1, 2, ...;
/// `dependencies` is the writer's view when it wrote (its own previous operations included),
/// so a frontend applies the operation only once everything it depends on is present.
public struct MailboxOperation: Hashable, Sendable {
    public var clock: HybridLogicalClock
    public var writer: Writer
    public var sequence: UInt64
    public var dependencies: VersionVector
    public var payload: OperationPayload

    public init(
        clock: HybridLogicalClock,
        writer: Writer,
        sequence: UInt64,
        dependencies: VersionVector,
        payload: OperationPayload
    ) {
        self.clock = clock
        self.writer = writer
        self.sequence = sequence
        self.dependencies = dependencies
        self.payload = payload
    }

    public var id: OperationID { OperationID(clock: clock, writerID: writer.id) }
}
