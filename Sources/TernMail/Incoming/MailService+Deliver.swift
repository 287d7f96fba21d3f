import NIOCore
import TernCrypto
import TernStorage

extension MailService {
    /// Stores a message for `login` in the incoming queue, sealed to the user's public key (no
    /// password needed). Durable when it returns. The message is cut into parts of
    /// `incomingPartBytes`, so memory holds one part, never the whole message.
    public func deliver<Message: AsyncSequence & Sendable>(
        to login: String, message: Message
    ) async throws(MailError) -> DeliveryReceipt where Message.Element == ByteBuffer {
        let layout = try layout(for: login)
        let id = IncomingRecord.newID(nowMillis: physicalMillis())
        var written = 0
        do {
            guard let wrapped = try await wrappedKeys(layout) else { throw MailError(.noSuchUser, "no user \(login)") }
            let recipient = wrapped.publicKey
            let used = try await storedBytes(layout)
            if let quota = configuration.quotaBytes, used >= quota {
                throw MailError(.overQuota, "\(login) uses \(used) of \(quota) bytes")
            }
            var part = ByteBuffer()
            var size = 0
            for try await var chunk in message {
                size += chunk.readableBytes
                guard size <= configuration.maxMessageBytes else {
                    throw MailError(.tooLarge, "message exceeds \(configuration.maxMessageBytes) bytes")
                }
                while chunk.readableBytes > 0 {
                    let take = min(configuration.incomingPartBytes - part.readableBytes, chunk.readableBytes)
                    if let slice = chunk.readSlice(length: take) { part.writeImmutableBuffer(slice) }
                    if part.readableBytes == configuration.incomingPartBytes {
                        try await storePart(part, index: written, id: id, layout: layout, recipient: recipient)
                        written += 1
                        part.clear()
                    }
                }
            }
            if part.readableBytes > 0 || written == 0 {
                try await storePart(part, index: written, id: id, layout: layout, recipient: recipient)
                written += 1
            }
            if let quota = configuration.quotaBytes, used + UInt64(size) > quota {
                throw MailError(.overQuota, "\(login) uses \(used) of \(quota) bytes; \(size) more do not fit")
            }
            let record = IncomingRecord(partCount: written, size: size)
            try await rows.put(
                partition: layout.incomingPartition, sort: id,
                value: try record.sealed(to: recipient, partition: layout.incomingPartition, sort: id))
            return DeliveryReceipt(incomingID: id, size: size)
        } catch {
            for index in 0..<written { try? await blobs.delete(layout.incomingPartKey(id, part: index)) }
            throw MailError.wrapping(error)
        }
    }

    private func storePart(
        _ part: ByteBuffer, index: Int, id: String, layout: StorageLayout, recipient: RecipientPublicKey
    ) async throws {
        let key = layout.incomingPartKey(id, part: index)
        let sealer = try SealedBlob.sealer(recipient: recipient, blobID: Array(key.utf8))
        try await blobs.put(key, bytes: try SealedBlob.seal(part, with: sealer))
    }

    /// Whether `login` already uses its whole quota (LMTP refuses at RCPT then, 452 4.2.2), counted
    /// from the sealed objects' sizes: no password needed. False when no quota is configured.
    public func isOverQuota(login: String) async throws(MailError) -> Bool {
        guard let quota = configuration.quotaBytes else { return false }
        let layout = try layout(for: login)
        return try await mailErrors { try await storedBytes(layout) } >= quota
    }

    /// Sealed bytes under the user's prefixes (messages, metadata, queue); needs no keys.
    func storedBytes(_ layout: StorageLayout) async throws -> UInt64 {
        guard configuration.quotaBytes != nil else { return 0 }
        var total: UInt64 = 0
        for blob in try await blobs.all(prefix: layout.mailboxBlobPrefix) { total += UInt64(blob.size) }
        for blob in try await blobs.all(prefix: layout.incomingPrefix) { total += UInt64(blob.size) }
        return total
    }
}
