import NIOConcurrencyHelpers

/// Where a waiter stands in a partition: before every row, or after a given sort key.
public enum WatchPosition: Hashable, Sendable {
    case start
    case after(String)

    public init(_ after: String?) {
        self = after.map(WatchPosition.after) ?? .start
    }

    /// Whether a row with sort key `key` is past this position.
    public func isPassed(by key: String) -> Bool {
        switch self {
        case .start: return true
        case .after(let position): return StorageKey.precedes(position, key)
        }
    }
}

/// The in-process watch registry behind `RowStore.waitForChange`: one entry per watched partition,
/// holding every waiting task's continuation, so that N sessions idling on one mailbox cost one watch.
///
/// Backends feed it in one of two ways:
/// - a local store calls `signal(partition:newestKey:)` after each committed write;
/// - a remote store passes a `poller`, which the hub runs as one task per partition while that
///   partition has waiters (started by the first, cancelled when the last leaves). The poller lists
///   from `lowestPosition(partition:)` and calls `signal` with what it finds, backing off when quiet.
///
/// The number of waiters is bounded by the callers (IDLE sessions are limited per user and process).
public final class RowWatchHub: Sendable {
    /// Runs for one partition until cancelled; must return promptly once its task is cancelled.
    public typealias Poller = @Sendable (_ partition: String, _ hub: RowWatchHub) async -> Void

    private let poller: Poller?
    private let state = NIOLockedValueBox(HubState())

    public init(poller: Poller? = nil) {
        self.poller = poller
    }

    /// Waits until `signal` reports a key past `after` for `partition`, unless `satisfied` (run after
    /// the waiter is registered, so no signal in between is lost) says the condition already holds.
    /// Throws `CancellationError` if the task is cancelled while waiting, `unavailable` once the hub is stopped.
    public func wait(
        partition: String,
        after: String?,
        satisfied: @Sendable () async throws -> Bool
    ) async throws {
        try Task.checkCancellation()
        if state.withLockedValue({ $0.stopped }) { throw Self.stoppedError }
        let id = register(partition: partition, position: WatchPosition(after))
        defer { unregister(partition: partition, id: id) }
        if try await satisfied() { return }
        try await suspend(partition: partition, id: id)
    }

    /// Stops for good, because the `StorageRuntime` owning this hub shuts down: cancels every poller and
    /// fails every waiter, present and future, with `unavailable`.
    public func stop() {
        let (tasks, continuations) = state.withLockedValue { $0.stop() }
        for task in tasks { task.cancel() }
        for continuation in continuations { continuation.resume(throwing: Self.stoppedError) }
    }

    static var stoppedError: StorageError { StorageError(.unavailable, "storage is shutting down") }

    /// Wakes every waiter of `partition` whose position `newestKey` has passed.
    public func signal(partition: String, newestKey: String) {
        let toResume = state.withLockedValue { state in
            state.wake(partition: partition) { $0.isPassed(by: newestKey) }
        }
        for continuation in toResume { continuation.resume() }
    }

    /// Wakes every waiter of `partition` (for backends that cannot tell which key changed).
    public func signalAll(partition: String) {
        let toResume = state.withLockedValue { state in
            state.wake(partition: partition) { _ in true }
        }
        for continuation in toResume { continuation.resume() }
    }

    /// The earliest position any current waiter of `partition` waits from; nil when nobody waits.
    public func lowestPosition(partition: String) -> WatchPosition? {
        state.withLockedValue { state in
            state.partitions[partition]?.waiters.values.map(\.position).min { lhs, rhs in
                switch (lhs, rhs) {
                case (.start, .start): return false
                case (.start, .after): return true
                case (.after, .start): return false
                case (.after(let a), .after(let b)): return StorageKey.precedes(a, b)
                }
            }
        }
    }

    /// How many tasks wait on `partition` (for tests and metrics).
    public func waiterCount(partition: String) -> Int {
        state.withLockedValue { $0.partitions[partition]?.waiters.count ?? 0 }
    }

    /// How many tasks wait on `partition` and have not been woken yet (for tests).
    public func unwokenWaiterCount(partition: String) -> Int {
        state.withLockedValue { state in
            state.partitions[partition]?.waiters.values.filter { waiter in
                switch waiter.state {
                case .registered, .parked: return true
                case .woken, .cancelled: return false
                }
            }.count ?? 0
        }
    }

    /// How many partitions have a live watch (for tests and metrics).
    public var watchedPartitionCount: Int {
        state.withLockedValue { $0.partitions.count }
    }

    // MARK: - Waiter lifecycle

    private func register(partition: String, position: WatchPosition) -> UInt64 {
        let (id, isFirst) = state.withLockedValue { state in
            state.register(partition: partition, position: position)
        }
        if isFirst, let poller, !state.withLockedValue({ $0.stopped }) {
            let task = Task { await poller(partition, self) }
            let stale = state.withLockedValue { state in state.attach(task, to: partition) }
            // The partition's last waiter left before the poller was attached: stop it at once.
            if stale { task.cancel() }
        }
        return id
    }

