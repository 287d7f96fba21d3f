import TernStorage

/// The lock-protected bookkeeping of `MailboxWakeRegistry`: per log partition, its waiters and
/// the one watch task serving them. Pure bookkeeping; waiters are notified and tasks cancelled by
/// the caller, outside the lock.
struct WakeRegistryState: Sendable {
    /// Called once with the newest key or the watch's error.
    typealias Notify = @Sendable (Result<String, any Error>) -> Void

    struct Waiter: Sendable {
        let position: String?
        let notify: Notify
    }

    struct Watch: Sendable {
        var waiters: [UInt64: Waiter] = [:]
        /// Identifies the task that currently serves this partition; a replaced or finished
        /// task's late calls change nothing.
        var generation: UInt64
        /// The position the task waits from: at or below every waiter's.
        var from: String?
        var task: Task<Void, Never>?
    }

    enum RegisterOutcome {
        case rejected(any Error)
        case registered
        /// Start a task for `generation` waiting from `from` (cancel `replacing` first).
        case startWatch(generation: UInt64, from: String?, replacing: Task<Void, Never>?)
    }

    enum Continuation {
        case stop
        case waitFrom(String?)
    }

    private(set) var watches: [String: Watch] = [:]
    private(set) var waiterCount = 0
    private var lastWaiterID: UInt64 = 0
    private var lastGeneration: UInt64 = 0

    mutating func nextWaiterID() -> UInt64 {
        lastWaiterID += 1
        return lastWaiterID
    }

    mutating func register(
        id: UInt64,
        partition: String,
        position: String?,
        notify: @escaping Notify
    ) -> RegisterOutcome {
        waiterCount += 1
        let waiter = Waiter(position: position, notify: notify)
        if var watch = watches[partition] {
            watch.waiters[id] = waiter
            // The running task waits from a later key and could miss rows between the two.
            let outcome: RegisterOutcome
            if Self.isBelow(position, watch.from) {
                lastGeneration += 1
                outcome = .startWatch(generation: lastGeneration, from: position, replacing: watch.task)
                watch.generation = lastGeneration
                watch.from = position
                watch.task = nil
            } else {
                outcome = .registered
            }
            watches[partition] = watch
            return outcome
        }
        lastGeneration += 1
        watches[partition] = Watch(waiters: [id: waiter], generation: lastGeneration, from: position)
        return .startWatch(generation: lastGeneration, from: position, replacing: nil)
    }

    /// Records the task of `generation`; true when that generation is already over (the task
    /// must then be cancelled).
    mutating func attach(_ task: Task<Void, Never>, partition: String, generation: UInt64) -> Bool {
        guard watches[partition]?.generation == generation else { return true }
        watches[partition]?.task = task
        return false
    }

    /// Removes a cancelled waiter; returns its notification (nil when it was woken already) and
    /// the watch task to cancel when it was the partition's last waiter.
    mutating func remove(id: UInt64, partition: String) -> (Notify?, Task<Void, Never>?) {
        guard var watch = watches[partition], let waiter = watch.waiters.removeValue(forKey: id) else {
            return (nil, nil)
        }
        waiterCount -= 1
        if watch.waiters.isEmpty {
            watches[partition] = nil
            return (waiter.notify, watch.task)
        }
        watches[partition] = watch
        return (waiter.notify, nil)
    }

    /// Takes every waiter the key `newest` has passed; says where the task waits next.
    mutating func wake(
        partition: String,
        generation: UInt64,
        newest: String?
    ) -> (woken: [(Notify, String)], next: Continuation) {
        guard var watch = watches[partition] else { return ([], .stop) }
        var woken: [(Notify, String)] = []
        if let newest {
            for (id, waiter) in watch.waiters where Self.isBelow(waiter.position, newest) {
                watch.waiters[id] = nil
                woken.append((waiter.notify, newest))
            }
            waiterCount -= woken.count
        }
        guard watch.generation == generation else {
            watches[partition] = watch
            return (woken, .stop)
        }
        if watch.waiters.isEmpty {
            watches[partition] = nil
            return (woken, .stop)
        }
        var lowest = watch.waiters.first?.value.position
        for waiter in watch.waiters.values where Self.isBelow(waiter.position, lowest) {
            lowest = waiter.position
        }
        watch.from = lowest
        watches[partition] = watch
        return (woken, .waitFrom(lowest))
    }

    /// Takes every waiter of a failed watch (when `generation` still serves the partition).
    mutating func failAll(partition: String, generation: UInt64) -> [Notify] {
        guard let watch = watches[partition], watch.generation == generation else { return [] }
        watches[partition] = nil
        waiterCount -= watch.waiters.count
        return watch.waiters.values.map(\.notify)
    }

    /// Whether position `a` lies strictly before `b` (nil is the start of the log).
    static func isBelow(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return false
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let a), .some(let b)): return StorageKey.precedes(a, b)
        }
    }
}
