import NIOConcurrencyHelpers
import TernStorage

/// Wakes sessions (IDLE, NOOP) waiting for new operations in a mailbox's log. One storage watch
/// per mailbox per process, shared by every waiter of that mailbox; a waiter holds only its
/// continuation and the log key it has seen, and is resumed with the newest key when the log
/// holds something after it. Waking is a hint: the session syncs its `MailboxLogStore` next.
///
/// Rows that land *below* a waiter's key (a concurrent writer with a lagging clock) do not wake
/// it; the session's periodic sync finds them.
public final class MailboxWakeRegistry: Sendable {
    /// Default bound on waiting sessions per process.
    public static let defaultMaxWaiters = 100_000

    private let rows: any RowStore
    private let maxWaiters: Int
    private let state = NIOLockedValueBox(WakeRegistryState())

    public init(rows: any RowStore, maxWaiters: Int = MailboxWakeRegistry.defaultMaxWaiters) {
        self.rows = rows
        self.maxWaiters = max(0, maxWaiters)
    }

    /// How many sessions wait right now, over all mailboxes.
    public var waiterCount: Int { state.withLockedValue { $0.waiterCount } }

    /// How many storage watches run right now (one per mailbox with waiters).
    public var watchCount: Int { state.withLockedValue { $0.watches.count } }

    /// Returns the newest log key once the log of `mailboxID` holds a key after `position` (any
    /// key when nil). Throws `CancellationError` when the task is cancelled, `MailboxStoreError`
    /// `.limitExceeded` when the process already has `maxWaiters` waiters, and the storage
    /// error when the watch fails.
    public func wait(mailboxID: String, after position: String?) async throws -> String {
        try await wait(partition: MailboxLogKeys(mailboxID: mailboxID).logPartition, after: position)
    }

    /// The same for any row partition (e.g. a user's incoming queue, `Account.incomingPartition`).
    public func wait(partition: String, after position: String?) async throws -> String {
        let registration = LockedRegistration()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                // Checked before registering; a cancellation after it finds the registration.
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let waiter = register(partition: partition, after: position) { continuation.resume(with: $0) }
                if registration.store(waiter) { cancel(waiter, notifying: true) }
            }
        } onCancel: {
            if let waiter = registration.cancel() { cancel(waiter, notifying: true) }
        }
    }

    /// The callback form of `wait(mailboxID:after:)`, for a waiter that races several events
    /// without a task per event (IDLE).
    public func register(
        mailboxID: String, after position: String?, onWake: @escaping @Sendable (Result<String, any Error>) -> Void
    ) -> WakeRegistration {
        register(partition: MailboxLogKeys(mailboxID: mailboxID).logPartition, after: position, onWake: onWake)
    }

    /// Calls `onWake` once, from any thread: with the newest key once the partition holds a key
    /// after `position`, or with the error (`.limitExceeded`, a failed watch). Unless `cancel`
    /// took the registration first; then it is never called.
    public func register(
        partition: String, after position: String?, onWake: @escaping @Sendable (Result<String, any Error>) -> Void
    ) -> WakeRegistration {
        let id = state.withLockedValue { $0.nextWaiterID() }
        let registration = WakeRegistration(id: id, partition: partition)
        let outcome = state.withLockedValue { (state: inout WakeRegistryState) -> WakeRegistryState.RegisterOutcome in
            guard state.waiterCount < maxWaiters else {
                return .rejected(
                    MailboxStoreError(.limitExceeded, "\(maxWaiters) sessions already wait for mailbox changes"))
            }
            return state.register(id: id, partition: partition, position: position, notify: onWake)
        }
        switch outcome {
        case .rejected(let error): onWake(.failure(error))
        case .registered: break
        case .startWatch(let generation, let from, let replacing):
            replacing?.cancel()
            startWatch(partition: partition, generation: generation, from: from)
        }
        return registration
    }

    /// Withdraws a registration; its callback is not called afterwards (or, with `notifying`,
    /// is called with `CancellationError` if it had not run yet). Stops the partition's watch
    /// when nobody else waits on it.
    public func cancel(_ registration: WakeRegistration, notifying: Bool = false) {
        let (notify, watch) = state.withLockedValue { $0.remove(id: registration.id, partition: registration.partition) }
        watch?.cancel()
        if notifying { notify?(.failure(CancellationError())) }
    }

    private func startWatch(partition: String, generation: UInt64, from: String?) {
        let task = Task { await self.runWatch(partition: partition, generation: generation, from: from) }
        let stale = state.withLockedValue { $0.attach(task, partition: partition, generation: generation) }
        if stale { task.cancel() }
    }

    /// Waits on storage from the lowest waiter position, wakes every waiter the newest key has
    /// passed, and goes on from the new lowest position until nobody waits.
    private func runWatch(partition: String, generation: UInt64, from start: String?) async {
        var from = start
        while true {
            let newest: String?
            do {
                try await rows.waitForChange(partition: partition, after: from)
                newest = try await newestKey(partition: partition, after: from)
            } catch {
                if Task.isCancelled { return }
                let failed = state.withLockedValue { $0.failAll(partition: partition, generation: generation) }
                for notify in failed { notify(.failure(error)) }
                return
            }
            let (woken, next) = state.withLockedValue { state in
                state.wake(partition: partition, generation: generation, newest: newest)
            }
            for (notify, key) in woken { notify(.success(key)) }
            guard case .waitFrom(let position) = next else { return }
            from = position
        }
    }

    private func newestKey(partition: String, after: String?) async throws -> String? {
        var cursor = after
        var newest: String?
        repeat {
            let page = try await rows.listKeys(partition: partition, after: cursor, limit: StorageKey.maxListLimit)
            if let last = page.keys.last { newest = last }
            cursor = page.nextAfter
        } while cursor != nil
        return newest
    }
}

/// One waiter of `MailboxWakeRegistry`, to cancel it.
public struct WakeRegistration: Hashable, Sendable {
    let id: UInt64
    let partition: String
}

/// Hands a registration from the waiting task to its cancellation handler, whichever runs first.
private final class LockedRegistration: Sendable {
    private let state = NIOLockedValueBox<(registration: WakeRegistration?, cancelled: Bool)>((nil, false))

    /// Keeps `registration`; true when the task was cancelled already (the caller cancels it).
    func store(_ registration: WakeRegistration) -> Bool {
        state.withLockedValue { state in
            if state.cancelled { return true }
            state.registration = registration
            return false
        }
    }

    /// Marks the task cancelled; returns the registration to cancel, if one was stored.
    func cancel() -> WakeRegistration? {
        state.withLockedValue { state in
            state.cancelled = true
            return state.registration
        }
    }
}
