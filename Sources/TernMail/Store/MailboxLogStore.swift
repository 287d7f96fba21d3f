import Logging
import NIOCore
import TernCrypto
import TernStorage

/// One mailbox's event log on a `RowStore`, for one writer (one process incarnation): rows
/// `mbox/<mid>/log/<hlc>-<writer>`, each an encoded `MailboxOperation` sealed with the user's
/// keys under its row key.
///
/// Sync lists the keys after (newest seen - lookback), fetches the unseen rows, and feeds them
/// through causal delivery into the replayed state. Writes follow the core's rule: sync, build
/// the operation from the synced view, put it (durable), apply it locally, return; the caller
/// acknowledges only after that (invariant 2). Syncs and writes of one store run one at a time.
public actor MailboxLogStore {
    public let writer: Writer
    public let keys: MailboxLogKeys
    public let configuration: MailboxLogStoreConfiguration
    public internal(set) var state: MailboxState
    public internal(set) var statistics = MailboxLogStoreStatistics()
    /// The newest log key seen: the position wake-ups are measured against.
    public private(set) var newestKey: String?

    let sealed: SealedRows
    let physicalMillis: @Sendable () -> UInt64
    let logger: Logger
    var delivery: CausalDelivery
    var mailboxWriter: MailboxWriter
    var knownKeys: Set<String> = []
    /// Built and possibly stored, but not confirmed durable: put again before anything else,
    /// so this writer never gives one sequence number two contents.
    var unconfirmed: MailboxOperation?
    var started = false
    /// Local time of the last completed sync.
    var lastSyncMillis: UInt64?
    /// The position at which the state last needed no reissue (`reissueLocked`).
    var reissueCheckedAt: VersionVector?
    private var busy = false
    private var queued: [CheckedContinuation<Void, Never>] = []

    /// - Parameters:
    ///   - writer: this process incarnation's writer (fresh id on every start; a slot no
    ///     concurrently live writer holds).
    ///   - uidValidityBase: the UIDVALIDITY the mailbox was created with (from the mailbox list).
    ///   - physicalMillis: wall-clock milliseconds since the epoch (passed in for tests).
    public init(
        rows: any RowStore,
        keys: UserKeys,
        mailboxID: String,
        writer: Writer,
        uidValidityBase: UInt32,
        configuration: MailboxLogStoreConfiguration,
        physicalMillis: @escaping @Sendable () -> UInt64,
        logger: Logger = Logger(label: "tern.mail.log")
    ) {
        let mailboxKeys = MailboxLogKeys(mailboxID: mailboxID)
        self.writer = writer
        self.keys = mailboxKeys
        self.configuration = configuration
        self.state = MailboxState(uidValidityBase: uidValidityBase)
        self.sealed = SealedRows(rows: rows, keys: keys, mailbox: mailboxKeys)
        self.physicalMillis = physicalMillis
        self.logger = logger
        self.delivery = CausalDelivery(pendingLimit: configuration.pendingLimit)
        self.mailboxWriter = MailboxWriter(writer: writer)
    }

    /// Brings the state up to date with everything the log lists; on first use, starts from the
    /// newest checkpoint. With `reissuing` (a session's sync on a process that may write), then
    /// writes the one reissue operation the state needs, if any (rule 7 in uid-conflicts.md), so
    /// the caller's answer already shows the late messages under their new UIDs. Returns the
    /// newest key seen.
    @discardableResult
    public func sync(reissuing: Bool = false) async throws -> String? {
        await acquire()
        defer { release() }
        try await syncLocked()
        if reissuing { await reissueLocked() }
        return newestKey
    }

    /// Writes at most one reissue operation (bounded work per sync). A failed write is logged,
    /// not thrown: the sync itself succeeded, and the operation stays `unconfirmed`, put again by
    /// the next sync, as any write.
    private func reissueLocked() async {
        guard reissueCheckedAt != state.position else { return }
        var generator = SystemRandomNumberGenerator()
        do {
            guard let op = try mailboxWriter.reissue(in: state, physicalMillis: physicalMillis(), using: &generator)
            else {
                reissueCheckedAt = state.position
                return
            }
            try await commit(op)
            statistics.messagesReissued += op.payload.appends.count
        } catch {
            logger.warning(
                "could not reissue late messages",
                metadata: ["mailbox_id": "\(keys.mailboxID)", "error": "\(error)"])
        }
    }

    /// Appends a message; returns the UID announced for it and the UIDVALIDITY it holds in, once
    /// the operation is durable and applied. `prerequisite` (the write of an object the operation
    /// names, e.g. its metadata) runs alongside the sync; the operation is written only after both
    /// succeeded, so on S3 the pair costs one round trip instead of two.
    public func append(
        messageID: MessageID,
        blobReference: [UInt8],
        metadataReference: [UInt8],
        flags: [String],
        internalDateMillis: Int64,
        size: UInt64,
        alongsideSync prerequisite: (@Sendable () async throws -> Void)? = nil
    ) async throws -> (uid: UInt32, uidValidity: UInt32) {
        await acquire()
        defer { release() }
        try await syncLocked(alongside: prerequisite)
        let op = try mailboxWriter.append(
            messageID: messageID, blobReference: blobReference, metadataReference: metadataReference, flags: flags,
            internalDateMillis: internalDateMillis, size: size, in: state, physicalMillis: physicalMillis()
        )
        try await commit(op)
        guard case .append(let payload) = op.payload else { return (0, state.uidValidity) }
        return (payload.uid, state.uidValidity)
    }

    /// Appends `messages` (one COPY or MOVE) as one operation, or one per chunk of
    /// `MailboxWriter.chunks` when they exceed a row; returns their UIDs in order and the
    /// UIDVALIDITY they hold in, once every operation is durable and applied. `prerequisite` runs
    /// alongside the sync, as in `append(messageID:...)` (e.g. the last staged message's metadata put).
    public func append(
        _ messages: [NewMessage], alongsideSync prerequisite: (@Sendable () async throws -> Void)? = nil
    ) async throws -> (uids: [UInt32], uidValidity: UInt32) {
        await acquire()
        defer { release() }
        try await syncLocked(alongside: prerequisite)
        var uids: [UInt32] = []
        uids.reserveCapacity(messages.count)
        for chunk in MailboxWriter.chunks(messages) {
            let op = try mailboxWriter.append(chunk, in: state, physicalMillis: physicalMillis())
            try await commit(op)
            uids += op.payload.appends.map(\.uid)
        }
        return (uids, state.uidValidity)
    }

    /// Whether an operation of this store adds `id`: applied, or written but not confirmed (it
    /// is put again by the next sync, so the objects it names must stay).
    func mayReference(_ id: MessageID) -> Bool {
        if state.containsMessage(id) { return true }
        return unconfirmed?.payload.appends.contains { $0.messageID == id } ?? false
    }

    /// One STORE over any number of messages (one log row).
    public func store(_ mode: FlagMode, flags: [String], messages: [MessageID]) async throws {
        await acquire()
        defer { release() }
        try await syncLocked()
        try requireKnown(messages)
        let op = mailboxWriter.store(mode, flags: flags, messages: messages, in: state, physicalMillis: physicalMillis())
        try await commit(op)
    }

    public func expunge(_ messages: [MessageID]) async throws {
        await acquire()
        defer { release() }
        try await syncLocked()
        try requireKnown(messages)
        let op = mailboxWriter.expunge(messages, in: state, physicalMillis: physicalMillis())
        try await commit(op)
    }

    // MARK: - Sync

    /// `syncLocked` with `prerequisite` running concurrently; returns once both finished, and
    /// throws if either failed (the caller then removes what the prerequisite stored).
    private func syncLocked(alongside prerequisite: (@Sendable () async throws -> Void)?) async throws {
        guard let prerequisite else { return try await syncLocked() }
        async let stored: Void = prerequisite()
        do {
            try await syncLocked()
        } catch {
            // Let the write finish before the caller's clean-up deletes its object.
            _ = try? await stored
            throw error
        }
        try await stored
    }

    func syncLocked() async throws {
        let now = physicalMillis()
        if !started {
            try await restoreNewestCheckpoint()
            started = true
        } else if let lastSync = lastSyncMillis, now > lastSync, now - lastSync > configuration.compactionGraceMillis / 2 {
            // Rows this store has not seen may have been compacted meanwhile.
            try await mergeNewestCheckpoint()
        }
        if let op = unconfirmed { try await commit(op) }
        let gapBefore = !delivery.pending.isEmpty
        try await scan(after: windowFloor())
        if gapBefore && !delivery.pending.isEmpty {
            statistics.fullRescans += 1
            try await scan(after: nil)
            if !delivery.pending.isEmpty { try await mergeNewestCheckpoint() }
        }
        pruneKnownKeys()
        lastSyncMillis = now
    }

    /// Lists the log after `start` page by page and delivers every row not seen yet.
    private func scan(after start: String?) async throws {
        var after = start
        repeat {
            let page = try await sealed.rows.listKeys(
                partition: keys.logPartition, after: after, limit: configuration.pageSize)
            let fetched = page.keys.filter { !knownKeys.contains($0) }
            var operations: [MailboxOperation] = []
            for (key, read) in try await Self.read(fetched, from: sealed, partition: keys.logPartition) {
                if let op = decode(key, read) { operations.append(op) }
            }
            // Keys count as known only once their operations are delivered: a storage error
            // above leaves the whole page to the next sync.
            try deliver(operations)
            for key in fetched {
                knownKeys.insert(key)
                note(key)
            }
            after = page.nextAfter
        } while after != nil
    }

    /// Rows read at once by one sync: on a distant store (S3 across regions, ~35 ms a request)
    /// catching up on N rows then costs about N / 16 round trips instead of N.
    static let concurrentRowReads = 16

    /// Reads `sortKeys` with at most `concurrentRowReads` requests in flight; results in key order.
    /// A storage error throws (the page is retried by the next sync); a row that does not open is
    /// returned as `.failure` for `decode` to reject.
    private nonisolated static func read(
        _ sortKeys: [String], from sealed: SealedRows, partition: String
    ) async throws -> [(String, Result<ByteBuffer?, TernCryptoError>)] {
        typealias Read = Result<ByteBuffer?, TernCryptoError>
        return try await withThrowingTaskGroup(of: (Int, Read).self, returning: [(String, Read)].self) { group in
            var results = [Read?](repeating: nil, count: sortKeys.count)
            var next = 0
            while next < sortKeys.count && next < concurrentRowReads {
                let index = next
                group.addTask { (index, try await readRow(sortKeys[index], from: sealed, partition: partition)) }
                next += 1
            }
            while let (index, read) = try await group.next() {
                results[index] = read
                if next < sortKeys.count {
                    let index = next
                    group.addTask { (index, try await readRow(sortKeys[index], from: sealed, partition: partition)) }
                    next += 1
                }
            }
            var ordered: [(String, Read)] = []
            ordered.reserveCapacity(sortKeys.count)
            for (key, read) in zip(sortKeys, results) { if let read { ordered.append((key, read)) } }
            return ordered
        }
    }

    private nonisolated static func readRow(
        _ key: String, from sealed: SealedRows, partition: String
    ) async throws -> Result<ByteBuffer?, TernCryptoError> {
        do {
            return .success(try await sealed.get(partition: partition, sort: key))
        } catch let error as TernCryptoError {
            return .failure(error)
        }
    }

    /// The row's operation; nil when the row is gone or rejected.
    private func decode(_ key: String, _ read: Result<ByteBuffer?, TernCryptoError>) -> MailboxOperation? {
        guard let expected = MailboxLogKeys.operationID(sortKey: key) else {
            return reject(key, "sort key is not <hlc>-<writer>")
        }
        let plaintext: ByteBuffer?
        switch read {
        case .success(let value): plaintext = value
        case .failure(let error): return reject(key, "cannot be opened: \(error)")
        }
        guard let plaintext else { return nil }
        statistics.rowsFetched += 1
        let op: MailboxOperation
        do {
            op = try MailboxOperation.decode(plaintext)
        } catch {
            return reject(key, "malformed operation: \(error)")
        }
        guard op.id == expected else { return reject(key, "holds operation \(op.id)") }
        return op
    }

    private func reject(_ key: String, _ reason: String) -> MailboxOperation? {
        statistics.rowsRejected += 1
        logger.error(
            "rejected mailbox log row",
            metadata: ["mailbox_id": "\(keys.mailboxID)", "key": "\(key)", "reason": "\(reason)"])
        return nil
    }

    /// Delivers `operations`; an operation replay rejects is dropped (every frontend drops it
    /// alike) and delivery continues with the rest, which stay pending meanwhile.
    func deliver(_ operations: [MailboxOperation]) throws {
        var batch = operations
        while true {
            do {
                try delivery.deliver(batch, into: &state)
                return
            } catch {
                if error.code == .limitExceeded || error.code == .uidSpaceExhausted { throw error }
                statistics.rowsRejected += 1
                logger.error(
                    "rejected mailbox operation", metadata: ["mailbox_id": "\(keys.mailboxID)", "error": "\(error)"])
                batch = []
            }
        }
    }

    private func windowFloor() -> String? {
        // A writer whose clock runs ahead must not push the window past rows that writers with
        // sane clocks are still writing: never start later than local time allows.
        let newest = min(state.maxClock.wallMillis, physicalMillis())
        guard newest > configuration.lookbackMillis else { return nil }
        return MailboxLogKeys.floor(
            clock: HybridLogicalClock(wallMillis: newest - configuration.lookbackMillis, logical: 0))
    }

    private func note(_ key: String) {
        if let newestKey, !StorageKey.precedes(newestKey, key) { return }
        newestKey = key
    }

    /// Forgets keys below the window (never listed again) and, past the limit, the oldest ones.
    private func pruneKnownKeys() {
        if let floor = windowFloor() {
            knownKeys = knownKeys.filter { StorageKey.precedes(floor, $0) }
        }
        guard knownKeys.count > configuration.maxKnownKeys else { return }
        let newest = knownKeys.sorted { StorageKey.precedes($0, $1) }.suffix(configuration.maxKnownKeys)
        knownKeys = Set(newest)
    }

    // MARK: - Write

    private func requireKnown(_ messages: [MessageID]) throws(MailboxLogError) {
        for id in messages where !state.containsMessage(id) {
            throw MailboxLogError(.invalidOperation, "message \(id) is not in this mailbox's view")
        }
    }

    /// Puts `op` (durable when the put returns) and applies it. Until both happen the operation
    /// stays `unconfirmed` and is put again first by the next sync: a retried put of the same
    /// operation overwrites its own row with an equal value.
    private func commit(_ op: MailboxOperation) async throws {
        // Encoding fails before anything is stored; the sequence number is then still free.
        let plaintext = try op.encoded()
        unconfirmed = op
        let key = MailboxLogKeys.sortKey(op.id)
        try await sealed.put(partition: keys.logPartition, sort: key, plaintext: plaintext)
        unconfirmed = nil
        try deliver([op])
        // Never acknowledge an operation replay refused (every frontend refuses it alike).
        guard state.position[writer.id] >= op.sequence else {
            throw MailboxLogError(.invalidOperation, "own operation \(op.id) was rejected by replay")
        }
        knownKeys.insert(key)
        note(key)
        statistics.operationsWritten += 1
    }

    // MARK: - One at a time

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { queued.append($0) }
    }

    /// Hands the turn to the next caller in line (busy stays set) or frees it.
    func release() {
        if queued.isEmpty {
            busy = false
        } else {
            queued.removeFirst().resume()
        }
    }
}
