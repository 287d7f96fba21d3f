import NIOCore
import TernStorage

/// COPY (and the copy half of MOVE): every message is re-sealed under a new key of the target
/// (sealed blobs are bound to their key), so every message belongs to exactly one mailbox and
/// DELETE can reclaim it. Blobs and metadata first (durable), then ONE log operation in the
/// target for the whole command (one per `MailboxOperationLimits.maxAppendsPerOperation`
/// messages, see `MailboxWriter.chunks`). MOVE adds one expunge operation in the source.
extension Mailbox {
    /// A message whose blob and metadata object are stored in this mailbox, not yet in its log.
    struct StagedCopy: Sendable {
        let message: NewMessage
        let blobKey: String
        let metadataKey: String
        /// Sealed-object bytes it adds to the user's usage (message and metadata record).
        let bytes: Int
    }

    /// - Parameter moving: a MOVE's copies carry their source's identity (`MoveOrigin`), so two
    ///   frontends moving one message into one mailbox at once leave one message there.
    public func copy(
        _ messages: [MailboxView.Message],
        to target: Mailbox,
        moving: Bool = false
    ) async throws(MailError)
        -> CopyResult
    {
        guard !messages.isEmpty else {
            return CopyResult(
                sourceUIDs: [],
                targetUIDs: [],
                uidValidity: try await target.sync().uidValidity
            )
        }
        try await account.checkQuota(adding: messages.reduce(0) { $0 + Int($1.size) })
        var staged: [StagedCopy] = []
        staged.reserveCapacity(messages.count)
        // Metadata streams in order (one pass over the segments), each record re-used as is.
        var records = metadataRecords(of: messages).makeAsyncIterator()
        do throws(MailError) {
            for message in messages {
                let source = try blobKey(message)
                let metadata: MessageMetadata?
                do {
                    metadata = try await records.next()?.1
                } catch {
                    throw MailError.wrapping(error)
                }
                let origin = moving ? MoveOrigin(mailbox: mailboxID, message: message.moveIdentity) : nil
                staged.append(
                    try await target.stageCopy(of: source, message: message, metadata: metadata, origin: origin))
            }
        } catch {
            await target.discard(staged)
            throw error
        }
        let committed = try await target.commitCopies(staged)
        return CopyResult(
            sourceUIDs: messages.map(\.uid),
            targetUIDs: committed.uids,
            uidValidity: committed.uidValidity
        )
    }

    /// Copies the sealed blob and stores the metadata record under fresh keys of this mailbox.
    func stageCopy(
        of source: String,
        message: MailboxView.Message,
        metadata: MessageMetadata?,
        origin: MoveOrigin?
    )
        async throws(MailError)
        -> StagedCopy
    {
        try await ensureRegistered()
        let id = Self.randomMessageID()
        let key = layout.messageKey(id)
        let metadataKey = layout.metadataKey(id)
        var metadataBytes = 0
        do {
            try await context.sealedBlobs.copy(from: source, to: key)
            if let metadata {
                let record = metadata.encoded()
                metadataBytes = record.readableBytes
                try await context.sealedBlobs.put(metadataKey, bytes: record)
            }
        } catch {
            try? await context.blobs.delete(key)
            try? await context.blobs.delete(metadataKey)
            throw MailError.wrapping(error)
        }
        let new = NewMessage(
            messageID: id,
            blobReference: Array(key.utf8),
            metadataReference: Array(metadataKey.utf8),
            flags: FlagSpelling.canonical(message.flags),
            internalDateMillis: message.internalDateMillis,
            size: message.size,
            moveOrigin: origin
        )
        return StagedCopy(
            message: new,
            blobKey: key,
            metadataKey: metadataKey,
            bytes: Int(message.size) + metadataBytes
        )
    }

    /// Writes the staged messages to the log (one operation per chunk), then confirms the mailbox
    /// still exists. A failure removes the objects no written operation names.
    /// `alongsideSync` stores what the operation still needs (an APPEND's last metadata record) while the log
    /// syncs; the operation is written only once it succeeded.
    func commitCopies(
        _ staged: [StagedCopy], alongsideSync prerequisite: (@Sendable () async throws -> Void)? = nil
    ) async throws(MailError) -> (
        uids: [UInt32], uidValidity: UInt32
    ) {
        let result: (uids: [UInt32], uidValidity: UInt32)
        do {
            result = try await log.append(staged.map(\.message), alongsideSync: prerequisite)
        } catch {
            await discard(staged)
            throw MailError.wrapping(error)
        }
        await account.noteUsage(staged.reduce(0) { $0 + $1.bytes })
        try await finishAppend(count: staged.count)
        return result
    }

    /// Deletes staged objects that no log operation of this store names (written or pending).
    func discard(_ staged: [StagedCopy]) async {
        for copy in staged where await !log.mayReference(copy.message.messageID) {
            try? await context.blobs.delete(copy.blobKey)
            try? await context.blobs.delete(copy.metadataKey)
        }
    }
}
