/// State of an account's import of its incoming queue (one per `Account`, so one per user per
/// process). At most one pass runs at a time: a look's short inline batch, `importIncoming`, or
/// the background task. The account owns the task and cancels and awaits it in `close()`, when
/// the last session of the user has left.
struct IncomingImportDriver {
    /// A pass is running (inline, `importIncoming`, or the task).
    var passRunning = false
    /// The background pass, importing batch after batch until the queue is empty.
    var task: Task<Void, Never>?
    /// Bumped by every look. The task lists the queue once more before it stops if this moved
    /// while it ran, so a delivery announced during its last batch is not left waiting.
    var requests: UInt64 = 0
    /// Called once the running pass ends (an idle session that kept the account awake for it).
    var whenDone: [@Sendable () -> Void] = []
    /// The account is closing: no new task.
    var closed = false
    /// Where the next sweep of expired delivery markers starts (nil: at the first).
    var markerSweepAfter: String?

    /// Ends the pass; returns the callbacks to call.
    mutating func finishPass() -> [@Sendable () -> Void] {
        passRunning = false
        defer { whenDone = [] }
        return whenDone
    }
}

/// What one batch did.
struct IncomingBatch: Sendable {
    /// Messages this batch added to INBOX's log.
    var imported: Int
    /// The queue held entries the batch did not take (more than its bounds, or a next page).
    var more: Bool
}
