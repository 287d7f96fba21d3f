import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Admission to the shared S3 connection pool of one host (issue 18): at most `capacity` requests
/// (the pool's connections per host) are in flight; the rest wait their turn in a FIFO line of at
/// most `maxWaiting`, each for at most the wait it asks for, then fail with `unavailable` (which a
/// session answers `NO [UNAVAILABLE]`).
///
/// Why a gate in front of AsyncHTTPClient's own queue: AHC fails a request that waits for a
/// connection longer than the *connect* timeout (`HTTPClientError.getConnectionFromPoolTimeout`,
/// 5 s here), and a retry joins the back of the same line, so under many users a busy pool turned
/// into errors. Requests that pass this gate find a connection (or open one) without queueing.
///
/// A lock, not an actor: with a permit free, `acquire` takes it without suspending and without a
/// timer, so the gate costs nothing when the pool is not saturated.
public final class S3RequestGate: Sendable {
    public let capacity: Int
    public let maxWaiting: Int
    private let state: NIOLockedValueBox<State>
    /// Runs the wait-bound timers.
    private let timers: any EventLoopGroup

    public var activeCount: Int { state.withLockedValue { $0.queue.active } }
    public var waitingCount: Int { state.withLockedValue { $0.queue.waitingCount } }

    public init(capacity: Int, maxWaiting: Int, timers: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        let queue = S3RequestQueue<CheckedContinuation<Void, any Error>?>(capacity: capacity, maxWaiting: maxWaiting)
        self.capacity = queue.capacity
        self.maxWaiting = queue.maxWaiting
        self.state = NIOLockedValueBox(State(queue: queue))
        self.timers = timers
    }

    /// Waits for a permit, at most `maxWait`. Throws `unavailable` when the line is full or the wait
    /// runs out, `CancellationError` when the task is cancelled while waiting (it leaves the line at
    /// once). The permit must be released (`S3RequestPermit.release`, or by dropping it).
    public func acquire(maxWait: Duration) async throws -> S3RequestPermit {
        try Task.checkCancellation()
        let id = state.withLockedValue { state -> UInt64? in
            // Fast path: nothing queued and a permit free (no timer needed).
            if state.queue.waitingCount == 0 && state.queue.active < state.queue.capacity {
                _ = state.queue.request(id: state.nextID, waiter: nil)
                return nil
            }
            defer { state.nextID += 1 }
            return state.nextID
        }
        guard let id else { return S3RequestPermit(gate: self) }

        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case granted, cancelled, lineFull(waiting: Int), waiting }
                let outcome = state.withLockedValue { state -> Outcome in
                    // Checked under the lock: a cancellation either is seen here or finds the waiter.
                    if Task.isCancelled { return .cancelled }
                    switch state.queue.request(id: id, waiter: continuation) {
                    case .granted: return .granted
                    case .waiting: return .waiting
                    case .lineFull: return .lineFull(waiting: state.queue.waitingCount)
                    }
                }
                switch outcome {
                case .granted:
                    continuation.resume()
                case .cancelled:
                    continuation.resume(throwing: CancellationError())
                case .lineFull(let waiting):
                    continuation.resume(
                        throwing: StorageError(
                            .unavailable,
                            "S3 request line is full: \(waiting) requests wait for \(capacity) connections"))
                case .waiting:
                    startTimer(id: id, maxWait: maxWait)
                }
            }
        } onCancel: {
            let (continuation, timer) = state.withLockedValue { state in
                (state.queue.remove(id: id), state.timers.removeValue(forKey: id))
            }
            timer?.cancel()
            continuation??.resume(throwing: CancellationError())
        }
        return S3RequestPermit(gate: self)
    }

    /// Bounds waiter `id`'s wait. Scheduled after it joined the line (so the timer cannot fire
    /// before there is something to expire) and kept only while it still waits.
    private func startTimer(id: UInt64, maxWait: Duration) {
        let timer = timers.next().scheduleTask(in: TimeAmount(maxWait)) { self.expire(id: id, after: maxWait) }
        let kept = state.withLockedValue { state in
            guard state.queue.isWaiting(id: id) else { return false }
            state.timers[id] = timer
            return true
        }
        if !kept { timer.cancel() }
    }

    /// A permit comes back: it passes to the oldest waiter, or back to the pool.
    fileprivate func release() {
        // Timers are cancelled outside the lock: cancelling takes the event loop's own lock.
        let next = state.withLockedValue { state in
            state.queue.release().map { ($0.waiter, state.timers.removeValue(forKey: $0.id)) }
        }
        guard let (continuation, timer) = next else { return }
        timer?.cancel()
        continuation?.resume()
    }

    private func expire(id: UInt64, after maxWait: Duration) {
        let removed = state.withLockedValue { state in
            state.timers[id] = nil
            return state.queue.remove(id: id).map { ($0, state.queue.waitingCount, state.queue.active) }
        }
        guard let (continuation, waiting, active) = removed else { return }  // granted or cancelled meanwhile
        continuation?.resume(
            throwing: StorageError(
                .unavailable,
                "no S3 connection free after waiting \(maxWait) (\(active) in flight, \(waiting) more waiting)"))
    }

    private struct State: Sendable {
        /// Waiters are their continuations (nil only for grants on the fast path, never queued).
        var queue: S3RequestQueue<CheckedContinuation<Void, any Error>?>
        var nextID: UInt64 = 0
        /// The wait-bound timer of each waiter, cancelled when it leaves the line another way.
        var timers: [UInt64: Scheduled<Void>] = [:]
    }
}

/// One admitted S3 request's place in the pool. Released once: explicitly when the response is
/// done with its connection, or when the last reference goes (a response body dropped unread),
/// so an error path cannot leak a permit.
public final class S3RequestPermit: Sendable {
    private let gate: S3RequestGate
    private let released = NIOLockedValueBox(false)

    fileprivate init(gate: S3RequestGate) {
        self.gate = gate
    }

    public func release() {
        let first = released.withLockedValue { released in
            defer { released = true }
            return !released
        }
        if first { gate.release() }
    }

    deinit {
        release()
    }
}
