import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

@Suite struct MailboxLogStoreTests {
    /// What one frontend's client was told: the message id, and the UID and UIDVALIDITY announced.
    struct Acknowledged: Hashable, Sendable {
        let messageID: MessageID
        let uid: UInt32
        let uidValidity: UInt32
    }

    /// One frontend: appends `count` messages and, after every third, changes flags of a message
    /// it has seen (its own or another frontend's). Returns what it acknowledged.
    static func runFrontend(_ store: MailboxLogStore, seed: UInt64, count: Int) async throws -> [Acknowledged] {
        var generator = SeededGenerator(seed: seed)
        var acknowledged: [Acknowledged] = []
        for index in 0..<count {
            let id = MessageID.random(using: &generator)
            let (uid, uidValidity) = try await store.append(
                messageID: id, blobReference: Array("msg/\(id)".utf8), metadataReference: [],
                flags: index % 2 == 0 ? ["\\Seen"] : [], internalDateMillis: 1_700_000_000_000, size: 1000
            )
            acknowledged.append(Acknowledged(messageID: id, uid: uid, uidValidity: uidValidity))
            if index % 3 == 2 {
                let visible = await store.state.view.messages
                let target = visible[Int(generator.next() % UInt64(visible.count))].messageID
                try await store.store(.add, flags: ["$Label\(index)"], messages: [target])
            }
        }
        return acknowledged
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentFrontendsConverge(backend: TestBackend) async throws {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let clock = TestClock()
        // The third frontend's clock runs 2 s behind: its rows land below keys the others saw.
        let stores = try [(1, 0, 0), (2, 1, 0), (3, 2, -2000)].map { writer, slot, skew in
            try makeLogStore(
                rows: opened.rows, keys: keys, mailboxID: "m1", writerID: UInt64(writer), slot: UInt8(slot),
                clock: clock.reader(offset: Int64(skew)))
        }
        let seed: UInt64 = 0x5EED_0001
        let perFrontend = 12
        let acknowledged = try await withThrowingTaskGroup(of: [Acknowledged].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask { try await Self.runFrontend(store, seed: seed &+ UInt64(index), count: perFrontend) }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(acknowledged.count == 3 * perFrontend)

        // Each frontend syncs as a session does, reissuing what its view hides (a late append).
        for _ in 0..<3 {
            for store in stores { try await store.sync(reissuing: true) }
        }
        var views: [MailboxView] = []
        for store in stores {
            try await store.sync()
            views.append(await store.state.view)
        }
        #expect(views[1] == views[0], "seed \(seed)")
        #expect(views[2] == views[0], "seed \(seed)")
        for ack in acknowledged {
            // Shown exactly once: under the UID announced, or (it arrived late) as its reissue.
            let shown = views[0].messages.filter { $0.messageID == ack.messageID || $0.reissueOf == ack.messageID }
            #expect(shown.count == 1, "acknowledged append \(ack.messageID) shown \(shown.count) times, seed \(seed)")
            if let message = shown.first, message.messageID == ack.messageID { #expect(message.uid == ack.uid) }
            #expect(ack.uidValidity == views[0].uidValidity)
        }
        #expect(Set(views[0].messages.map(\.uid)).count == views[0].messages.count)
        // Every (UIDVALIDITY, UID) pair announced names one message.
        let pairs = Dictionary(grouping: acknowledged) { [$0.uidValidity, $0.uid] }
        #expect(pairs.values.allSatisfy { $0.count == 1 })
        for store in stores { #expect(await store.statistics.rowsRejected == 0) }
    }

    /// Sessions of one process share its store: their writes interleave on one writer, which
    /// must still number its operations 1, 2, 3, ... without gaps or reuse.
    @Test(arguments: TestBackend.allCases)
    func concurrentSessionsOnOneFrontendShareItsWriter(backend: TestBackend) async throws {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let clock = TestClock()
        let frontends = try (0..<2).map { index in
            try makeLogStore(
                rows: opened.rows, keys: keys, mailboxID: "shared", writerID: UInt64(20 + index),
                slot: UInt8(index), clock: clock.reader())
        }
        let seed: UInt64 = 0x5EED_0002
        let acknowledged = try await withThrowingTaskGroup(of: [Acknowledged].self) { group in
            for session in 0..<8 {
                let store = frontends[session % 2]
                group.addTask { try await Self.runFrontend(store, seed: seed &+ UInt64(session), count: 5) }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        // The two frontends appended concurrently: their sessions' syncs reissue late messages.
        for _ in 0..<3 {
            for store in frontends { try await store.sync(reissuing: true) }
        }
        for store in frontends { try await store.sync() }
        let views = [await frontends[0].state.view, await frontends[1].state.view]
        #expect(views[0] == views[1], "seed \(seed)")
        #expect(views[0].messages.count == acknowledged.count)
        #expect(Set(acknowledged.map(\.messageID)) == Set(views[0].messages.map { $0.reissueOf ?? $0.messageID }))
        // 8 sessions x (5 appends + 1 flag change), each one row, plus one row per reissue written.
        let rows = try await opened.rows.listKeys(partition: "mbox/shared/log", after: nil, limit: 1000)
        var written = 0
        for store in frontends { written += await store.statistics.operationsWritten }
        #expect(rows.keys.count == written && written >= 48)
        for store in frontends { #expect(await store.statistics.rowsRejected == 0) }
    }

    @Test(arguments: TestBackend.allCases)
    func restartRecoversFromLogAndFromCheckpoint(backend: TestBackend) async throws {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        // 1 s per clock reading, and a lookback of 1.5 s: a restored store re-lists only the
        // operations after (about) the checkpoint.
        let clock = TestClock(step: 1000)
        let configuration = try MailboxLogStoreConfiguration(lookbackMillis: 1500)
        let first = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "m2", writerID: 10, slot: 0, clock: clock.reader(),
            configuration: configuration)
        let early = try await Self.runFrontend(first, seed: 42, count: 9)
        try await first.expunge([early[0].messageID])

        let fromLog = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "m2", writerID: 11, slot: 1, clock: clock.reader())
        try await fromLog.sync()
        #expect(await fromLog.state.view == first.state.view)
        #expect(await fromLog.statistics.checkpointsRestored == 0)

        let checkpointKey = try await first.writeCheckpoint()
        #expect(checkpointKey != nil)
        let late = try await Self.runFrontend(first, seed: 43, count: 3)
        let operationsAfterCheckpoint = 3 + 1  // three appends and one flag change

        let fromCheckpoint = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "m2", writerID: 12, slot: 2, clock: clock.reader(),
            configuration: configuration)
        try await fromCheckpoint.sync()
        let expected = await first.state.view
        #expect(await fromCheckpoint.state.view == expected)
        #expect(await fromCheckpoint.statistics.checkpointsRestored == 1)
        let fetched = await fromCheckpoint.statistics.rowsFetched
        let total = await first.statistics.operationsWritten
        #expect(fetched >= operationsAfterCheckpoint)
        #expect(fetched < total)
        #expect(expected.messages.map(\.messageID).contains(late[2].messageID))
        #expect(!expected.messages.map(\.messageID).contains(early[0].messageID))

        // A restarted frontend writes on from the recovered state.
        var generator = SeededGenerator(seed: 44)
        _ = try await fromCheckpoint.append(
            messageID: .random(using: &generator), blobReference: [1], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        try await first.sync()
        #expect(await first.state.view == fromCheckpoint.state.view)
    }

    @Test func flagsOnUnknownMessageAreRefusedBeforeWriting() async throws {
        let rows = MemoryStore()
        let store = try makeLogStore(
            rows: rows, keys: .generate(), mailboxID: "m3", writerID: 1, slot: 0, clock: TestClock().reader())
        var generator = SeededGenerator(seed: 7)
        await #expect(throws: MailboxLogError.self) {
            try await store.store(.add, flags: ["\\Seen"], messages: [.random(using: &generator)])
        }
        #expect(try await rows.listKeys(partition: "mbox/m3/log", after: nil, limit: 10).keys.isEmpty)
    }

    @Test func rowsUnderAnotherMailboxKeyAreRejected() async throws {
        let rows = MemoryStore()
        let keys = UserKeys.generate()
        let source = try makeLogStore(
            rows: rows, keys: keys, mailboxID: "a", writerID: 1, slot: 0, clock: TestClock().reader())
        var generator = SeededGenerator(seed: 8)
        _ = try await source.append(
            messageID: .random(using: &generator), blobReference: [], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        // Copy the sealed row into mailbox b: it is bound to its original key and must not open.
        let page = try await rows.list(partition: "mbox/a/log", after: nil, limit: 10)
        let row = try #require(page.rows.first)
        try await rows.put(partition: "mbox/b/log", sort: row.sort, value: row.value)
        let target = try makeLogStore(
            rows: rows, keys: keys, mailboxID: "b", writerID: 2, slot: 1, clock: TestClock().reader())
        try await target.sync()
        #expect(await target.state.view.messages.isEmpty)
        #expect(await target.statistics.rowsRejected == 1)
    }

    @Test func sortKeysOrderLikeOperationIDs() throws {
        var generator = SeededGenerator(seed: 9)
        let ids = (0..<200).map { _ in
            OperationID(
                clock: HybridLogicalClock(packed: generator.next() >> UInt64(generator.next() % 64)),
                writerID: generator.next() >> UInt64(generator.next() % 64))
        }
        for (a, b) in zip(ids, ids.dropFirst()) {
            let keyA = MailboxLogKeys.sortKey(a)
            #expect(StorageKey.precedes(keyA, MailboxLogKeys.sortKey(b)) == (a < b))
            #expect(MailboxLogKeys.operationID(sortKey: keyA) == a)
        }
        #expect(MailboxLogKeys.operationID(sortKey: "000000000000000g-0000000000000000") == nil)
    }
}
