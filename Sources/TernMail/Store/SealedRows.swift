import NIOCore
import TernCrypto
import TernStorage

/// Seals and opens row values with the user's keys, binding each value to its row key.
struct SealedRows: Sendable {
    let rows: any RowStore
    let keys: UserKeys
    let mailbox: MailboxLogKeys

    /// Seals `plaintext` and stores it; returns once the row is durable.
    func put(partition: String, sort: String, plaintext: ByteBuffer) async throws {
        let blobID = mailbox.blobID(partition: partition, sort: sort)
        let sealed = try SealedBlob.seal(plaintext, with: SealedBlob.sealer(keys: keys, blobID: blobID))
        try await rows.put(partition: partition, sort: sort, value: sealed)
    }

    /// The opened value, or nil when the row does not exist (deleted since it was listed).
    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        guard let sealed = try await rows.get(partition: partition, sort: sort) else { return nil }
        let blobID = mailbox.blobID(partition: partition, sort: sort)
        return try SealedBlob.open(sealed, with: BlobDecryptor(kind: .user, keys: keys, blobID: blobID))
    }
}
