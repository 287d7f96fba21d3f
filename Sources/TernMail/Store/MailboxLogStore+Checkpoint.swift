import NIOCore
import TernCrypto
import TernStorage

extension MailboxLogStore {
    /// Syncs, then stores the state as a checkpoint row `mbox/<mid>/ckpt/<hlc>-<writer>` (hlc = the
    /// newest clock it covers) sealed like log rows. Returns the checkpoint's sort key, or nil
    /// when the log is empty. Old operations stay in the log (no compaction yet).
    @discardableResult
    public func writeCheckpoint() async throws -> String? {
        try await sync()
        guard state.operationCount > 0 else { return nil }
        let encoded = try MailboxCheckpoint(state).encoded()
        // Sealing adds a preamble and 16 bytes per chunk; leave room for it under the row limit.
        guard encoded.readableBytes <= StorageKey.maxRowValueBytes - 64 * 1024 else {
            throw MailboxStoreError(
                .limitExceeded,
                "checkpoint of \(encoded.readableBytes) bytes does not fit a row (limit \(StorageKey.maxRowValueBytes))"
            )
        }
        let key = MailboxLogKeys.sortKey(OperationID(clock: state.maxClock, writerID: writer.id))
        try await sealed.put(partition: keys.checkpointPartition, sort: key, plaintext: encoded)
        return key
    }

    /// Replaces the (still empty) state with the newest checkpoint, if there is one. A checkpoint
    /// that cannot be opened or decoded is skipped: the log still holds every operation.
    func restoreNewestCheckpoint() async throws {
        guard let key = try await newestCheckpointKey() else { return }
        do {
            guard let plaintext = try await sealed.get(partition: keys.checkpointPartition, sort: key) else { return }
            let restored = try MailboxCheckpoint.decode(plaintext)
            guard restored.uidValidityBase == state.uidValidityBase else {
                throw MailboxStoreError(.malformedRow, "checkpoint UIDVALIDITY base \(restored.uidValidityBase)")
            }
            state = restored
            statistics.checkpointsRestored += 1
        } catch let error where error is TernCryptoError || error is MailboxLogError || error is MailboxStoreError {
            statistics.rowsRejected += 1
            logger.error(
                "skipped unreadable checkpoint",
                metadata: ["mailbox": "\(keys.mailboxID)", "key": "\(key)", "reason": "\(error)"])
        }
    }

    /// Checkpoint keys sort by clock, so the newest is the last listed. Without compaction the
    /// partition is walked whole (a few pages at most while checkpoints are rare).
    private func newestCheckpointKey() async throws -> String? {
        var after: String?
        var newest: String?
        repeat {
            let page = try await sealed.rows.listKeys(
                partition: keys.checkpointPartition, after: after, limit: configuration.pageSize)
            if let last = page.keys.last { newest = last }
            after = page.nextAfter
        } while after != nil
        return newest
    }
}
