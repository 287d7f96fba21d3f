import NIOConcurrencyHelpers

/// The process's one timer for connection deadlines (IMAP's IDLE timeout, autologout, IDLE's poll
/// retry and query budget; the LMTP and SASL read idle timeout): a single task sleeps on `clock`
/// until the earliest deadline, so a waiting connection costs a heap entry, not a sleeping task of
/// its own. Tests pass a manual clock and advance it instead of waiting.
public final class DeadlineScheduler: Sendable {
    public typealias Action = @Sendable () -> Void

    private struct State: Sendable {
        var queue = DeadlineQueue<AnyClock.Instant, Action>()
        var sleeper: Task<Void, Never>?
        /// When the running sleeper wakes.
        var sleeperInstant: AnyClock.Instant?
    }

    public let clock: AnyClock
    private let state = NIOLockedValueBox(State())

    public init(clock: AnyClock = .continuous) {
        self.clock = clock
    }

    /// The scheduler's clock's current instant (deadlines are instants of this clock).
    public var now: AnyClock.Instant { clock.now }

    /// Deadlines scheduled and not yet fired or cancelled.
    public var pendingCount: Int { state.withLockedValue { $0.queue.count } }

    /// Calls `action` (on some thread) once `duration` has passed, unless cancelled first.
    public func schedule(after duration: Duration, _ action: @escaping Action) -> UInt64 {
        schedule(at: now + duration, action)
    }

    /// Calls `action` (on some thread) once `instant` has passed, unless cancelled first.
    public func schedule(at instant: AnyClock.Instant, _ action: @escaping Action) -> UInt64 {
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

    private func sleep(until instant: AnyClock.Instant) async {
        var wakeAt = instant
        while true {
            do {
                try await clock.sleep(until: wakeAt)
            } catch {
                return  // replaced by an earlier deadline's sleeper
            }
            let now = clock.now
            let (due, next) = state.withLockedValue { state -> ([Action], AnyClock.Instant?) in
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
