import NIOConcurrencyHelpers
import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

/// A row store whose next `put`s store the row and then report failure (a PUT that landed but
/// whose response was lost), to test retries of an unconfirmed operation.
final class LostResponseRows: RowStore, Sendable {
    let inner = MemoryStore()
    let failuresLeft = NIOLockedValueBox(0)

    var capabilities: StorageCapabilities { inner.capabilities }

    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await inner.put(partition: partition, sort: sort, value: value, condition: condition)
        let fail = failuresLeft.withLockedValue { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
        if fail { throw StorageError(.unavailable, "response lost") }
    }

    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try await inner.get(partition: partition, sort: sort)
    }

    func delete(partition: String, sort: String) async throws {
        try await inner.delete(partition: partition, sort: sort)
    }

    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try await inner.list(partition: partition, after: after, limit: limit)
    }

    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try await inner.listKeys(partition: partition, after: after, limit: limit)
    }

    func waitForChange(partition: String, after: String?) async throws {
        try await inner.waitForChange(partition: partition, after: after)
    }
}

@Suite struct InterruptedWriteTests {
    @Test func unacknowledgedWriteIsRetriedNotRenumbered() async throws {
        let rows = LostResponseRows()
        let keys = UserKeys.generate()
        let clock = TestClock()
        let store = try makeLogStore(rows: rows, keys: keys, mailboxID: "m", writerID: 1, slot: 0, clock: clock.reader())
        var generator = SeededGenerator(seed: 31)
        let lost = MessageID.random(using: &generator)
        rows.failuresLeft.withLockedValue { $0 = 2 }
        // The put lands but reports failure: the caller must not acknowledge.
        await #expect(throws: StorageError.self) {
            try await store.append(
                messageID: lost, blobReference: [], metadataReference: [], flags: [], internalDateMillis: 0, size: 1)
        }
        // The retry inside the next write fails the same way: still nothing acknowledged.
        let next = MessageID.random(using: &generator)
        await #expect(throws: StorageError.self) {
            try await store.append(
                messageID: next, blobReference: [], metadataReference: [], flags: [], internalDateMillis: 0, size: 1)
        }
        // The store recovers: the unconfirmed operation is put again (same row), then the new one.
        let (uid, _) = try await store.append(
            messageID: next, blobReference: [], metadataReference: [], flags: [], internalDateMillis: 0, size: 1)
        let view = await store.state.view
        #expect(view.messages.map(\.messageID) == [lost, next])
        #expect(view.messages.last?.uid == uid)
        #expect(await store.statistics.rowsRejected == 0)
        let stored = try await rows.listKeys(partition: "mbox/m/log", after: nil, limit: 10)
        #expect(stored.keys.count == 2)

        // Another frontend replays the same two operations.
        let other = try makeLogStore(rows: rows, keys: keys, mailboxID: "m", writerID: 2, slot: 1, clock: clock.reader())
        try await other.sync()
        #expect(await other.state.view == view)
        #expect(await other.statistics.rowsRejected == 0)
    }
}
