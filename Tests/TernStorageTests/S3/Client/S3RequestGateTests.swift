import NIOConcurrencyHelpers
import Testing

@testable import TernStorage

/// `S3RequestGate` with real tasks and timers but no sockets: fairness, the wait bound, the line
/// bound, cancellation and permit release.
@Suite("S3 request gate")
struct S3RequestGateTests {
    /// Yields until `condition` holds (the deadline is only a guard against a hang).
    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition never held")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func permitsAreGrantedInArrivalOrder() async throws {
        let gate = S3RequestGate(capacity: 1, maxWaiting: 100)
        let holder = try await gate.acquire(maxWait: .seconds(60))
        let order = NIOLockedValueBox<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let permit = try await gate.acquire(maxWait: .seconds(60))
                    order.withLockedValue { $0.append(index) }
                    permit.release()
                }
                // The next task starts only once this one is in the line, so arrival order is known.
                try await Self.eventually { gate.waitingCount == index + 1 }
            }
            holder.release()
            try await group.waitForAll()
        }
        #expect(order.withLockedValue { $0 } == Array(0..<8))
        #expect(gate.activeCount == 0)
    }

    @Test func aWaitLongerThanTheBoundFailsUnavailable() async throws {
        let gate = S3RequestGate(capacity: 1, maxWaiting: 100)
        let holder = try await gate.acquire(maxWait: .seconds(60))
        let error = await #expect(throws: StorageError.self) { _ = try await gate.acquire(maxWait: .milliseconds(50)) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("no S3 connection free") == true, "\(String(describing: error))")
        #expect(gate.waitingCount == 0)
        #expect(gate.activeCount == 1)
        holder.release()
        #expect(gate.activeCount == 0)
    }

    @Test func aFullLineFailsAtOnce() async throws {
        let gate = S3RequestGate(capacity: 1, maxWaiting: 1)
        let holder = try await gate.acquire(maxWait: .seconds(60))
        let waiter = Task { try await gate.acquire(maxWait: .seconds(60)) }
        try await Self.eventually { gate.waitingCount == 1 }
        let error = await #expect(throws: StorageError.self) { _ = try await gate.acquire(maxWait: .seconds(60)) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("line is full") == true, "\(String(describing: error))")
        holder.release()
        try await waiter.value.release()
        #expect(gate.activeCount == 0)
    }

    @Test func cancellingAWaiterTakesItOutOfTheLineAtOnce() async throws {
        let gate = S3RequestGate(capacity: 1, maxWaiting: 100)
        let holder = try await gate.acquire(maxWait: .seconds(60))
        let first = Task { try await gate.acquire(maxWait: .seconds(60)) }
        try await Self.eventually { gate.waitingCount == 1 }
        let second = Task { try await gate.acquire(maxWait: .seconds(60)) }
        try await Self.eventually { gate.waitingCount == 2 }
        first.cancel()
        // The cancellation handler runs inside `cancel()`: the place is gone before it returns.
        #expect(gate.waitingCount == 1)
        await #expect(throws: CancellationError.self) { _ = try await first.value }
        // The permit goes to the remaining waiter, not to the cancelled one.
        holder.release()
        let permit = try await second.value
        #expect(gate.activeCount == 1)
        permit.release()
        #expect(gate.activeCount == 0)
    }

    @Test func anAlreadyCancelledTaskDoesNotQueue() async throws {
        let gate = S3RequestGate(capacity: 1, maxWaiting: 100)
        let holder = try await gate.acquire(maxWait: .seconds(60))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await gate.acquire(maxWait: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(gate.waitingCount == 0)
        holder.release()
    }

    @Test func aDroppedPermitIsReleasedOnceAndOnlyOnce() async throws {
        let gate = S3RequestGate(capacity: 2, maxWaiting: 100)
        var permit: S3RequestPermit? = try await gate.acquire(maxWait: .seconds(60))
        let other = try await gate.acquire(maxWait: .seconds(60))
        #expect(gate.activeCount == 2)
        permit?.release()
        permit?.release()
        #expect(gate.activeCount == 1)
        permit = nil  // deinit after an explicit release must not release again
        #expect(gate.activeCount == 1)
        _ = consume other  // dropped unreleased: deinit returns it
        #expect(gate.activeCount == 0)
    }

    @Test func manyTasksShareFewPermitsAndAllFinish() async throws {
        let gate = S3RequestGate(capacity: 4, maxWaiting: 10_000)
        let peak = NIOLockedValueBox((now: 0, max: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2_000 {
                group.addTask {
                    let permit = try await gate.acquire(maxWait: .seconds(120))
                    peak.withLockedValue { $0.now += 1; $0.max = max($0.max, $0.now) }
                    await Task.yield()
                    peak.withLockedValue { $0.now -= 1 }
                    permit.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.withLockedValue { $0.max } <= 4)
        #expect(gate.activeCount == 0)
        #expect(gate.waitingCount == 0)
    }
}
