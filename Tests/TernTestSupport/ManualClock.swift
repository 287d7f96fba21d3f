import NIOConcurrencyHelpers

/// A clock that stands still until a test moves it: `advance(by:)` resumes, in deadline order,
/// every sleeper whose deadline it reaches. A timeout test advances past the timeout instead of
/// waiting for it, so it runs at once and the same way on a loaded machine as on an idle one.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol {
        /// Time since the clock was made.
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public static func + (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: rhs) }
        public static func - (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: .zero - rhs) }
    }

    private typealias Waiter = CheckedContinuation<Void, Never>

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [UInt64: Sleeper] = [:]
        var lastID: UInt64 = 0
        /// Tests waiting for a number of sleepers.
        var countWaiters: [(count: Int, continuation: Waiter)] = []

        /// Takes out the count waiters the current number of sleepers satisfies.
        mutating func satisfiedWaiters() -> [Waiter] {
            let count = sleepers.count
            let satisfied = countWaiters.filter { $0.count == count }.map(\.continuation)
            countWaiters.removeAll { $0.count == count }
            return satisfied
        }
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var now: Instant { state.withLockedValue { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// Sleepers waiting for a later instant.
    public var sleeperCount: Int { state.withLockedValue { $0.sleepers.count } }

    /// Returns once exactly `count` sleepers wait. A test calls it before `advance`, so that the
    /// deadline it means to pass is armed (a sleep that starts after `advance` counts from then).
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: Waiter) in
            let ready = state.withLockedValue { state -> Bool in
                if state.sleepers.count == count { return true }
                state.countWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Returns once the clock has been advanced to `deadline` (at once if it is there already);
    /// throws `CancellationError` when the sleeping task is cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLockedValue { state -> UInt64 in
            state.lastID += 1
            return state.lastID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Under the lock, so a cancellation handler running now either finds the sleeper or has
                // already set the flag read here.
                let (resume, satisfied) = state.withLockedValue {
                    state -> (Result<Void, any Error>?, [Waiter]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (nil, state.satisfiedWaiters())
                }
                if let resume { continuation.resume(with: resume) }
                for waiter in satisfied { waiter.resume() }
            }
        } onCancel: {
            let (sleeper, satisfied) = state.withLockedValue { state in
                let sleeper = state.sleepers.removeValue(forKey: id)
                return (sleeper, sleeper == nil ? [] : state.satisfiedWaiters())
            }
            sleeper?.continuation.resume(throwing: CancellationError())
            for waiter in satisfied { waiter.resume() }
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline is reached, earliest
    /// deadline first (ties in the order they went to sleep).
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a clock does not go back")
        let (woken, satisfied) = state.withLockedValue { state -> ([Sleeper], [Waiter]) in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }.sorted {
                ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key)
            }
            for (id, _) in due { state.sleepers[id] = nil }
            return (due.map(\.value), due.isEmpty ? [] : state.satisfiedWaiters())
        }
        for sleeper in woken { sleeper.continuation.resume() }
        for waiter in satisfied { waiter.resume() }
    }
}
