import NIOConcurrencyHelpers
import TernCrypto
import TernMail
import TernStorage
import Testing

@Suite struct MailboxWakeRegistryTests {
    /// Yields until `condition` holds (a registration in another task); no timing assumption.
    static func eventually(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test(arguments: TestBackend.allCases)
    func waitersAreWokenByAnotherInstancesAppend(backend: TestBackend) async throws {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let clock = TestClock()
        let frontendA = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "inbox", writerID: 1, slot: 0, clock: clock.reader())
        let frontendB = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "inbox", writerID: 2, slot: 1, clock: clock.reader())
        var generator = SeededGenerator(seed: 11)
        _ = try await frontendA.append(
            messageID: .random(using: &generator), blobReference: [], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        let seen = try await frontendA.sync()

        let registry = MailboxWakeRegistry(rows: opened.rows)
        let sessions = 5
        let waiters = (0..<sessions).map { _ in
            Task { try await registry.wait(mailboxID: "inbox", after: seen) }
        }
        await Self.eventually { registry.waiterCount == sessions }
        #expect(registry.watchCount == 1)

        let newID = MessageID.random(using: &generator)
        _ = try await frontendB.append(
            messageID: newID, blobReference: [], metadataReference: [], flags: [], internalDateMillis: 0, size: 1)
        let newestAtB = await frontendB.newestKey
        for waiter in waiters {
            let woken = try await waiter.value
            #expect(woken == newestAtB)
            #expect(StorageKey.precedes(try #require(seen), woken))
        }
        #expect(registry.waiterCount == 0)
        await Self.eventually { registry.watchCount == 0 }

        // The woken session syncs and sees the other frontend's message.
        try await frontendA.sync()
        #expect(await frontendA.state.view.messages.contains { $0.messageID == newID })
    }

    @Test func waiterBehindTheLogReturnsAtOnce() async throws {
        let rows = MemoryStore()
        let store = try makeLogStore(
            rows: rows, keys: .generate(), mailboxID: "m", writerID: 1, slot: 0, clock: TestClock().reader())
        var generator = SeededGenerator(seed: 12)
        _ = try await store.append(
            messageID: .random(using: &generator), blobReference: [], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        let registry = MailboxWakeRegistry(rows: rows)
        let woken = try await registry.wait(mailboxID: "m", after: nil)
        #expect(woken == (await store.newestKey))
    }

    @Test func cancelledWaiterLeavesNothingBehind() async throws {
        let registry = MailboxWakeRegistry(rows: MemoryStore())
        let waiter = Task { try await registry.wait(mailboxID: "quiet", after: nil) }
        await Self.eventually { registry.waiterCount == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(registry.waiterCount == 0)
        #expect(registry.watchCount == 0)
    }

    @Test func waitersBeyondTheLimitAreRefused() async throws {
        let registry = MailboxWakeRegistry(rows: MemoryStore(), maxWaiters: 2)
        let first = Task { try await registry.wait(mailboxID: "a", after: nil) }
        let second = Task { try await registry.wait(mailboxID: "b", after: nil) }
        await Self.eventually { registry.waiterCount == 2 }
        await #expect {
            try await registry.wait(mailboxID: "a", after: nil)
        } throws: { error in
            (error as? MailboxStoreError)?.code == .limitExceeded
        }
        first.cancel()
        second.cancel()
        _ = await first.result
        _ = await second.result
        #expect(registry.waiterCount == 0)
    }

    @Test func lowerPositionJoiningALaterWatchIsStillWoken() async throws {
        let rows = MemoryStore()
        let store = try makeLogStore(
            rows: rows, keys: .generate(), mailboxID: "m", writerID: 1, slot: 0, clock: TestClock().reader())
        var generator = SeededGenerator(seed: 13)
        _ = try await store.append(
            messageID: .random(using: &generator), blobReference: [], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        let first = try #require(await store.newestKey)
        _ = try await store.append(
            messageID: .random(using: &generator), blobReference: [], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        let second = try #require(await store.newestKey)
        let registry = MailboxWakeRegistry(rows: rows)
        // Waits after the newest key: nothing to report yet.
        let upToDate = Task { try await registry.wait(mailboxID: "m", after: second) }
        await Self.eventually { registry.waiterCount == 1 }
        // A session that has seen only the first row joins: the watch must restart lower.
        let behind = try await registry.wait(mailboxID: "m", after: first)
        #expect(behind == second)
        #expect(registry.waiterCount == 1)
        upToDate.cancel()
        await #expect(throws: CancellationError.self) { try await upToDate.value }
    }
}

/// The callback form IDLE uses: called once on a change, never after `cancel`.
@Suite struct WakeRegistrationTests {
    @Test func aRegistrationIsCalledOnceAndACancelledOneNever() async throws {
        let opened = try await OpenedTestStore.open(.memory)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let clock = TestClock()
        let log = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "m", writerID: 1, slot: 0, clock: clock.reader())
        let registry = MailboxWakeRegistry(rows: opened.rows)
        let calls = LockedCounter()
        let woken = AsyncStream<Void>.makeStream()
        _ = registry.register(mailboxID: "m", after: nil) { result in
            if case .success = result { calls.add(1) }
            woken.continuation.yield()
        }
        let withdrawn = registry.register(mailboxID: "m", after: nil) { _ in calls.add(100) }
        registry.cancel(withdrawn)
        #expect(registry.waiterCount == 1)
        var generator = SeededGenerator(seed: 3)
        _ = try await log.append(
            messageID: .random(using: &generator), blobReference: [], metadataReference: [], flags: [],
            internalDateMillis: 0, size: 1)
        var iterator = woken.stream.makeAsyncIterator()
        _ = await iterator.next()
        #expect(calls.value == 1)
        #expect(registry.waiterCount == 0)
    }
}

private final class LockedCounter: Sendable {
    private let box = NIOLockedValueBox(0)
    func add(_ n: Int) { box.withLockedValue { $0 += n } }
    var value: Int { box.withLockedValue { $0 } }
}
