import NIOCore
import TernStorage

/// The two halves of importing a batch of queued messages into INBOX, as COPY does it: every
/// message's blob and metadata object first (each durable), then ONE log operation for the batch.
extension Mailbox {
    /// A queued message whose blob and metadata object are stored, not yet in the log.
    struct StagedImport: Sendable {
        let message: NewMessage
        /// Sealed-object bytes it adds to the user's usage (message and metadata record).
        let bytes: Int
    }

    /// Stores one queued message under keys derived from its queue id: the blob `.ifAbsent` (a
    /// frontend racing on the same entry stores the same bytes; then those are scanned for the
    /// metadata), then its metadata record. Nothing is deleted on failure: the keys are shared
    /// with any frontend importing the same entry, and an importer that comes later reuses them.
    func stageImport(_ body: BlobByteStream, size: Int, incomingID: String) async throws(MailError) -> StagedImport {
        try await ensureRegistered()
        let blobKey = layout.importedMessageKey(incomingID)
        let metadataKey = layout.importedMetadataKey(incomingID)
        let tap = IngestTap()
        try await mailErrors {
            do {
                try await context.sealedBlobs.put(
                    blobKey, body: TappedSequence(base: body, tap: tap), length: size, condition: .ifAbsent)
            } catch let error as StorageError where error.code == .alreadyExists {
                tap.reset()
                for try await chunk in try await context.sealedBlobs.get(blobKey).body { tap.observe(chunk) }
            }
        }
        let record = tap.finish().encoded()
        let metadataBytes = record.readableBytes
        try await mailErrors { try await context.sealedBlobs.put(metadataKey, bytes: record) }
        let message = NewMessage(
            messageID: Self.randomMessageID(), blobReference: Array(blobKey.utf8),
            metadataReference: Array(metadataKey.utf8), flags: [],
            internalDateMillis: IncomingRecord.deliveryMillis(of: incomingID), size: UInt64(size))
        return StagedImport(message: message, bytes: size + metadataBytes)
    }

    /// Writes the staged batch as one log operation (`IncomingImportLimits` keeps a batch within
    /// one), then does what every append does after its log write (packing when due). Durable
    /// when it returns.
    func commitImports(_ staged: [StagedImport]) async throws(MailError) {
        guard !staged.isEmpty else { return }
        _ = try await mailErrors { try await log.append(staged.map(\.message)) }
        await account.noteUsage(staged.reduce(0) { $0 + $1.bytes })
        try await finishAppend(count: staged.count)
    }
}

extension MailboxState {
    /// Which of `references` an append of this view carries (shown, expunged or hidden): an
    /// importer skips those. Memory holds the candidates, not every import of the mailbox.
    func importedAmong(_ references: Set<[UInt8]>) -> Set<[UInt8]> {
        var found = Set<[UInt8]>()
        for entry in messages.values where references.contains(entry.append.blobReference) {
            found.insert(entry.append.blobReference)
        }
        return found
    }
}
