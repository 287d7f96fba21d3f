/// Process-wide limit on concurrent message-body reads from storage, shared fairly between users
/// (DESIGN.md "Streaming paths", issue 8): at most `maxConcurrentReads` reads run at once, and when
/// reads queue up, freed permits go to the waiting users in turn (round robin), so one user's
/// SEARCH TEXT over a large mailbox cannot starve another user's FETCH.
///
/// A permit covers one storage step (opening a body stream or pulling its next chunk), never the time
/// spent writing that chunk to a client, so slow clients do not hold permits.
public actor BodyReadLimiter {
    public let maxConcurrentReads: Int
    public private(set) var activeCount = 0

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// Waiters per user, oldest first; `head` skips served entries without shifting the array.
    private struct UserQueue {
        var waiters: [Waiter] = []
        var head = 0
        var isEmpty: Bool { head == waiters.count }
        mutating func popFirst() -> Waiter? {
            guard !isEmpty else { return nil }
            let waiter = waiters[head]
            head += 1
            if head == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                head = 0
            }
            return waiter
        }
    }

    private var queues: [String: UserQueue] = [:]
    /// Users with waiters, in the order they are served; `cursor` is the next one's index.
    private var ring: [String] = []
    private var cursor = 0
    private var nextWaiterID: UInt64 = 0
    public private(set) var waitingCount = 0

    public init(maxConcurrentReads: Int) {
        self.maxConcurrentReads = max(1, maxConcurrentReads)
    }

    /// Waits for a permit. Throws `CancellationError` if the task is cancelled while waiting (no permit is
    /// then held). Every successful `acquire` must be paired with one `release`.
    public func acquire(user: String) async throws {
        try Task.checkCancellation()
        if activeCount < maxConcurrentReads && waitingCount == 0 {
            activeCount += 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enqueue(Waiter(id: id, continuation: continuation), user: user)
            }
        } onCancel: {
            Task { await self.cancelWaiter(id: id, user: user) }
        }
    }

    /// Returns a permit: it goes to the next waiting user in turn, or back to the pool.
    public func release(user: String) {
        guard let waiter = nextWaiter() else {
            activeCount = max(0, activeCount - 1)
            return
        }
        waiter.continuation.resume()
    }

    private func enqueue(_ waiter: Waiter, user: String) {
        if queues[user] == nil {
            queues[user] = UserQueue()
            // A user who starts waiting is served after everyone already waiting.
            ring.insert(user, at: cursor)
            cursor += 1
            if cursor >= ring.count { cursor = 0 }
        }
        queues[user]?.waiters.append(waiter)
        waitingCount += 1
    }

    private func nextWaiter() -> Waiter? {
        while !ring.isEmpty {
            if cursor >= ring.count { cursor = 0 }
            let user = ring[cursor]
            guard var queue = queues[user], let waiter = queue.popFirst() else {
                removeFromRing(at: cursor, user: user)
                continue
            }
            waitingCount -= 1
            if queue.isEmpty {
                removeFromRing(at: cursor, user: user)
            } else {
                queues[user] = queue
                cursor += 1
            }
            return waiter
        }
        return nil
    }

    private func removeFromRing(at index: Int, user: String) {
        queues[user] = nil
        ring.remove(at: index)
        if cursor > index { cursor -= 1 }
        if cursor >= ring.count { cursor = 0 }
    }

    private func cancelWaiter(id: UInt64, user: String) {
        guard var queue = queues[user],
            let position = queue.waiters[queue.head...].firstIndex(where: { $0.id == id })
        else { return }  // already granted: the holder releases it as usual
        let waiter = queue.waiters.remove(at: position)
        waitingCount -= 1
        if queue.isEmpty, let index = ring.firstIndex(of: user) {
            removeFromRing(at: index, user: user)
        } else {
            queues[user] = queue
        }
        waiter.continuation.resume(throwing: CancellationError())
    }
}
