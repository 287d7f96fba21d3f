import NIOConcurrencyHelpers
import TernStorage
import Testing

@Suite("RowWatchHub")
struct RowWatchHubTests {
    /// One poller per partition while it has waiters, however many waiters; stopped when the last leaves.
    @Test func onePollerPerPartition() async throws {
        let log = NIOLockedValueBox<(started: [String], stopped: [String])>(([], []))
        let hub = RowWatchHub(poller: { partition, _ in
            log.withLockedValue { $0.started.append(partition) }
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(5))
            }
            log.withLockedValue { $0.stopped.append(partition) }
        })
        let waiters = (0..<6).map { index in
            Task { try await hub.wait(partition: index < 3 ? "a" : "b", after: nil, satisfied: { false }) }
        }
        try await waitUntil("six waiters") {
            hub.waiterCount(partition: "a") == 3 && hub.waiterCount(partition: "b") == 3
        }
        #expect(hub.watchedPartitionCount == 2)
        try await waitUntil("two pollers start") { log.withLockedValue { $0.started.count } == 2 }
        #expect(log.withLockedValue { $0.started.sorted() } == ["a", "b"])

        hub.signal(partition: "a", newestKey: "1")
        for waiter in waiters.prefix(3) { try await waiter.value }
        try await waitUntil("poller a stops") { log.withLockedValue { $0.stopped } == ["a"] }
        #expect(hub.watchedPartitionCount == 1)

        for waiter in waiters.suffix(3) { waiter.cancel() }
        for waiter in waiters.suffix(3) {
            let outcome = await withHangGuardResult { try await waiter.value }
            #expect(outcome is CancellationError)
        }
        try await waitUntil("poller b stops") { log.withLockedValue { $0.stopped.sorted() } == ["a", "b"] }
        #expect(hub.watchedPartitionCount == 0)
        #expect(log.withLockedValue { $0.started.count } == 2)
    }

    /// A signal between registration and parking (a write that lands during the caller's check) is not lost.
    @Test func signalDuringCheckIsKept() async throws {
        let hub = RowWatchHub()
        try await withHangGuard(seconds: 60, "wait after an early signal") {
            try await hub.wait(
                partition: "p",
                after: "5",
                satisfied: {
                    hub.signal(partition: "p", newestKey: "6")
                    return false
                }
            )
        }
        #expect(hub.watchedPartitionCount == 0)
    }

    @Test func positionsAndSelectiveWakeUps() async throws {
        let hub = RowWatchHub()
        let early = Task { try await hub.wait(partition: "p", after: "3", satisfied: { false }) }
        let late = Task { try await hub.wait(partition: "p", after: "7", satisfied: { false }) }
        try await waitUntil("two waiters") { hub.waiterCount(partition: "p") == 2 }
        #expect(hub.lowestPosition(partition: "p") == .after("3"))
        #expect(hub.lowestPosition(partition: "q") == nil)

        hub.signal(partition: "p", newestKey: "5")
        try await early.value
        #expect(hub.unwokenWaiterCount(partition: "p") == 1)
        #expect(hub.lowestPosition(partition: "p") == .after("7"))
        hub.signal(partition: "p", newestKey: "7")
        #expect(hub.unwokenWaiterCount(partition: "p") == 1)
        hub.signalAll(partition: "p")
        try await late.value
        #expect(hub.watchedPartitionCount == 0)
    }

    @Test func alreadySatisfiedReturnsAtOnce() async throws {
        let hub = RowWatchHub()
        try await hub.wait(partition: "p", after: nil, satisfied: { true })
        #expect(hub.watchedPartitionCount == 0)
        #expect(WatchPosition.start.isPassed(by: ""))
        #expect(!WatchPosition.after("b").isPassed(by: "a"))
        #expect(!WatchPosition.after("b").isPassed(by: "b"))
        #expect(WatchPosition.after("b").isPassed(by: "b0"))
    }

    @Test func cancelledBeforeWaitingThrows() async throws {
        let hub = RowWatchHub()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await hub.wait(partition: "p", after: nil, satisfied: { false })
        }
        let outcome = await withHangGuardResult { try await task.value }
        #expect(outcome is CancellationError)
        #expect(hub.watchedPartitionCount == 0)
    }
}
