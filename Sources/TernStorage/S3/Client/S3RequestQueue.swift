import NIOCore

/// The waiting line in front of the shared S3 connection pool (issue 18). Pure: no clocks, no
/// continuations; `S3RequestGate` performs what each event returns.
///
/// At most `capacity` requests hold a permit (the pool's connections per host); the rest wait in
/// arrival order (FIFO: a newcomer never overtakes a waiter, even when a permit is free at that
/// instant), at most `maxWaiting` of them, so the line is bounded however many sessions ask.
/// A waiter leaves the line when it is granted, when its wait bound expires, or when its task is
/// cancelled, whichever comes first; the other two then find nothing to do.
struct S3RequestQueue<Waiter> {
    let capacity: Int
    let maxWaiting: Int
    /// Permits held now (granted and not yet released).
    private(set) var active = 0
    /// Waiters oldest first; ids ascend, so a removal finds its waiter by binary search.
    private var line = CircularBuffer<(id: UInt64, waiter: Waiter)>()

    var waitingCount: Int { line.count }

    init(capacity: Int, maxWaiting: Int) {
        self.capacity = max(1, capacity)
        self.maxWaiting = max(0, maxWaiting)
    }

    enum RequestOutcome: Equatable {
        /// A permit is held from now on; the caller must release it.
        case granted
        /// Queued: the waiter comes back from `release`, `remove` or never (no permit).
        case waiting
        /// The line is full: fail at once, no permit.
        case lineFull
    }

    /// A request for a permit. `id` must be larger than every id requested before.
    mutating func request(id: UInt64, waiter: Waiter) -> RequestOutcome {
        if active < capacity && line.isEmpty {
            active += 1
            return .granted
        }
        guard line.count < maxWaiting else { return .lineFull }
        line.append((id, waiter))
        return .waiting
    }

    /// A permit comes back. Returns the waiter it passes to (who now holds it), if anyone waits.
    mutating func release() -> (id: UInt64, waiter: Waiter)? {
        if let next = line.popFirst() { return next }
        precondition(active > 0, "S3 request permit released more often than granted")
        active -= 1
        return nil
    }

    /// Takes waiter `id` out of the line (its wait expired or its task was cancelled). Returns it
    /// when it was still waiting; nil when it was granted meanwhile (it then holds a permit) or is
    /// unknown.
    mutating func remove(id: UInt64) -> Waiter? {
        guard let index = index(of: id) else { return nil }
        return line.remove(at: index).waiter
    }

    /// Whether waiter `id` is still in the line.
    func isWaiting(id: UInt64) -> Bool {
        index(of: id) != nil
    }

    private func index(of id: UInt64) -> CircularBuffer<(id: UInt64, waiter: Waiter)>.Index? {
        var low = line.startIndex
        var count = line.count
        // Lower bound of `id` in the ascending ids.
        while count > 0 {
            let half = count / 2
            let middle = line.index(low, offsetBy: half)
            if line[middle].id < id {
                low = line.index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        guard low != line.endIndex, line[low].id == id else { return nil }
        return low
    }
}

extension S3RequestQueue: Sendable where Waiter: Sendable {}
