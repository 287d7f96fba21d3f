import TernNetwork
import TernTestSupport
import Testing

/// The process's one deadline timer, on a manual clock: deadlines fire when the clock reaches them.
@Suite(.timeLimit(.minutes(1))) struct DeadlineSchedulerTests {
    @Test func dueDeadlinesFireAndCancelledOnesNever() async {
        let clock = ManualClock()
        let scheduler = DeadlineScheduler(clock: AnyClock(clock))
        let (fired, record) = AsyncStream<String>.makeStream()
        let cancelled = scheduler.schedule(after: .seconds(1)) { record.yield("cancelled") }
        scheduler.cancel(cancelled)
        _ = scheduler.schedule(after: .seconds(20)) { record.yield("late") }
        _ = scheduler.schedule(after: .seconds(5)) { record.yield("early") }
        var order = fired.makeAsyncIterator()

        clock.advance(by: .seconds(10))
        #expect(await order.next() == "early")
        #expect(scheduler.pendingCount == 1)

        clock.advance(by: .seconds(10))
        #expect(await order.next() == "late")
        #expect(scheduler.pendingCount == 0)
    }

    /// A deadline earlier than the one the timer sleeps for replaces its sleep.
    @Test func anEarlierDeadlineIsNotHeldUpByALaterOne() async {
        let clock = ManualClock()
        let scheduler = DeadlineScheduler(clock: AnyClock(clock))
        let (fired, record) = AsyncStream<String>.makeStream()
        _ = scheduler.schedule(after: .seconds(600)) { record.yield("late") }
        await clock.waitForSleepers(1)
        _ = scheduler.schedule(after: .seconds(1)) { record.yield("soon") }
        var order = fired.makeAsyncIterator()

        clock.advance(by: .seconds(1))
        #expect(await order.next() == "soon")
        #expect(scheduler.pendingCount == 1)
        clock.advance(by: .seconds(599))
        #expect(await order.next() == "late")
    }

    @Test func aDeadlineAtAnInstantFiresThere() async {
        let clock = ManualClock()
        let scheduler = DeadlineScheduler(clock: AnyClock(clock))
        let (fired, record) = AsyncStream<Int>.makeStream()
        let deadline = scheduler.now + .seconds(30)
        clock.advance(by: .seconds(10))
        _ = scheduler.schedule(at: deadline) { record.yield(1) }
        clock.advance(by: .seconds(20))
        var order = fired.makeAsyncIterator()
        #expect(await order.next() == 1)
    }
}
