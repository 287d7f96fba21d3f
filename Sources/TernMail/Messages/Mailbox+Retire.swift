import TernStorage

/// Deferred deletion of objects that a reader may still be reading
/// (docs/internals/mail-storage.md, "Segment and object lifecycle").
///
/// Packing and EXPUNGE make objects unnecessary for new readers at once, but sessions elsewhere
/// (this process or another frontend) may hold a catalog or a view loaded before that and be about
/// to read them. Deleting them then answered those reads `NO [UNAVAILABLE]`. So the objects are
/// only retired: listed in a sealed row, and deleted by a later sweep once the row is older than
/// `retireGraceMillis`. Until then every reader finds what it was told to read; after it, a
/// reader of a repacked record reloads the catalog and reads the new segment.
extension Mailbox {
    /// Objects after which a sweep starts no further row (a row is finished once started, so at
    /// most this plus `RetiredObjects.maxKeysPerRow` deletes): the expunge or pack that runs it
    /// stays bounded, about what an expunge of 1,000 messages used to delete inline. The rest
    /// waits for the next sweep.
    static let maxObjectsPerSweep = 2_000

    /// Records `keys` (blobs of this mailbox) for deletion after the grace period.
    func retire(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        let partition = layout.retiredPartition
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + RetiredObjects.maxKeysPerRow, keys.count)]
            let name = MailboxLogKeys.hex16(context.now()) + "-" + MailboxLogKeys.hex16(UInt64.random(in: 0...UInt64.max))
            try await context.userRows.put(partition: partition, sort: name, plaintext: RetiredObjects.encode(chunk))
            start += chunk.count
        }
        let due = context.now() + context.configuration.retireGraceMillis
        if let next = nextSweepMillis { nextSweepMillis = min(next, due) }
    }

    /// Deletes the objects of retirement rows past the grace period (any frontend's rows), then
    /// the rows. Housekeeping: failures are logged and retried by a later sweep. Lists nothing
    /// before the earliest row it knows to be due (the first call in a process lists once).
    func sweepRetired() async {
        let now = context.now()
        guard !sweeping, nextSweepMillis.map({ now >= $0 }) ?? true else { return }
        sweeping = true
        defer { sweeping = false }
        do {
            nextSweepMillis = try await sweepDue(now: now)
        } catch {
            nextSweepMillis = now + context.configuration.retireGraceMillis
            context.logger.warning(
                "deleting retired objects failed", metadata: ["mailbox_id": "\(storageID)", "error": "\(error)"])
        }
    }

    /// One bounded sweep; returns when the next one is worth listing. Sort keys start with the
    /// retirement time, so the first row not yet due ends the scan.
    private func sweepDue(now: UInt64) async throws -> UInt64 {
        let grace = context.configuration.retireGraceMillis
        let partition = layout.retiredPartition
        var deleted = 0
        var after: String?
        repeat {
            let page = try await context.rows.listKeys(partition: partition, after: after, limit: 100)
            for key in page.keys {
                guard let retired = RetiredObjects.retiredMillis(sortKey: key) else { continue }
                // Another frontend's clock may run ahead of ours: its rows wait until ours says so.
                if retired > now || now - retired < grace { return retired + grace }
                if deleted >= Self.maxObjectsPerSweep { return now }
                deleted += try await deleteRetired(row: key)
            }
            after = page.nextAfter
        } while after != nil
        return now + grace
    }

    /// The row's objects, then the row (a crash in between repeats idempotent deletes). A row
    /// that cannot be opened is dropped without deleting anything: it may leak objects, which
    /// go with the mailbox, but it never deletes what it might not have named.
    /// Returns how many objects it deleted.
    private func deleteRetired(row key: String) async throws -> Int {
        let partition = layout.retiredPartition
        var deleted = 0
        do {
            if let value = try await context.userRows.get(partition: partition, sort: key) {
                for blob in try RetiredObjects.decode(value) where blob.hasPrefix(layout.blobPrefix) {
                    try await context.blobs.delete(blob)
                    deleted += 1
                }
            }
        } catch let error as StorageError {
            throw error
        } catch {
            context.logger.error(
                "dropped an unreadable retirement row", metadata: ["mailbox_id": "\(storageID)", "error": "\(error)"])
        }
        try await context.rows.delete(partition: partition, sort: key)
        return deleted
    }
}
