import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

/// Log rows behind a checkpoint are deleted after the grace period; a store that paused longer
/// than that, and a new store, still reach the full state.
@Suite struct CompactionTests {
    @Test(arguments: TestBackend.allCases) func compactionKeepsEveryReaderComplete(backend: TestBackend) async throws {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let clock = TestClock(step: 1000)
        let configuration = try MailboxLogStoreConfiguration(lookbackMillis: 1500, compactionGraceMillis: 20_000)
        func store(_ writer: UInt64, _ slot: UInt8) throws -> MailboxLogStore {
            try makeLogStore(
                rows: opened.rows, keys: keys, mailboxID: "c", writerID: writer, slot: slot, clock: clock.reader(),
                configuration: configuration)
        }
        let a = try store(1, 0)
        let straggler = try store(2, 1)
        var generator = SeededGenerator(seed: 11)
        func appendOnA(_ count: Int) async throws {
            for _ in 0..<count {
                _ = try await a.append(
                    messageID: .random(using: &generator), blobReference: [1], metadataReference: [], flags: [],
                    internalDateMillis: 0, size: 1)
            }
        }
        try await appendOnA(10)
        try await straggler.sync()
        try await appendOnA(30)
        try #require(try await a.writeCheckpoint() != nil)
        let deleted = try await a.compact()
        #expect(deleted > 10)
        let remaining = try await opened.rows.listKeys(partition: "mbox/c/log", after: nil, limit: 1000).keys.count
        #expect(remaining == 40 - deleted)

        // Paused for longer than half the grace: merges the checkpoint before listing.
        try await straggler.sync()
        #expect(await straggler.statistics.checkpointsMerged == 1)
        #expect(await straggler.state.view == a.state.view)

        let fresh = try store(3, 2)
        try await fresh.sync()
        #expect(await fresh.state.view == a.state.view)
        // Writers go on from the compacted log.
        _ = try await fresh.append(
            messageID: .random(using: &generator), blobReference: [1], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        try await a.sync()
        #expect(await a.state.view == fresh.state.view)
    }
}
