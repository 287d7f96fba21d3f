import NIOCore

/// The waiting line of a group commit (pure; `SQLiteGroupCommit` is its shell): requests wait in
/// arrival order, and each commit takes the oldest ones, up to `maxWrites` writes between them.
/// The oldest request is always taken, however many writes it holds, so every request gets its
/// commit and none waits behind more than one full batch per request ahead of it.
struct GroupCommitQueue<Request> {
    let maxWrites: Int
    private var waiting = CircularBuffer<(request: Request, writes: Int)>()

    init(maxWrites: Int) {
        precondition(maxWrites > 0, "a commit takes at least one write")
        self.maxWrites = maxWrites
    }

    var count: Int { waiting.count }

    mutating func enqueue(_ request: Request, writes: Int) {
        waiting.append((request, writes))
    }

    /// The requests the next commit holds, oldest first; empty when none waits.
    mutating func nextBatch() -> [Request] {
        guard let first = waiting.popFirst() else { return [] }
        var batch = [first.request]
        var writes = first.writes
        while let next = waiting.first, writes + next.writes <= maxWrites {
            batch.append(next.request)
            writes += next.writes
            waiting.removeFirst()
        }
        return batch
    }
}

extension GroupCommitQueue: Sendable where Request: Sendable {}
