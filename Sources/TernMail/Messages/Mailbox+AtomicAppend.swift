import NIOCore
import TernStorage

/// APPEND of one or several messages (MULTIAPPEND, RFC 3502) as one atomic step, the way COPY and
/// the incoming import do it: each message's blob and metadata object is stored first (each
/// durable, streamed, never held whole), then ONE log operation publishes the whole batch. Before
/// that write nothing is visible; a failure before it (or `discard`) removes the staged objects.
/// A crash between the two leaves objects no log operation names (as a single APPEND or a COPY
/// interrupted there does): invisible, but they stay until the mailbox is deleted.
public struct AppendBatch: Sendable {
    var staged: [Mailbox.StagedCopy] = []
    /// Sizes as received, which the quota check counts (as `Mailbox.append` does).
    var receivedBytes = 0
    /// Encoded bytes of the batch's log entries, kept within one row (`MailboxOperationLimits`).
    var logBytes = 0
    /// The last staged message's metadata record, not stored yet: the next `stageAppend` stores it first,
    /// or `commit` stores it while the log syncs (one round trip less per APPEND on S3). One record at most.
    var pendingMetadata: PendingMetadata?

    public init() {}

    public var count: Int { staged.count }
    public var isEmpty: Bool { staged.isEmpty }

    /// Refuses a message that would make the batch more than one log operation can carry.
    func admit(_ message: NewMessage) throws(MailError) {
        let entry = MailboxOperation.encodedBytes(of: message)
        guard staged.count < MailboxOperationLimits.maxAppendsPerOperation,
            logBytes + entry <= MailboxOperationLimits.maxBatchBytes
        else {
            throw MailError(
                .tooLarge,
                "one atomic append holds at most \(MailboxOperationLimits.maxAppendsPerOperation) messages "
                    + "and \(MailboxOperationLimits.maxBatchBytes) bytes of flags and references")
        }
    }

    /// Takes a message `Mailbox.stageAppend` stored for this batch (its metadata record still pending;
    /// the one pending before was stored by that `stageAppend`).
    public mutating func add(_ message: StagedAppend) {
        staged.append(message.copy)
        pendingMetadata = message.metadata
        receivedBytes += message.receivedSize
        logBytes += MailboxOperation.encodedBytes(of: message.copy.message)
    }
}

/// One message stored for an `AppendBatch`, not yet in the batch: add it (its objects are then
/// committed or discarded with the batch).
public struct StagedAppend: Sendable {
    let copy: Mailbox.StagedCopy
    let receivedSize: Int
    let metadata: PendingMetadata
}

/// A staged message's metadata record, to be stored before (or while) the log operation naming it is written.
struct PendingMetadata: Sendable {
    let key: String
    let record: ByteBuffer
}

