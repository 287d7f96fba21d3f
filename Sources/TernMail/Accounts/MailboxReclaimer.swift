import TernStorage

/// Deletes everything a mailbox holds in storage: messages, metadata, segments, log, checkpoints,
/// the \Recent floor, retirement rows (their objects are under the blob prefix, deleted first).
struct MailboxReclaimer: Sendable {
    let rows: any RowStore
    let blobs: ErasedBlobStore
    let layout: MailboxLayout

    func reclaim() async throws {
        for blob in try await blobs.all(prefix: layout.blobPrefix) { try await blobs.delete(blob.key) }
        try await UserRows.deleteAll(rows, partition: layout.segmentPartition)
        try await UserRows.deleteAll(rows, partition: layout.checkpointPartition)
        try await UserRows.deleteAll(rows, partition: layout.logPartition)
        try await UserRows.deleteAll(rows, partition: layout.recentPartition)
        try await UserRows.deleteAll(rows, partition: layout.retiredPartition)
    }
}
