import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

/// Batch appends through the log store: one row per chunk, and compaction behind a checkpoint
/// that carries them leaves every reader with the writer's exact view.
@Suite struct BatchLogStoreTests {
    static func messages(_ count: Int, using generator: inout SeededGenerator) -> [NewMessage] {
        (0..<count).map { _ in
            NewMessage(
                messageID: .random(using: &generator),
                blobReference: Array(repeating: 7, count: 90),
                metadataReference: Array(repeating: 8, count: 90),
                flags: ["\\Seen"],
                internalDateMillis: 0,
                size: 10
            )
        }
    }

    @Test(arguments: TestBackend.allCases) func batchesAreOneRowPerChunkAndSurviveCompaction(
        backend: TestBackend
    )
        async throws
    {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let clock = TestClock(step: 1000)
        let configuration = try MailboxLogStoreConfiguration(
            lookbackMillis: 1500,
            compactionGraceMillis: 20_000
        )
        func store(_ writer: UInt64, _ slot: UInt8) throws -> MailboxLogStore {
            try makeLogStore(
                rows: opened.rows,
                keys: keys,
                mailboxID: "b",
                writerID: writer,
                slot: slot,
                clock: clock.reader(),
                configuration: configuration
            )
        }
        func rows() async throws -> Int {
            try await opened.rows.listKeys(partition: "mbox/b/log", after: nil, limit: 1000).keys.count
        }
        let a = try store(1, 3)
        var generator = SeededGenerator(seed: 5)
        let first = try await a.append(Self.messages(40, using: &generator))
        #expect(try await rows() == 1)
        #expect(
            first.uids.count == 40 && first.uids == first.uids.sorted()
                && first.uids.allSatisfy { $0 % 64 == 3 }
        )
        // 2,100 messages: three rows (1,000 + 1,000 + 100), UIDs still ascending across them.
        let second = try await a.append(Self.messages(2_100, using: &generator))
        #expect(try await rows() == 4)
        #expect(
            second.uids.first ?? 0 > first.uids.last ?? UInt32.max && second.uids == second.uids.sorted()
        )
        for _ in 0..<25 { _ = try await a.append(Self.messages(3, using: &generator)) }
        try #require(try await a.writeCheckpoint() != nil)
        let deleted = try await a.compact()
        #expect(deleted > 0)
        let fresh = try store(2, 4)
        try await fresh.sync()
        #expect(await fresh.state.view == a.state.view)
        #expect(await fresh.state.view.messages.count == 2_215)
    }
}
