/// What APPEND reports: the message's UID, the UIDVALIDITY it holds in (APPENDUID), and the view
/// right after the append.
public struct AppendResult: Sendable {
    public let uid: UInt32
    public let uidValidity: UInt32
    public let view: MailboxView

    public init(uid: UInt32, uidValidity: UInt32, view: MailboxView) {
        self.uid = uid
        self.uidValidity = uidValidity
        self.view = view
    }
}

/// What COPY reports (COPYUID): the new UIDs in the order of the source messages, and the
/// target's UIDVALIDITY after the last of them.
public struct CopyResult: Sendable, Hashable {
    public let sourceUIDs: [UInt32]
    public let targetUIDs: [UInt32]
    public let uidValidity: UInt32

    public init(sourceUIDs: [UInt32], targetUIDs: [UInt32], uidValidity: UInt32) {
        self.sourceUIDs = sourceUIDs
        self.targetUIDs = targetUIDs
        self.uidValidity = uidValidity
    }
}

/// A delivered message, durable in the user's incoming queue.
public struct DeliveryReceipt: Sendable, Hashable {
    /// The queue entry (opaque; appears in logs).
    public let incomingID: String
    /// Plaintext bytes stored.
    public let size: Int
    /// Sealed bytes the copy occupies in the blob store (what quota counts).
    public let sealedBytes: Int

    public init(incomingID: String, size: Int, sealedBytes: Int = 0) {
        self.incomingID = incomingID
        self.size = size
        self.sealedBytes = sealedBytes
    }
}
