import NIOCore
import TernCrypto
import TernStorage

extension Account {
    /// The row partition LMTP deliveries land in: IDLE on INBOX waits on it
    /// (`MailboxWakeRegistry.wait(partition:after:)`) and imports on wake.
    public nonisolated var incomingPartition: String { context.layout.incomingPartition }

    /// Imports the whole incoming queue into INBOX now, batch after batch (one log operation per
    /// batch); returns how many messages this call added. 0 when another pass of this account
    /// runs (one at a time per account). Exactly once, even when frontends race or a pass
    /// crashes: see `importIncomingBatch`.
    public func importIncoming() async throws(MailError) -> Int {
        guard !importDriver.passRunning else { return 0 }
        importDriver.passRunning = true
        defer { for done in importDriver.finishPass() { done() } }
        let limits = context.configuration.incomingImport
        var total = 0
        while true {
            let batch = try await importIncomingBatch(maxMessages: limits.batchMessages, maxBytes: limits.batchBytes)
            total += batch.imported
            guard batch.more, !Task.isCancelled else { return total }
        }
    }

    /// One batch, for the caller holding `importDriver.passRunning`. Lists the oldest queue
    /// entries (at most `maxMessages`); stores the blob and metadata of each one INBOX does not
    /// hold yet under keys derived from its queue id (each durable); writes ONE log operation for
    /// them; and only then deletes their queue entries, parts first, commit row last.
    ///
    /// Exactly once: a crash before the log write leaves the entries queued and their objects
    /// stored, and the next importer reuses the objects; a crash after it leaves entries that
    /// INBOX already holds, which the next importer only deletes. Two frontends importing the same
    /// entry at once both append it, and `MailboxState.view` shows one message per import
    /// reference on every frontend.
    ///
    /// `maxBytes` ends the batch before an entry that would pass it; the first entry is always
    /// taken unless `inline` (a look's batch leaves a large first message to the background).
    /// On cancellation the batch stops taking entries and commits what it stored.
    func importIncomingBatch(maxMessages: Int, maxBytes: Int, inline: Bool = false) async throws(MailError)
        -> IncomingBatch
    {
        let partition = context.layout.incomingPartition
        let page = try await mailErrors {
            try await context.rows.listKeys(partition: partition, after: nil, limit: max(1, maxMessages))
        }
        guard !page.keys.isEmpty, maxMessages > 0 else { return IncomingBatch(imported: 0, more: !page.keys.isEmpty) }
        let inbox = try await mailbox(named: MailboxList.inbox)
        _ = try await inbox.sync()
        let candidates = Set(page.keys.map { Array(inbox.layout.importedMessageKey($0).utf8) })
        let present = await inbox.log.state.importedAmong(candidates)
        // Entries whose queue objects go once the batch is durable, with their record if read.
        var finished: [(id: String, record: IncomingRecord?)] = []
        var toStage: [(id: String, record: IncomingRecord)] = []
        var bytes = 0
        var taken = 0
        for id in page.keys {
            if Task.isCancelled { break }
            if present.contains(Array(inbox.layout.importedMessageKey(id).utf8)) {
                finished.append((id, nil))
                taken += 1
                continue
            }
            guard let record = try await incomingRecord(id) else {
                // Another frontend imported it and removed the entry meanwhile.
                taken += 1
                continue
            }
            if bytes + record.size > maxBytes && (bytes > 0 || inline) { break }
            taken += 1
            toStage.append((id, record))
            bytes += record.size
        }
        let staged = try await stage(toStage, in: inbox)
        try await inbox.commitImports(staged.compactMap { $0 })
        for (entry, stagedImport) in zip(toStage, staged) where stagedImport != nil {
            finished.append((entry.id, entry.record))
        }
        try await deleteQueueEntries(finished)
        await sweepDeliveryMarkers(afterFinishing: finished.count)
        return IncomingBatch(
            imported: staged.count(where: { $0 != nil }), more: taken < page.keys.count || page.nextAfter != nil)
    }

