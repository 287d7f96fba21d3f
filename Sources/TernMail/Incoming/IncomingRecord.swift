import NIOCore
import TernCrypto

/// The commit row of one delivered message (`user/<u>/incoming/<id>`), sealed to the user's
/// public key like the parts: version(1) partCount(4) size(8). Written after every part is
/// durable, so a listed row always names a complete message.
struct IncomingRecord: Hashable, Sendable {
    static let encodingVersion: UInt8 = 1
    let partCount: Int
    let size: Int

    func sealed(to recipient: RecipientPublicKey, partition: String, sort: String) throws -> ByteBuffer {
        var plaintext = ByteBuffer()
        plaintext.writeInteger(Self.encodingVersion)
        plaintext.writeInteger(UInt32(partCount))
        plaintext.writeInteger(UInt64(size))
        let sealer = try SealedBlob.sealer(recipient: recipient, blobID: UserRows.blobID(partition, sort))
        return try SealedBlob.seal(plaintext, with: sealer)
    }

    static func open(_ sealed: ByteBuffer, keys: UserKeys, partition: String, sort: String) throws -> IncomingRecord {
        var plaintext = try SealedBlob.open(
            sealed, with: BlobDecryptor(kind: .recipient, keys: keys, blobID: UserRows.blobID(partition, sort)))
        guard plaintext.readInteger(as: UInt8.self) == encodingVersion,
            let parts = plaintext.readInteger(as: UInt32.self), let size = plaintext.readInteger(as: UInt64.self),
            plaintext.readableBytes == 0, size <= UInt64(Int.max)
        else { throw MailError(.unavailable, "incoming record \(sort) is malformed") }
        return IncomingRecord(partCount: Int(parts), size: Int(size))
    }

    /// Queue ids sort by delivery time: `<millis hex16><random hex16>`.
    static func newID(nowMillis: UInt64) -> String {
        MailboxLogKeys.hex16(nowMillis) + MailboxLogKeys.hex16(UInt64.random(in: 0...UInt64.max))
    }

    static func deliveryMillis(of id: String) -> Int64 {
        Int64(clamping: MailboxLogKeys.parseHex16(ArraySlice(Array(id.utf8).prefix(16))) ?? 0)
    }
}
