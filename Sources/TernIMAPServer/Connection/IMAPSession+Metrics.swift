import TernIMAP

/// What the session tells `context.metrics`: each answered command, and the state it is counted in.
extension IMAPSession {
    /// Moves the session's count to its current state (or to `idle` while IDLE waits).
    func countState(idling: Bool = false) {
        let state: IMAPMetrics.SessionState =
            if idling { .idle } else if machine.selectedMailbox != nil { .selected } else if machine.isAuthenticated {
                .authenticated
            } else { .prelogin }
        context.metrics.sessionMoved(from: countedState, to: state)
        countedState = state
    }

    /// Counts a command that got a tagged answer (continuation requests and commands cut short by the end of the
    /// session are not counted).
    func countCommand(_ output: CommandParser.Output, duration: Duration) {
        guard let status = writer.lastTaggedStatus else { return }
        let command: IMAPCommandName
        switch output {
        case .part(.tagged(let tagged)): command = IMAPCommandName(tagged.command)
        case .part(.append(.start)): command = .append
        case .error: command = .other
        case .part, .continuationRequired: return
        }
        let result: IMAPMetrics.CommandResult
        switch status {
        case .ok: result = .ok
        case .no: result = .no
        case .bad: result = .bad
        }
        context.metrics.commandCompleted(command, result, duration: duration)
    }
}
