import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

/// A checkpoint larger than one row is cut into parts; a restart restores it whole, and only the
/// newest two checkpoints are kept.
@Suite struct LargeCheckpointTests {
    @Test func checkpointSpanningSeveralRowsRestores() async throws {
        let rows = MemoryStore()
        let keys = UserKeys.generate()
        let clock = TestClock(step: 1000)
        let configuration = try MailboxLogStoreConfiguration(lookbackMillis: 1500)
        let first = try makeLogStore(
            rows: rows, keys: keys, mailboxID: "big", writerID: 1, slot: 0, clock: clock.reader(),
            configuration: configuration)
        var generator = SeededGenerator(seed: 7)
        // ~1,000 bytes per operation: 2,500 operations make a checkpoint of about three parts.
        let reference = [UInt8](repeating: 0x61, count: 490)
        for _ in 0..<2_500 {
            _ = try await first.append(
                messageID: .random(using: &generator), blobReference: reference, metadataReference: reference,
                flags: [], internalDateMillis: 0, size: 1)
        }
        for _ in 0..<3 {
            _ = try await first.append(
                messageID: .random(using: &generator), blobReference: [1], metadataReference: [], flags: [],
                internalDateMillis: 0, size: 1)
            try #require(try await first.writeCheckpoint() != nil)
        }
        let listed = try await rows.listKeys(partition: "mbox/big/ckpt", after: nil, limit: 1000).keys
        let manifests = listed.filter { !$0.contains(".") }
        #expect(manifests.count == 2, "older checkpoints are deleted")
        #expect(listed.count > manifests.count * 2, "each checkpoint has several parts")

        let restarted = try makeLogStore(
            rows: rows, keys: keys, mailboxID: "big", writerID: 2, slot: 1, clock: clock.reader(),
            configuration: configuration)
        try await restarted.sync()
        #expect(await restarted.statistics.checkpointsRestored == 1)
        #expect(await restarted.statistics.rowsFetched < 10)
        #expect(await restarted.state.view == first.state.view)
    }
}