    /// Storage writes of one batch in flight at once: every put and delete is durable on its own
    /// (an fsync on the file store, a round trip on S3), so they overlap, and memory stays a few
    /// chunks per write in flight.
    static let concurrentImportWrites = 8

    /// Stores the entries' messages, `concurrentImportWrites` at a time; results in the entries'
    /// order (UIDs follow delivery order), nil for an entry another frontend finished meanwhile,
    /// or one not started because the task was cancelled.
    private func stage(
        _ entries: [(id: String, record: IncomingRecord)], in inbox: Mailbox
    ) async throws(MailError) -> [Mailbox.StagedImport?] {
        let context = self.context
        do {
            return try await withThrowingTaskGroup(of: (Int, Mailbox.StagedImport?).self) { group in
                var results = [Mailbox.StagedImport?](repeating: nil, count: entries.count)
                var next = 0
                func start() {
                    let index = next
                    let entry = entries[index]
                    next += 1
                    group.addTask {
                        if Task.isCancelled { return (index, nil) }
                        let body = IncomingBody.stream(context: context, id: entry.id, partCount: entry.record.partCount)
                        do {
                            return (index, try await inbox.stageImport(body, size: entry.record.size, incomingID: entry.id))
                        } catch let error as MailError where Self.isGone(error) {
                            // Another frontend imported it and is emptying the entry: its log write is durable.
                            return (index, nil)
                        }
                    }
                }
                while next < entries.count && next < Self.concurrentImportWrites { start() }
                while let (index, result) = try await group.next() {
                    results[index] = result
                    if next < entries.count { start() }
                }
                return results
            }
        } catch {
            throw MailError.wrapping(error)
        }
    }

    /// Deletes the entries' queue objects, `concurrentImportWrites` entries at a time.
    private func deleteQueueEntries(_ entries: [(id: String, record: IncomingRecord?)]) async throws(MailError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                while next < entries.count {
                    if next >= Self.concurrentImportWrites { try await group.next() }
                    let entry = entries[next]
                    next += 1
                    group.addTask { try await self.deleteQueueEntry(entry.id, record: entry.record) }
                }
                try await group.waitForAll()
            }
        } catch {
            throw MailError.wrapping(error)
        }
    }

    /// Parts first, commit row last: a listed row always names an entry whose message is either
    /// still complete in the queue or durable in INBOX.
    private func deleteQueueEntry(_ id: String, record: IncomingRecord?) async throws(MailError) {
        let known = record
        let record: IncomingRecord?
        if let known { record = known } else { record = try await incomingRecord(id) }
        try await mailErrors {
            if let record {
                for part in 0..<record.partCount {
                    try await context.blobs.delete(context.layout.incomingPartKey(id, part: part))
                }
            }
            try await context.rows.delete(partition: context.layout.incomingPartition, sort: id)
        }
    }

    /// Deletes expired delivery markers, one page per batch that emptied queue entries, resuming where the last
    /// sweep stopped. Each of those entries was one delivery and left at most one marker; a page of
    /// `16 + 2 * finished` keeps the sweep ahead of them, so the partition holds about the markers of the window.
    /// A failure is only logged: the markers are swept again later.
    private func sweepDeliveryMarkers(afterFinishing finished: Int) async {
        guard finished > 0 else { return }
        do {
            importDriver.markerSweepAfter = try await context.service.sweepDeliveryMarkers(
                context.layout, after: importDriver.markerSweepAfter, limit: 16 + 2 * finished)
        } catch {
            context.logger.warning("sweeping delivery markers failed", metadata: ["error": "\(error)"])
        }
    }

    private func incomingRecord(_ id: String) async throws(MailError) -> IncomingRecord? {
        let partition = context.layout.incomingPartition
        return try await mailErrors {
            guard let sealed = try await context.rows.get(partition: partition, sort: id) else { return nil }
            return try IncomingRecord.open(sealed, keys: context.keys, partition: partition, sort: id)
        }
    }

    private static func isGone(_ error: MailError) -> Bool {
        error.code == .invalidOperation && error.message.hasPrefix("stored object is gone")
    }
}
