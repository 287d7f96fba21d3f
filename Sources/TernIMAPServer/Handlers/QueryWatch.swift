/// The outer bounds of a query's work (issue 17 point 6): a SEARCH, SORT or THREAD stops at its time
/// budget with `NO [LIMIT]` and the session goes on; any query stops when the client closes the
/// connection, since nobody will read the answer, and the session ends.
///
/// Stopping is cancellation: storage reads take a limiter permit per chunk and give up when cancelled,
/// and the query loops check between messages, so work ends within one chunk or message, even while a
/// read waits on a slow store (which a check of the clock between messages could not interrupt).
extension IMAPSession {
    private enum WatchEvent: Sendable {
        case overBudget
        case clientGone
        case cancelled
    }

    private enum WatchOutcome<T: Sendable>: Sendable {
        case finished(Result<T, any Error>)
        case event(WatchEvent)
    }

    /// Runs `work` (reading and matching, not writing the answer: a cancelled write would cut a
    /// response) in a child task and stops it at `budget` (nil: none) or when the client's input ends.
    /// - Throws: `QueryError(.limit)` past the budget; `SessionTermination(.closed)` when the client left;
    ///   else what `work` throws.
    func watched<T: Sendable>(
        _ command: String, budget: Duration?, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let latch = EventLatch<WatchEvent>()
        let timer = budget.map { context.deadlines.schedule(after: $0) { latch.fire(.overBudget) } }
        await inbound.onEnd { latch.fire(.clientGone) }
        let (result, event) = await withTaskGroup(of: WatchOutcome<T>.self) { group in
            group.addTask { .finished(await Result { try await work() }) }
            group.addTask { .event(await latch.wait(cancelled: .cancelled)) }
            var result: Result<T, any Error>? = nil
            var event: WatchEvent? = nil
            // Whichever ends first, the other is cancelled: the watcher when the work is done, the work
            // when an event came.
            while let outcome = await group.next() {
                switch outcome {
                case .finished(let finished): result = finished
                case .event(let fired): if result == nil { event = fired }
                }
                group.cancelAll()
            }
            return (result ?? .failure(CancellationError()), event)
        }
        if let timer { context.deadlines.cancel(timer) }
        await inbound.cancelOnEnd()
        switch event {
        case .clientGone:
            logger.info("client left during \(command); its work was stopped")
            throw SessionTermination(end: .closed)
        case .overBudget:
            if case .success(let value) = result { return value }  // it finished as the budget ran out
            let seconds = budget.map { "\($0.components.seconds) s" } ?? "-"
            throw QueryError(.limit, "\(command) took longer than the server allows (\(seconds)); narrow the search")
        case .cancelled, nil:
            return try result.get()
        }
    }
}
