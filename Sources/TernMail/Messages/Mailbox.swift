import Logging
import NIOCore
import TernMIME
import TernStorage

/// One mailbox of an account (one object per mailbox per `Account`, shared by its sessions):
/// its event log, its messages and their metadata.
///
/// Every write follows the log's rule: sync, write (durable), then return; the blob and its
/// metadata are durable before the log operation that makes the message visible.
public actor Mailbox {
    /// The name under which the mailbox was first opened in this account (a later RENAME keeps
    /// the object; ask the account's list for current names).
    public nonisolated let name: String
    /// What `MailboxWakeRegistry.wait(mailboxID:after:)` takes.
    public nonisolated let storageID: String
    nonisolated let mailboxID: MailboxID
    nonisolated let layout: MailboxLayout
    nonisolated let context: AccountContext
    nonisolated let log: MailboxLogStore
    let account: Account
    /// The view last computed and the state position it shows; later appends extend it.
    private var cachedView: (position: VersionVector, view: MailboxView)?
    private var registered = false
    /// Per-message metadata objects this process wrote since it last packed.
    var unpackedWrites = 0
    /// Messages this process appended since its last log checkpoint (one every `packThreshold`).
    var uncheckpointedWrites = 0
    /// The pack of the unpacked tail once appends go quiet (`Mailbox+QuietPack.swift`).
    var quietPack = QuietPackState()
    var catalog: SegmentCatalog?
    /// A pack is running (appends then leave packing to it).
    var packing = false
    /// When a sweep of retired objects is next worth listing (nil: not yet listed here).
    var nextSweepMillis: UInt64?
    /// A sweep is running (`Mailbox+Retire.swift`).
    var sweeping = false
    /// The \Recent floor as this process last claimed it (`Mailbox+Recent.swift`); claims move it
    /// here before awaiting storage, so sessions of this process never claim the same arrival twice.
    var claimedRecentFloor: (uidValidity: UInt32, floor: UInt32)?

    init(
        name: String, mailboxID: MailboxID, storageID: String, log: MailboxLogStore, account: Account,
        context: AccountContext
    ) {
        self.name = name
        self.mailboxID = mailboxID
        self.storageID = storageID
        self.layout = MailboxLayout(storageID: storageID)
        self.log = log
        self.account = account
        self.context = context
    }

    // MARK: - Reading

    /// Lists new log rows and returns the view; cheap (one listing) when nothing changed. When the
    /// view hides late messages and this process may write, reissues them first (one operation),
    /// so the answer shows them under their new UIDs.
    public func sync() async throws(MailError) -> MailboxView {
        let mayWrite = context.service.writeGate?.problem() == nil
        _ = try await mailErrors { try await log.sync(reissuing: mayWrite) }
        return await currentView()
    }

    /// Pass as `after:` to `MailService.wakeRegistry.wait`.
    public var waitPosition: String? {
        get async { await log.newestKey }
    }

    /// The decrypted message (or `range` of it: plaintext byte offsets), streamed; reads only the
    /// sealed chunks the range touches. Storage errors while iterating surface as `StorageError`.
    public nonisolated func body(of message: MailboxView.Message, range: Range<Int>?) async throws(MailError)
        -> BlobByteStream
    {
        let key = try blobKey(message)
        return try await mailErrors {
            let blobRange = try range.map { try BlobRange(offset: $0.lowerBound, length: $0.count) }
            return try await context.sealedBlobs.get(key, range: blobRange).body
        }
    }

    /// Structures of `messages`, in the given order; see `metadataRecords(of:)`.
    public nonisolated func metadata(of messages: [MailboxView.Message]) -> MessageStructureSequence {
        MessageStructureSequence(records: metadataRecords(of: messages))
    }

    /// Metadata (structure and header block) of `messages`, in the given order. Packed metadata
    /// is read segment by segment, so thousands of messages cost a handful of storage reads;
    /// memory holds one record and one sealed chunk at a time.
    public nonisolated func metadataRecords(of messages: [MailboxView.Message]) -> MessageMetadataSequence {
        MessageMetadataSequence(mailbox: self, messages: messages)
    }

    func currentView() async -> MailboxView {
        let state = await log.state
        if let cachedView, cachedView.position == state.position { return cachedView.view }
        let view = cachedView.map { state.view(extending: $0.view, at: $0.position) } ?? state.view
        cachedView = (state.position, view)
        return view
    }

    nonisolated func blobKey(_ message: MailboxView.Message) throws(MailError) -> String {
        let key = String(decoding: message.blobReference, as: UTF8.self)
        guard key.hasPrefix(layout.blobPrefix) else {
            throw MailError(.invalidOperation, "message \(message.uid) is not stored in this mailbox")
        }
        return key
    }

    // MARK: - Writing

    /// Stores the message (exactly `size` bytes, streamed, never held whole) and appends it.
    /// Returns once blob, metadata and log operation are durable.
    ///
    /// With `normalizeLineEndings`, every bare LF or lone CR is stored as CRLF (as Dovecot does;
    /// `CRLFNormalizer`): `size` is then the size as received, and the stored size (RFC822.SIZE,
    /// in the result's view) may be larger. A message that needs it is stored a second time from
    /// the first copy (a second pass, still streamed); one that does not costs nothing extra.
    public func append<Body: AsyncSequence & Sendable>(
        _ body: Body, size: Int, flags: [String], internalDateMillis: Int64, normalizeLineEndings: Bool = false
    ) async throws(MailError) -> AppendResult where Body.Element == ByteBuffer {
        try checkSize(size)
        try await account.checkQuota(adding: size)
        let id = Self.randomMessageID()
        guard normalizeLineEndings else {
            return try await ingest(
                body, size: size, messageID: id, blobKey: layout.messageKey(id), metadataKey: layout.metadataKey(id),
                flags: flags, internalDateMillis: internalDateMillis, onlyIfAbsent: false)
        }
        try await ensureRegistered()
        let rawKey = layout.messageKey(id)
        let tap = IngestTap(countsLineEndings: true)
        try await mailErrors {
            try await context.sealedBlobs.put(
                rawKey, body: TappedSequence(base: body, tap: tap), length: size, condition: .none)
        }
        let growth = tap.lineEndingGrowth
        guard growth > 0 else {
            return try await commitAppend(
                messageID: id, blobKey: rawKey, metadataKey: layout.metadataKey(id), metadata: tap.finish(), size: size,
                flags: flags, internalDateMillis: internalDateMillis)
        }
        // Second pass: the stored bytes, normalised, under the final key.
        let final = try await storeNormalized(rawKey: rawKey, size: size + growth, tap: tap)
        return try await commitAppend(
            messageID: final.id, blobKey: final.key, metadataKey: layout.metadataKey(final.id), metadata: tap.finish(),
            size: final.size, flags: flags, internalDateMillis: internalDateMillis)
    }

    func checkSize(_ size: Int) throws(MailError) {
        guard size >= 0 else { throw MailError(.invalidOperation, "negative message size") }
        guard size <= context.configuration.maxMessageBytes else {
            throw MailError(.tooLarge, "message of \(size) bytes; limit \(context.configuration.maxMessageBytes)")
        }
    }

    /// Blob, then metadata, then the log operation; a failure before the log write removes what
    /// was stored. `onlyIfAbsent` (imports, whose keys are deterministic) keeps an existing blob.
    func ingest<Body: AsyncSequence & Sendable>(
        _ body: Body, size: Int, messageID: MessageID, blobKey: String, metadataKey: String, flags: [String],
        internalDateMillis: Int64, onlyIfAbsent: Bool
    ) async throws(MailError) -> AppendResult where Body.Element == ByteBuffer {
        try await ensureRegistered()
        let tap = IngestTap()
        try await mailErrors {
            do {
                try await context.sealedBlobs.put(
                    blobKey, body: TappedSequence(base: body, tap: tap), length: size,
                    condition: onlyIfAbsent ? .ifAbsent : .none)
            } catch let error as StorageError where error.code == .alreadyExists && onlyIfAbsent {
                // Another frontend imported the same message first; its blob holds the same
                // bytes. Scan those (the body we were given may be half consumed).
                tap.reset()
                for try await chunk in try await context.sealedBlobs.get(blobKey).body { tap.observe(chunk) }
            }
        }
        let metadata = tap.finish()
        return try await commitAppend(
            messageID: messageID, blobKey: blobKey, metadataKey: metadataKey, metadata: metadata, size: size,
            flags: flags, internalDateMillis: internalDateMillis, removeOnFailure: !onlyIfAbsent)
    }

    /// Writes the metadata object and the log operation for a blob already stored.
    func commitAppend(
        messageID: MessageID, blobKey: String, metadataKey: String, metadata: MessageMetadata?, size: Int,
        flags: [String], internalDateMillis: Int64, removeOnFailure: Bool = true
    ) async throws(MailError) -> AppendResult {
        let appended: (uid: UInt32, uidValidity: UInt32)
        do {
            // The metadata object is stored while the log syncs; the log operation that names it
            // is written after both (`MailboxLogStore.append(..., alongsideSync:)`).
            let record = metadata?.encoded()
            let metadataBytes = record?.readableBytes ?? 0
            var storeMetadata: (@Sendable () async throws -> Void)?
            if let record {
                let sealedBlobs = context.sealedBlobs
                storeMetadata = { try await sealedBlobs.put(metadataKey, bytes: record) }
            }
            appended = try await log.append(
                messageID: messageID, blobReference: Array(blobKey.utf8), metadataReference: Array(metadataKey.utf8),
                flags: FlagSpelling.canonical(flags), internalDateMillis: internalDateMillis, size: UInt64(size),
                alongsideSync: storeMetadata)
            await account.noteUsage(size + metadataBytes)
        } catch {
            // Imported objects have shared, deterministic keys: another frontend may use them.
            // An operation written but unconfirmed is put again by the next sync: keep its objects.
            if removeOnFailure, await !log.mayReference(messageID) {
                try? await context.blobs.delete(blobKey)
                try? await context.blobs.delete(metadataKey)
            }
            throw MailError.wrapping(error)
        }
        try await finishAppend(count: 1)
        return AppendResult(uid: appended.uid, uidValidity: appended.uidValidity, view: await currentView())
    }

    /// After new messages are durable in the log: answers `.noSuchMailbox` when a delete of the
    /// mailbox won meanwhile (its data is then reclaimed), and packs metadata when due.
    func finishAppend(count: Int) async throws(MailError) {
        guard try await account.confirmLive(mailboxID) else {
            throw MailError(.noSuchMailbox, "mailbox \(name) was deleted")
        }
        unpackedWrites += count
        uncheckpointedWrites += count
        // Counted apart from `unpackedWrites`: quiet packs reset that one, and checkpoints must
        // still come every `packThreshold` appends.
        if uncheckpointedWrites >= context.configuration.packThreshold && !packing {
            uncheckpointedWrites = 0
            // Housekeeping: the message is durable already, so a failure here is only logged.
            do {
                try await pack()
                try await log.writeCheckpoint()
                try await log.compact()
            } catch {
                context.logger.warning(
                    "packing metadata or checkpointing failed",
                    metadata: ["mailbox_id": "\(storageID)", "error": "\(error)"])
            }
        }
        if unpackedWrites > 0 { scheduleQuietPack() }
    }

    /// One log row, whatever the number of messages.
    public func store(_ mode: FlagMode, flags: [String], messages: [MessageID]) async throws(MailError) -> MailboxView {
        try await mailErrors {
            try await log.store(mode, flags: FlagSpelling.canonical(flags), messages: messages)
        }
        return await currentView()
    }

    /// One log row; then the messages' blob and metadata objects are retired, not deleted:
    /// sessions (here or on other frontends) that still show them keep reading them for
    /// `retireGraceMillis`; after that they get NO for them, as RFC 2180 4.1.2 allows.
    public func expunge(_ messages: [MessageID]) async throws(MailError) -> MailboxView {
        let before = await currentView()
        try await mailErrors { try await log.expunge(messages) }
        let gone = Set(messages)
        var freed = 0
        var retired: [String] = []
        for message in before.messages where gone.contains(message.messageID) {
            guard let key = try? blobKey(message) else { continue }
            retired.append(key)
            if message.metadataReference.count > 0 {
                retired.append(String(decoding: message.metadataReference, as: UTF8.self))
            }
            freed += Int(message.size)
        }
        do {
            try await retire(retired)
        } catch {
            // The expunge is durable; the objects merely stay until the mailbox is deleted.
            context.logger.warning("could not retire expunged messages", metadata: ["error": "\(error)"])
        }
        await account.noteUsage(-freed)
        await sweepRetired()
        return await currentView()
    }

    /// Records the mailbox's storage id under the user, so that deleting the user finds it.
    func ensureRegistered() async throws(MailError) {
        guard !registered else { return }
        try await mailErrors {
            try await context.rows.put(
                partition: context.layout.mailboxRegistryPartition, sort: storageID, value: ByteBuffer())
        }
        registered = true
    }
}

extension Mailbox {
    static func randomMessageID() -> MessageID {
        var generator = SystemRandomNumberGenerator()
        return MessageID.random(using: &generator)
    }
}
