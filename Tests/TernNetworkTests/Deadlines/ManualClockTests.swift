import TernTestSupport
import Testing

/// The tests' clock: sleepers wake when the test advances it, never on their own.
@Suite(.timeLimit(.minutes(1))) struct ManualClockTests {
    @Test func advancingWakesTheSleepersItReachesAndNoOthers() async throws {
        let clock = ManualClock()
        let start = clock.now
        let (order, recorder) = AsyncStream<Int>.makeStream()
        var sleepers: [Task<Void, any Error>] = []
        for seconds in [30, 10, 20] {
            sleepers.append(
                Task {
                    try await clock.sleep(until: start + .seconds(seconds))
                    recorder.yield(seconds)
                })
            await clock.waitForSleepers(sleepers.count)
        }
        clock.advance(by: .seconds(25))
        var iterator = order.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        #expect(Set([first, second]) == [10, 20])
        try await sleepers[1].value
        try await sleepers[2].value
        #expect(clock.sleeperCount == 1)
        #expect(clock.now == start + .seconds(25))

        clock.advance(by: .seconds(5))
        try await sleepers[0].value
        #expect(await iterator.next() == 30)
        #expect(clock.sleeperCount == 0)
    }

    @Test func aDeadlineAlreadyReachedReturnsAtOnce() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(5))
        try await clock.sleep(until: clock.now)
        try await clock.sleep(until: clock.now - .seconds(1))
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingASleeperThrowsAndForgetsIt() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)

        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { try await cancelledFirst.value }
        #expect(clock.sleeperCount == 0)
    }
}
