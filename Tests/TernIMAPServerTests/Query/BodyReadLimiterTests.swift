import Testing

@testable import TernIMAPServer

@Suite struct BodyReadLimiterTests {
    actor Log {
        var entries: [String] = []
        var current = 0
        var peak = 0
        func append(_ entry: String) { entries.append(entry) }
        func enter() {
            current += 1
            peak = max(peak, current)
        }
        func leave() { current -= 1 }
    }

    static func waitUntil(_ limiter: BodyReadLimiter, waiting count: Int) async {
        while limiter.waitingCount < count { await Task.yield() }
    }

    @Test func freedPermitsGoToWaitingUsersInTurn() async throws {
        let limiter = BodyReadLimiter(maxConcurrentReads: 1)
        let log = Log()
        try await limiter.acquire(user: "searcher")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...3 {
                group.addTask {
                    try await limiter.acquire(user: "searcher")
                    await log.append("s\(index)")
                    limiter.release(user: "searcher")
                }
                await Self.waitUntil(limiter, waiting: index)
            }
            group.addTask {
                try await limiter.acquire(user: "fetcher")
                await log.append("f1")
                limiter.release(user: "fetcher")
            }
            await Self.waitUntil(limiter, waiting: 4)
            limiter.release(user: "searcher")
            try await group.waitForAll()
        }
        // The fetcher, queued behind three reads of the searcher, is served after one of them.
        #expect(await log.entries == ["s1", "f1", "s2", "s3"])
        #expect(limiter.activeCount == 0)
        #expect(limiter.waitingCount == 0)
    }

    @Test func neverMoreThanTheLimitAtOnce() async throws {
        let limiter = BodyReadLimiter(maxConcurrentReads: 3)
        let log = Log()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let user = "user\(index % 4)"
                    try await limiter.acquire(user: user)
                    await log.enter()
                    for _ in 0..<5 { await Task.yield() }
                    await log.leave()
                    limiter.release(user: user)
                }
            }
            try await group.waitForAll()
        }
        #expect(await log.peak <= 3)
        #expect(await log.peak >= 1)
        #expect(limiter.activeCount == 0)
    }

    @Test func cancelledWaiterLeavesTheQueue() async throws {
        let limiter = BodyReadLimiter(maxConcurrentReads: 1)
        try await limiter.acquire(user: "a")
        let waiter = Task { try await limiter.acquire(user: "b") }
        await Self.waitUntil(limiter, waiting: 1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(limiter.waitingCount == 0)
        limiter.release(user: "a")
        #expect(limiter.activeCount == 0)
        // The permit is usable again.
        try await limiter.acquire(user: "b")
        #expect(limiter.activeCount == 1)
        limiter.release(user: "b")
    }
}
