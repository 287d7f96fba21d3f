import NIOConcurrencyHelpers

/// The process's one timer for session deadlines (IDLE timeout, autologout, IDLE's poll retry):
/// a single task sleeps until the earliest deadline, so a waiting session costs a heap entry, not
/// a sleeping task of its own.
public final class DeadlineScheduler: Sendable {
    public typealias Action = @Sendable () -> Void

    private struct State: Sendable {
        var queue = DeadlineQueue<ContinuousClock.Instant, Action>()
        var sleeper: Task<Void, Never>?
        /// When the running sleeper wakes.
        var sleeperInstant: ContinuousClock.Instant?
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Deadlines scheduled and not yet fired or cancelled.
    public var pendingCount: Int { state.withLockedValue { $0.queue.count } }

    /// Calls `action` (on some thread) once `instant` has passed, unless cancelled first.
    public func schedule(at instant: ContinuousClock.Instant, _ action: @escaping Action) -> UInt64 {
        let (id, replaced) = state.withLockedValue { state -> (UInt64, Task<Void, Never>?) in
            let id = state.queue.insert(instant, action)
            guard state.sleeperInstant.map({ instant < $0 }) ?? true else { return (id, nil) }
            let replaced = state.sleeper
            state.sleeperInstant = instant
            state.sleeper = Task { [weak self] in await self?.sleep(until: instant) }
            return (id, replaced)
        }
        replaced?.cancel()
        return id
    }

    /// Withdraws a deadline; its action is not called afterwards.
    public func cancel(_ id: UInt64) {
        state.withLockedValue { _ = $0.queue.remove(id) }
    }

    private func sleep(until instant: ContinuousClock.Instant) async {
        var wakeAt = instant
        while true {
            do {
                try await Task.sleep(until: wakeAt, clock: .continuous)
            } catch {
                return  // replaced by an earlier deadline's sleeper
            }
            let now = ContinuousClock.now
            let (due, next) = state.withLockedValue { state -> ([Action], ContinuousClock.Instant?) in
                let due = state.queue.takeDue(at: now)
                let next = state.queue.earliest()
                state.sleeperInstant = next
                if next == nil { state.sleeper = nil }
                return (due, next)
            }
            for action in due { action() }
            guard let next else { return }
            wakeAt = next
        }
    }
}