    private func unregister(partition: String, id: UInt64) {
        let task = state.withLockedValue { state in state.unregister(partition: partition, id: id) }
        task?.cancel()
    }

    private func suspend(partition: String, id: UInt64) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLockedValue { state in
                    state.park(partition: partition, id: id, continuation: continuation)
                }
                switch outcome {
                case .parked: break
                case .alreadyWoken: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .stopped: continuation.resume(throwing: Self.stoppedError)
                }
            }
        } onCancel: {
            let continuation = state.withLockedValue { state in state.cancel(partition: partition, id: id) }
            continuation?.resume(throwing: CancellationError())
        }
    }
}

// MARK: - State (only touched under the lock)

private struct HubState {
    enum WaiterState {
        case registered
        case parked(CheckedContinuation<Void, any Error>)
        case woken
        case cancelled
    }

    struct Waiter {
        var position: WatchPosition
        var state: WaiterState
    }

    struct PartitionWatch {
        var waiters: [UInt64: Waiter] = [:]
        var pollTask: Task<Void, Never>?
    }

    enum ParkOutcome { case parked, alreadyWoken, cancelled, stopped }

    var partitions: [String: PartitionWatch] = [:]
    var nextID: UInt64 = 0
    /// Set by `stop()`: no poller starts and no waiter parks any more.
    var stopped = false

    /// Marks the hub stopped; returns the pollers to cancel and the parked waiters to fail.
    mutating func stop() -> ([Task<Void, Never>], [CheckedContinuation<Void, any Error>]) {
        stopped = true
        var tasks: [Task<Void, Never>] = []
        var continuations: [CheckedContinuation<Void, any Error>] = []
        for (partition, watch) in partitions {
            if let task = watch.pollTask { tasks.append(task) }
            partitions[partition]?.pollTask = nil
            for (id, waiter) in watch.waiters {
                guard case .parked(let continuation) = waiter.state else { continue }
                partitions[partition]?.waiters[id]?.state = .cancelled
                continuations.append(continuation)
            }
        }
        return (tasks, continuations)
    }

    mutating func register(partition: String, position: WatchPosition) -> (UInt64, isFirst: Bool) {
        nextID += 1
        let isFirst = partitions[partition] == nil
        partitions[partition, default: PartitionWatch()].waiters[nextID] = Waiter(
            position: position,
            state: .registered
        )
        return (nextID, isFirst)
    }

    /// Returns true when the partition no longer has waiters (the task must be cancelled by the caller).
    mutating func attach(_ task: Task<Void, Never>, to partition: String) -> Bool {
        guard partitions[partition] != nil else { return true }
        partitions[partition]?.pollTask = task
        return false
    }

    mutating func unregister(partition: String, id: UInt64) -> Task<Void, Never>? {
        partitions[partition]?.waiters[id] = nil
        guard let watch = partitions[partition], watch.waiters.isEmpty else { return nil }
        partitions[partition] = nil
        return watch.pollTask
    }

    mutating func park(partition: String, id: UInt64, continuation: CheckedContinuation<Void, any Error>) -> ParkOutcome
    {
        guard let waiter = partitions[partition]?.waiters[id] else { return .cancelled }
        switch waiter.state {
        case .registered where stopped:
            return .stopped
        case .registered:
            partitions[partition]?.waiters[id]?.state = .parked(continuation)
            return .parked
        case .woken: return .alreadyWoken
        case .cancelled, .parked: return .cancelled
        }
    }

    mutating func cancel(partition: String, id: UInt64) -> CheckedContinuation<Void, any Error>? {
        guard let waiter = partitions[partition]?.waiters[id] else { return nil }
        switch waiter.state {
        case .parked(let continuation):
            partitions[partition]?.waiters[id]?.state = .cancelled
            return continuation
        case .registered:
            partitions[partition]?.waiters[id]?.state = .cancelled
            return nil
        case .woken, .cancelled:
            return nil
        }
    }

    mutating func wake(
        partition: String,
        where isWoken: (WatchPosition) -> Bool
    ) -> [CheckedContinuation<Void, any Error>] {
        guard var watch = partitions[partition] else { return [] }
        var toResume: [CheckedContinuation<Void, any Error>] = []
        for (id, waiter) in watch.waiters where isWoken(waiter.position) {
            switch waiter.state {
            case .registered:
                watch.waiters[id]?.state = .woken
            case .parked(let continuation):
                watch.waiters[id]?.state = .woken
                toResume.append(continuation)
            case .woken, .cancelled:
                break
            }
        }
        partitions[partition] = watch
        return toResume
    }
}
