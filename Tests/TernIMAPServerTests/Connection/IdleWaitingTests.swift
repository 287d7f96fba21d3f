import NIOConcurrencyHelpers
import Testing

@testable import TernIMAPServer

/// The pieces an idle session waits with instead of a task per event.
@Suite struct IdleWaitingTests {
    @Test func theFirstEventWinsWhetherItFiresBeforeOrAfterTheWait() async {
        let early = EventLatch<Int>()
        early.fire(1)
        early.fire(2)
        #expect(await early.wait(cancelled: -1) == 1)

        let late = EventLatch<Int>()
        async let waited = late.wait(cancelled: -1)
        late.fire(3)
        late.fire(4)
        #expect(await waited == 3)
    }

    @Test func cancellingTheWaiterEndsTheWait() async {
        let latch = EventLatch<Int>()
        let waiter = Task { await latch.wait(cancelled: -1) }
        waiter.cancel()
        #expect(await waiter.value == -1)
    }

    /// A consumed element is not kept by the read-ahead queue: behind TLS it would pin NIOSSL's
    /// 32 KiB read buffer for as long as the session idles.
    @Test func theHandoffKeepsNothingItHandedOut() async {
        final class Payload: Sendable {}
        let handoff = BoundedHandoff<Payload>(capacity: 4)
        weak var released: Payload?
        do {
            let payload = Payload()
            released = payload
            #expect(await handoff.send(payload))
            #expect(await handoff.send(Payload()))
            #expect(await handoff.next() === payload)
        }
        #expect(released == nil)
    }

    @Test func readableCallbackFiresOnceForInputOrEnd() async {
        let handoff = BoundedHandoff<Int>(capacity: 4)
        let calls = NIOLockedValueBox(0)
        await handoff.onReadable { calls.withLockedValue { $0 += 1 } }
        #expect(calls.withLockedValue { $0 } == 0)
        #expect(await handoff.send(1))
        #expect(await handoff.send(2))
        #expect(calls.withLockedValue { $0 } == 1)
        // Already readable: at once.
        await handoff.onReadable { calls.withLockedValue { $0 += 1 } }
        #expect(calls.withLockedValue { $0 } == 2)
        // Withdrawn: never.
        _ = await handoff.next()
        _ = await handoff.next()
        await handoff.onReadable { calls.withLockedValue { $0 += 100 } }
        await handoff.cancelOnReadable()
        await handoff.finish()
        #expect(calls.withLockedValue { $0 } == 2)
    }
}
