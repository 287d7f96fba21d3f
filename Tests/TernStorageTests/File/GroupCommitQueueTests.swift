import Testing

@testable import TernStorage

/// Which waiting requests one group commit takes.
@Suite struct GroupCommitQueueTests {
    @Test func takesEveryWaitingRequestUpToTheLimitOldestFirst() {
        var queue = GroupCommitQueue<String>(maxWrites: 5)
        queue.enqueue("a", writes: 1)
        queue.enqueue("b", writes: 2)
        queue.enqueue("c", writes: 2)
        queue.enqueue("d", writes: 1)
        #expect(queue.nextBatch() == ["a", "b", "c"])
        #expect(queue.count == 1)
        #expect(queue.nextBatch() == ["d"])
        #expect(queue.nextBatch().isEmpty)
    }

    @Test func theOldestRequestGoesEvenWhenItAloneExceedsTheLimit() {
        var queue = GroupCommitQueue<String>(maxWrites: 3)
        queue.enqueue("big", writes: 10)
        queue.enqueue("small", writes: 1)
        #expect(queue.nextBatch() == ["big"])
        #expect(queue.nextBatch() == ["small"])
    }

    @Test func aLaterSmallRequestDoesNotOvertakeALargerOne() {
        var queue = GroupCommitQueue<String>(maxWrites: 4)
        queue.enqueue("a", writes: 2)
        queue.enqueue("b", writes: 3)
        queue.enqueue("c", writes: 1)
        #expect(queue.nextBatch() == ["a"])
        #expect(queue.nextBatch() == ["b", "c"])
    }
}