extension Mailbox {
    /// Stores one more message for `batch` (exactly `size` bytes, streamed) without publishing
    /// it; see `append` for `normalizeLineEndings`. Checks the size, the batch's room in one log
    /// operation and the quota for the whole batch with it. On error nothing of this message stays
    /// stored; the caller still owns (and must commit or discard) what `batch` holds.
    public func stageAppend<Body: AsyncSequence & Sendable>(
        _ body: Body, size: Int, flags: [String], internalDateMillis: Int64, normalizeLineEndings: Bool,
        joining batch: AppendBatch
    ) async throws(MailError) -> StagedAppend where Body.Element == ByteBuffer {
        try checkSize(size)
        let flags = FlagSpelling.canonical(flags)
        let id = Self.randomMessageID()
        // Keys have a fixed length, so the entry's encoded size is known before anything is stored.
        try batch.admit(
            NewMessage(
                messageID: id, blobReference: Array(layout.messageKey(id).utf8),
                metadataReference: Array(layout.metadataKey(id).utf8), flags: flags,
                internalDateMillis: internalDateMillis, size: UInt64(size)))
        try await account.checkQuota(adding: batch.receivedBytes + size)
        try await ensureRegistered()
        if let previous = batch.pendingMetadata {
            try await mailErrors { try await context.sealedBlobs.put(previous.key, bytes: previous.record) }
        }
        let rawKey = layout.messageKey(id)
        let tap = IngestTap(countsLineEndings: normalizeLineEndings)
        do {
            try await mailErrors {
                try await context.sealedBlobs.put(
                    rawKey, body: TappedSequence(base: body, tap: tap), length: size, condition: .none)
            }
        } catch {
            try? await context.blobs.delete(rawKey)
            throw error
        }
        var stored = (id: id, key: rawKey, size: size)
        let growth = normalizeLineEndings ? tap.lineEndingGrowth : 0
        if growth > 0 {
            stored = try await storeNormalized(rawKey: rawKey, size: size + growth, tap: tap)
        }
        let metadataKey = layout.metadataKey(stored.id)
        let record = tap.finish().encoded()
        let message = NewMessage(
            messageID: stored.id, blobReference: Array(stored.key.utf8), metadataReference: Array(metadataKey.utf8),
            flags: flags, internalDateMillis: internalDateMillis, size: UInt64(stored.size))
        let copy = StagedCopy(
            message: message, blobKey: stored.key, metadataKey: metadataKey, bytes: stored.size + record.readableBytes)
        return StagedAppend(copy: copy, receivedSize: size, metadata: PendingMetadata(key: metadataKey, record: record))
    }

    /// Second pass of line-ending normalisation (`append` and `stageAppend`): the stored raw bytes,
    /// normalised, under a fresh key; the raw copy is deleted. `tap` is reset and observes the final bytes.
    func storeNormalized(rawKey: String, size: Int, tap: IngestTap) async throws(MailError)
        -> (id: MessageID, key: String, size: Int)
    {
        let id = Self.randomMessageID()
        let key = layout.messageKey(id)
        do {
            try checkSize(size)
            try await mailErrors {
                let raw = try await context.sealedBlobs.get(rawKey).body
                tap.reset()
                try await context.sealedBlobs.put(
                    key, body: TappedSequence(base: NormalizedSequence(base: raw), tap: tap), length: size,
                    condition: .none)
                try await context.blobs.delete(rawKey)
            }
        } catch {
            try? await context.blobs.delete(rawKey)
            try? await context.blobs.delete(key)
            throw error
        }
        return (id, key, size)
    }

    /// Publishes the whole batch in ONE log operation (admission kept it within one); durable
    /// when it returns. UIDs are in the batch's order. A failure removes the staged objects that
    /// no written operation names.
    public func commit(_ batch: AppendBatch) async throws(MailError) -> MultiAppendResult {
        let messages = batch.staged.map(\.message)
        guard !messages.isEmpty else {
            throw MailError(.invalidOperation, "an append batch holds at least one message")
        }
        guard MailboxWriter.chunks(messages).count == 1 else {
            await discard(batch.staged)
            throw MailError(.tooLarge, "the batch does not fit one log operation")
        }
        var storePending: (@Sendable () async throws -> Void)?
        if let pending = batch.pendingMetadata {
            let store = context.sealedBlobs
            storePending = { try await store.put(pending.key, bytes: pending.record) }
        }
        let committed = try await commitCopies(batch.staged, alongsideSync: storePending)
        return MultiAppendResult(uids: committed.uids, uidValidity: committed.uidValidity, view: await currentView())
    }

    /// Removes what `batch` staged (a refused, interrupted or failed APPEND).
    public func discard(_ batch: AppendBatch) async {
        await discard(batch.staged)
    }
}

/// What an atomic APPEND reports: the messages' UIDs in the order they were sent, the UIDVALIDITY
/// they hold in (APPENDUID), and the view right after the one log operation.
public struct MultiAppendResult: Sendable {
    public let uids: [UInt32]
    public let uidValidity: UInt32
    public let view: MailboxView
}
