import Testing

@testable import TernStorage

/// The pure waiting line behind `S3RequestGate`: straight-line scripts of events and outcomes.
@Suite("S3 request queue")
struct S3RequestQueueTests {
    @Test func grantsUpToCapacityThenQueues() {
        var queue = S3RequestQueue<String>(capacity: 2, maxWaiting: 10)
        #expect(queue.request(id: 0, waiter: "a") == .granted)
        #expect(queue.request(id: 1, waiter: "b") == .granted)
        #expect(queue.request(id: 2, waiter: "c") == .waiting)
        #expect(queue.active == 2)
        #expect(queue.waitingCount == 1)
    }

    @Test func releasedPermitsGoToWaitersInArrivalOrder() {
        var queue = S3RequestQueue<String>(capacity: 1, maxWaiting: 10)
        #expect(queue.request(id: 0, waiter: "holder") == .granted)
        for (id, name) in ["first", "second", "third"].enumerated() {
            #expect(queue.request(id: UInt64(id + 1), waiter: name) == .waiting)
        }
        #expect(queue.release()?.waiter == "first")
        #expect(queue.release()?.waiter == "second")
        #expect(queue.release()?.waiter == "third")
        // Handing a permit over keeps it held; only the last release frees it.
        #expect(queue.active == 1)
        #expect(queue.release() == nil)
        #expect(queue.active == 0)
    }

    @Test func aNewcomerNeverOvertakesAWaiter() {
        var queue = S3RequestQueue<String>(capacity: 1, maxWaiting: 10)
        #expect(queue.request(id: 0, waiter: "holder") == .granted)
        #expect(queue.request(id: 1, waiter: "waiter") == .waiting)
        // The permit passes straight to the waiter, so a request arriving right after still queues.
        #expect(queue.release()?.waiter == "waiter")
        #expect(queue.request(id: 2, waiter: "newcomer") == .waiting)
        #expect(queue.release()?.waiter == "newcomer")
    }

    @Test func theLineIsBounded() {
        var queue = S3RequestQueue<String>(capacity: 1, maxWaiting: 2)
        #expect(queue.request(id: 0, waiter: "holder") == .granted)
        #expect(queue.request(id: 1, waiter: "one") == .waiting)
        #expect(queue.request(id: 2, waiter: "two") == .waiting)
        #expect(queue.request(id: 3, waiter: "three") == .lineFull)
        #expect(queue.waitingCount == 2)
        // A place freed is usable again.
        _ = queue.release()
        #expect(queue.request(id: 4, waiter: "four") == .waiting)
    }

    @Test func aRemovedWaiterLeavesTheLineAndIsSkipped() {
        var queue = S3RequestQueue<String>(capacity: 1, maxWaiting: 10)
        #expect(queue.request(id: 0, waiter: "holder") == .granted)
        for id in 1...5 { #expect(queue.request(id: UInt64(id), waiter: "w\(id)") == .waiting) }
        #expect(queue.remove(id: 3) == "w3")
        #expect(queue.remove(id: 1) == "w1")
        #expect(queue.remove(id: 5) == "w5")
        #expect(queue.waitingCount == 2)
        #expect(!queue.isWaiting(id: 3))
        #expect(queue.isWaiting(id: 4))
        #expect(queue.release()?.waiter == "w2")
        #expect(queue.release()?.waiter == "w4")
        #expect(queue.release() == nil)
        #expect(queue.active == 0)
    }

    @Test func removingAGrantedOrUnknownWaiterDoesNothing() {
        var queue = S3RequestQueue<String>(capacity: 1, maxWaiting: 10)
        #expect(queue.request(id: 0, waiter: "holder") == .granted)
        #expect(queue.request(id: 1, waiter: "waiter") == .waiting)
        #expect(queue.release()?.id == 1)
        // Its timer or cancellation arrives after the grant: it keeps its permit.
        #expect(queue.remove(id: 1) == nil)
        #expect(queue.remove(id: 42) == nil)
        #expect(queue.active == 1)
    }

    @Test func aFreedPermitWithNobodyWaitingIsGrantedAtOnce() {
        var queue = S3RequestQueue<String>(capacity: 1, maxWaiting: 0)
        #expect(queue.request(id: 0, waiter: "a") == .granted)
        #expect(queue.request(id: 1, waiter: "b") == .lineFull)
        #expect(queue.release() == nil)
        #expect(queue.request(id: 2, waiter: "c") == .granted)
    }
}
