import NIOCore

/// A checkpoint: an encoded mailbox state plus the position (version vector) it covers.
/// Restoring it and applying the operations after that position equals a full replay.
///
/// The state is carried as its applied operations in canonical order; restoring replays them.
/// Folding causally stable operations into a compact snapshot belongs with log compaction and
/// its grace period, which come with the storage wiring.
public struct MailboxCheckpoint: Sendable {
    public static let encodingVersion: UInt8 = 1
    public static let maxOperations = 10_000_000

    public let uidValidityBase: UInt32
    public let position: VersionVector
    public let operations: [MailboxOperation]

    public init(_ state: MailboxState) {
        uidValidityBase = state.uidValidityBase
        position = state.position
        operations = state.writers.values.flatMap(\.operations).sorted { $0.id < $1.id }
    }

    public func encoded() throws(MailboxLogError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.encodingVersion)
        buffer.writeInteger(uidValidityBase)
        buffer.writeInteger(UInt32(operations.count))
        for op in operations {
            let bytes = try op.encoded()
            buffer.writeInteger(UInt32(bytes.readableBytes))
            buffer.writeImmutableBuffer(bytes)
        }
        return buffer
    }

    public static func decode(_ bytes: ByteBuffer) throws(MailboxLogError) -> MailboxState {
        var buffer = bytes
        guard let version = buffer.readInteger(as: UInt8.self), let base = buffer.readInteger(as: UInt32.self),
            let count = buffer.readInteger(as: UInt32.self)
        else { throw MailboxLogError(.truncated, "checkpoint header ends early") }
        guard version == encodingVersion else {
            throw MailboxLogError(.unsupportedVersion, "checkpoint encoding version \(version)")
        }
        guard count <= maxOperations else {
            throw MailboxLogError(.limitExceeded, "\(count) operations in a checkpoint, limit \(maxOperations)")
        }
        var state = MailboxState(uidValidityBase: base)
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: UInt32.self), let slice = buffer.readSlice(length: Int(length))
            else { throw MailboxLogError(.truncated, "checkpoint operation ends early") }
            let op = try MailboxOperation.decode(slice)
            guard try state.apply(op) == .applied else {
                throw MailboxLogError(.malformed, "checkpoint operation \(op.id) out of causal order")
            }
        }
        guard buffer.readableBytes == 0 else { throw MailboxLogError(.malformed, "trailing bytes after checkpoint") }
        return state
    }
}
