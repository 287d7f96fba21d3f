import Logging

/// Importing in the background: a session that looks at INBOX never waits for a long queue.
/// It imports a short one in line (at most `IncomingImportLimits.inlineMessages`), so the usual
/// few new messages are in its answer, and leaves the rest to one task per account, which
/// imports batch after batch; the sessions' EXISTS updates (and IDLE, which wakes on INBOX's log)
/// report each batch as it lands. The account owns that task: `close()`, run when the last
/// session of the user released the account, cancels it and waits for it to end.
extension Account {
    /// For a session looking at INBOX (SELECT/EXAMINE, STATUS, NOOP/CHECK, IDLE). Returns how
    /// many messages it imported before returning (the inline batch); 0 when a pass is already
    /// running (that pass lists the queue again before it stops) or the queue went to the task.
    public func importIncomingOnLook() async throws(MailError) -> Int {
        importDriver.requests &+= 1
        guard !importDriver.passRunning, !importDriver.closed else { return 0 }
        importDriver.passRunning = true
        let limits = context.configuration.incomingImport
        let batch: IncomingBatch
        do {
            batch = try await importIncomingBatch(
                maxMessages: limits.inlineMessages, maxBytes: limits.inlineBytes, inline: true)
        } catch {
            for done in importDriver.finishPass() { done() }
            throw error
        }
        for done in importDriver.finishPass() { done() }
        if batch.more { startImportDriver() }
        return batch.imported
    }

    /// A pass (inline or the background task) is importing the queue now.
    public var isImportingIncoming: Bool { importDriver.passRunning }

    /// Calls `done` (from the account's executor) once the running pass ends; at once when none
    /// runs. An idle session that keeps the account for a running pass uses it to go back to
    /// sleep when the pass is over.
    public func whenIncomingImportEnds(_ done: @escaping @Sendable () -> Void) {
        guard importDriver.passRunning else {
            done()
            return
        }
        importDriver.whenDone.append(done)
    }

    /// Starts the task unless a pass runs or the account is closing. The task holds the pass
    /// from this moment, so no look starts a second one meanwhile.
    func startImportDriver() {
        guard !importDriver.passRunning, importDriver.task == nil, !importDriver.closed else { return }
        importDriver.passRunning = true
        importDriver.task = Task { await self.driveImports() }
    }

    /// Batch after batch until the queue is empty, no look came in meanwhile, or the task is
    /// cancelled. A storage error ends it (logged): the mail stays queued for the next look.
    private func driveImports() async {
        let limits = context.configuration.incomingImport
        var seen = importDriver.requests
        var total = 0
        while !Task.isCancelled {
            do {
                let batch = try await importIncomingBatch(maxMessages: limits.batchMessages, maxBytes: limits.batchBytes)
                total += batch.imported
                if batch.more { continue }
            } catch {
                context.logger.warning(
                    "importing delivered mail failed; it stays queued", metadata: ["error": "\(error)"])
                break
            }
            // Checked and cleared with no suspension in between: a look either sees the pass
            // running (and is counted here) or starts a new one.
            if importDriver.requests == seen { break }
            seen = importDriver.requests
        }
        if total > 0 { context.logger.info("imported delivered mail into INBOX", metadata: ["count": "\(total)"]) }
        importDriver.task = nil
        for done in importDriver.finishPass() { done() }
    }

    /// Cancels the running task (it stops taking entries and commits what it stored) and waits
    /// for it. `MailService.release` calls it when the last session let go, before the account
    /// is dropped; a session that adopts the account meanwhile starts a new one with its next look.
    func cancelImportTask() async {
        guard let task = importDriver.task else { return }
        task.cancel()
        await task.value
    }

    /// For `close()`: no new task, and the running one (if any) ended.
    func stopImportDriver() async {
        importDriver.closed = true
        await cancelImportTask()
    }
}
