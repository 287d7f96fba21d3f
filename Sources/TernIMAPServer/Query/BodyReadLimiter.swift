import NIOConcurrencyHelpers

/// Process-wide limit on concurrent message-body reads from storage, shared fairly between users
/// (docs/architecture.md "A FETCH, from socket to storage and back" and "Bounds", issue 8): at most
/// `maxConcurrentReads` reads run at once, and when reads queue up, freed permits go to the waiting users in
/// turn (round robin), so one user's SEARCH TEXT over a large mailbox cannot starve another user's FETCH.
///
/// A permit covers one storage step (opening a body stream or pulling its next chunk), never the time
/// spent writing that chunk to a client, so slow clients do not hold permits.
///
/// A lock, not an actor: a whole-mailbox FETCH takes and returns a permit for every chunk, and when
/// permits are free (the usual case) `acquire` returns without suspending and `release` is a plain
/// call, so the permit costs no executor hop.
public final class BodyReadLimiter: Sendable {
    public let maxConcurrentReads: Int
    private let state: NIOLockedValueBox<State>

    public var activeCount: Int { state.withLockedValue { $0.activeCount } }
    public var waitingCount: Int { state.withLockedValue { $0.waitingCount } }

    public init(maxConcurrentReads: Int) {
        self.maxConcurrentReads = max(1, maxConcurrentReads)
        self.state = NIOLockedValueBox(State())
    }

    /// Waits for a permit. Throws `CancellationError` if the task is cancelled while waiting (no permit is
    /// then held). Every successful `acquire` must be paired with one `release`.
    public func acquire(user: String) async throws {
        try Task.checkCancellation()
        let granted = state.withLockedValue { state in
            guard state.activeCount < maxConcurrentReads && state.waitingCount == 0 else { return false }
            state.activeCount += 1
            return true
        }
        if granted { return }
        let id = state.withLockedValue { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case granted, cancelled, waiting }
                let outcome = state.withLockedValue { state -> Outcome in
                    // Checked under the lock: a cancellation either is seen here or finds the waiter.
                    if Task.isCancelled { return .cancelled }
                    // A release between the fast path and here may have freed a permit nobody waits for.
                    if state.activeCount < maxConcurrentReads && state.waitingCount == 0 {
                        state.activeCount += 1
                        return .granted
                    }
                    state.enqueue(Waiter(id: id, continuation: continuation), user: user)
                    return .waiting
                }
                switch outcome {
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .waiting: break
                }
            }
        } onCancel: {
            state.withLockedValue { $0.removeWaiter(id: id, user: user) }?.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit: it goes to the next waiting user in turn, or back to the pool.
    public func release(user: String) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let waiter = state.nextWaiter() else {
                state.activeCount = max(0, state.activeCount - 1)
                return nil
            }
            return waiter
        }
        waiter?.continuation.resume()
    }

    fileprivate struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    fileprivate struct State {
        var activeCount = 0
        var waitingCount = 0
        var nextWaiterID: UInt64 = 0
        var queues: [String: UserQueue] = [:]
        /// Users with waiters, in the order they are served; `cursor` is the next one's index.
        var ring: [String] = []
        var cursor = 0
        /// Waiters per user, oldest first; `head` skips served entries without shifting the array.
        struct UserQueue {
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

        mutating func enqueue(_ waiter: Waiter, user: String) {
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

        mutating func nextWaiter() -> Waiter? {
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

        private mutating func removeFromRing(at index: Int, user: String) {
            queues[user] = nil
            ring.remove(at: index)
            if cursor > index { cursor -= 1 }
            if cursor >= ring.count { cursor = 0 }
        }

        mutating func removeWaiter(id: UInt64, user: String) -> CheckedContinuation<Void, any Error>? {
            guard var queue = queues[user],
                let position = queue.waiters[queue.head...].firstIndex(where: { $0.id == id })
            else { return nil }  // already granted (the holder releases it as usual) or not yet enqueued
            let waiter = queue.waiters.remove(at: position)
            waitingCount -= 1
            if queue.isEmpty, let index = ring.firstIndex(of: user) {
                removeFromRing(at: index, user: user)
            } else {
                queues[user] = queue
            }
            return waiter.continuation
        }
    }
}
