import NIOCore
import TernCrypto
import TernStorage

/// Checkpoints as rows of `mbox/<mid>/ckpt`: the encoded state cut into parts
/// `<hlc>-<writer>.<part, 4 hex>` (each under the row limit, sealed like log rows), then a
/// manifest `<hlc>-<writer>` (hlc = the newest clock covered): version(1) partCount(4) length(8).
/// The manifest is written last, so a listed manifest names a complete checkpoint. Old
/// operations stay in the log (no compaction yet); checkpoints older than the newest two are
/// deleted.
extension MailboxLogStore {
    static let checkpointManifestVersion: UInt8 = 1
    /// Plaintext bytes per part: sealing adds 16 bytes per 64 KiB chunk and a 28-byte header.
    static let checkpointPartBytes = StorageKey.maxRowValueBytes - 64 * 1024
    /// Bound on a checkpoint read back (parts times part size).
    static let maxCheckpointParts = 4096
    /// Complete checkpoints kept; older ones are deleted after a new one is written.
    static let checkpointsKept = 2

    /// Syncs, then stores the state as a checkpoint. Returns its manifest's sort key, or nil
    /// when the log is empty.
    @discardableResult
    public func writeCheckpoint() async throws -> String? {
        try await sync()
        guard state.operationCount > 0 else { return nil }
        var encoded = try MailboxCheckpoint(state).encoded()
        let length = encoded.readableBytes
        let key = MailboxLogKeys.sortKey(OperationID(clock: state.maxClock, writerID: writer.id))
        var parts = 0
        while encoded.readableBytes > 0 || parts == 0 {
            guard parts < Self.maxCheckpointParts else {
                throw MailboxStoreError(.limitExceeded, "checkpoint of \(length) bytes needs too many parts")
            }
            let part = encoded.readSlice(length: min(Self.checkpointPartBytes, encoded.readableBytes)) ?? ByteBuffer()
            try await sealed.put(partition: keys.checkpointPartition, sort: Self.partKey(key, parts), plaintext: part)
            parts += 1
        }
        var manifest = ByteBuffer()
        manifest.writeInteger(Self.checkpointManifestVersion)
        manifest.writeInteger(UInt32(parts))
        manifest.writeInteger(UInt64(length))
        try await sealed.put(partition: keys.checkpointPartition, sort: key, plaintext: manifest)
        try await deleteOldCheckpoints()
        return key
    }

    static func partKey(_ manifest: String, _ index: Int) -> String {
        let digits = String(index, radix: 16)
        return manifest + "." + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Replaces the (still empty) state with the newest checkpoint, if there is one. A checkpoint
    /// that cannot be read, opened or decoded is skipped: the log still holds every operation.
    func restoreNewestCheckpoint() async throws {
        guard let key = try await checkpointManifests().last else { return }
        do {
            guard let restored = try await readCheckpoint(key) else { return }
            guard restored.uidValidityBase == state.uidValidityBase else {
                throw MailboxStoreError(.malformedRow, "checkpoint UIDVALIDITY base \(restored.uidValidityBase)")
            }
            state = restored
            statistics.checkpointsRestored += 1
        } catch let error where error is TernCryptoError || error is MailboxLogError || error is MailboxStoreError {
            statistics.rowsRejected += 1
            logger.error(
                "skipped unreadable checkpoint",
                metadata: ["mailbox_id": "\(keys.mailboxID)", "key": "\(key)", "error": "\(error)"])
        }
    }

    /// The state a manifest names; nil when it or a part is gone (deleted as superseded).
    func readCheckpoint(_ key: String) async throws -> MailboxState? {
        guard var manifest = try await sealed.get(partition: keys.checkpointPartition, sort: key) else { return nil }
        guard manifest.readInteger(as: UInt8.self) == Self.checkpointManifestVersion,
            let parts = manifest.readInteger(as: UInt32.self), let length = manifest.readInteger(as: UInt64.self),
            manifest.readableBytes == 0, parts >= 1, parts <= Self.maxCheckpointParts,
            length <= UInt64(Int(parts) * Self.checkpointPartBytes)
        else { throw MailboxStoreError(.malformedRow, "checkpoint manifest \(key) is malformed") }
        var encoded = ByteBuffer()
        encoded.reserveCapacity(Int(length))
        for index in 0..<Int(parts) {
            guard var part = try await sealed.get(partition: keys.checkpointPartition, sort: Self.partKey(key, index))
            else { return nil }
            encoded.writeBuffer(&part)
        }
        guard encoded.readableBytes == Int(length) else {
            throw MailboxStoreError(.malformedRow, "checkpoint \(key) has \(encoded.readableBytes) of \(length) bytes")
        }
        return try MailboxCheckpoint.decode(encoded)
    }

    /// Manifest keys (the `<hlc>-<writer>` shape; parts are longer), oldest first.
    func checkpointManifests() async throws -> [String] {
        var after: String?
        var manifests: [String] = []
        repeat {
            let page = try await sealed.rows.listKeys(
                partition: keys.checkpointPartition, after: after, limit: configuration.pageSize)
            manifests += page.keys.filter { MailboxLogKeys.operationID(sortKey: $0) != nil }
            after = page.nextAfter
        } while after != nil
        return manifests
    }

    /// Deletes all but the newest `checkpointsKept` checkpoints (manifest first, then parts).
    private func deleteOldCheckpoints() async throws {
        let manifests = try await checkpointManifests()
        for key in manifests.dropLast(Self.checkpointsKept) {
            let parts = try await sealed.get(partition: keys.checkpointPartition, sort: key).flatMap { value -> Int? in
                var value = value
                _ = value.readInteger(as: UInt8.self)
                return value.readInteger(as: UInt32.self).map { Int(min($0, UInt32(Self.maxCheckpointParts))) }
            }
            try await sealed.rows.delete(partition: keys.checkpointPartition, sort: key)
            for index in 0..<(parts ?? 0) {
                try await sealed.rows.delete(partition: keys.checkpointPartition, sort: Self.partKey(key, index))
            }
        }
    }
}
