import TernStorage

/// Compaction: log rows that the newest checkpoint covers and that are older than the grace
/// period are deleted. Readers never depend on them: a new store restores the checkpoint first;
/// a live store syncs within the grace period (or merges the checkpoint when it did not, or when
/// a gap outlives a full rescan).
extension MailboxLogStore {
    /// Deletes covered rows older than `compactionGraceMillis`; returns how many.
    @discardableResult
    public func compact() async throws -> Int {
        await acquire()
        defer { release() }
        guard let key = try await checkpointManifests().last, let covered = try await readCheckpoint(key) else {
            return 0
        }
        let now = physicalMillis()
        guard now > configuration.compactionGraceMillis else { return 0 }
        let floor = MailboxLogKeys.floor(
            clock: HybridLogicalClock(wallMillis: now - configuration.compactionGraceMillis, logical: 0))
        var coveredKeys = Set<String>()
        for op in MailboxCheckpoint(covered).operations where op.clock.wallMillis < now - configuration.compactionGraceMillis {
            coveredKeys.insert(MailboxLogKeys.sortKey(op.id))
        }
        var deleted = 0
        var after: String?
        scanning: repeat {
            let page = try await sealed.rows.listKeys(
                partition: keys.logPartition, after: after, limit: configuration.pageSize)
            for rowKey in page.keys {
                guard StorageKey.precedes(rowKey, floor) else { break scanning }
                guard coveredKeys.contains(rowKey) else { continue }
                try await sealed.rows.delete(partition: keys.logPartition, sort: rowKey)
                deleted += 1
            }
            after = page.nextAfter
        } while after != nil
        statistics.rowsCompacted += deleted
        return deleted
    }

    /// Delivers the newest checkpoint's operations into the live state (duplicates are dropped),
    /// filling in whatever compaction removed before this store saw it.
    func mergeNewestCheckpoint() async throws {
        guard let key = try await checkpointManifests().last else { return }
        do {
            guard let checkpoint = try await readCheckpoint(key),
                checkpoint.uidValidityBase == state.uidValidityBase
            else { return }
            try deliver(MailboxCheckpoint(checkpoint).operations)
            statistics.checkpointsMerged += 1
        } catch let error as MailboxLogError where error.code != .limitExceeded {
            statistics.rowsRejected += 1
            logger.error(
                "skipped unreadable checkpoint", metadata: ["mailbox_id": "\(keys.mailboxID)", "error": "\(error)"])
        }
    }
}
