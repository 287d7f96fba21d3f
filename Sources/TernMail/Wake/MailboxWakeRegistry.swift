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
        let id = state.withLockedValue { $0.nextWaiterID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                let outcome = state.withLockedValue { (state: inout WakeRegistryState) -> WakeRegistryState.RegisterOutcome in
                    // Checked under the lock, so a cancellation either happened before (seen here)
                    // or its handler runs after registration and finds the waiter.
                    if Task.isCancelled { return .rejected(CancellationError()) }
                    guard state.waiterCount < maxWaiters else {
                        return .rejected(
                            MailboxStoreError(.limitExceeded, "\(maxWaiters) sessions already wait for mailbox changes"))
                    }
                    return state.register(
                        id: id, partition: partition, position: position, continuation: continuation)
                }
                switch outcome {
                case .rejected(let error): continuation.resume(throwing: error)
                case .registered: break
                case .startWatch(let generation, let from, let replacing):
                    replacing?.cancel()
                    startWatch(partition: partition, generation: generation, from: from)
                }
            }
        } onCancel: {
            let (continuation, watch) = state.withLockedValue { $0.remove(id: id, partition: partition) }
            watch?.cancel()
            continuation?.resume(throwing: CancellationError())
        }
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
                for continuation in failed { continuation.resume(throwing: error) }
                return
            }
            let (woken, next) = state.withLockedValue { state in
                state.wake(partition: partition, generation: generation, newest: newest)
            }
            for (continuation, key) in woken { continuation.resume(returning: key) }
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
