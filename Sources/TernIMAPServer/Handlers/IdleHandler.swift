import NIOCore
import TernIMAP
import TernMail
import TernNetwork

/// IDLE (RFC 2177): waits on the mail service's wake registry for the selected mailbox, sends the
/// updates as they happen, and ends at DONE (or with BYE after `limits.idleTimeout`). While idle
/// the session holds only its wake registrations, the account's keys and its tracker's numbers
/// (`IdleSleep`).
extension IMAPSession {
    private enum IdleEvent: Sendable {
        case input
        case wake
        /// The user's incoming queue holds a delivery (INBOX selected); carries the newest queue key.
        case incoming(String)
        case wakeFailed
        case timeout
        case cancelled
    }

    /// After a failed storage watch, how long before syncing again.
    static let idleRetryDelay: Duration = .seconds(10)

    func idle(tag: Tag) async throws -> Completion {
        try await writer.continuation("idling")
        parser.expectIdleDone()
        let deadline = context.deadlines.now + context.limits.idleTimeout
        var watchHealthy = true
        // Queue position to wait past when an import found nothing importable (so a stuck entry
        // cannot spin the loop); nil means "wake on any queued delivery".
        var incomingAfter: String?
        await importIncoming(lookingAt: selected?.name)
        while true {
            if let output = parser.next(&input) {
                return idleEnded(by: output)
            }
            input = ByteBuffer()  // hold no read buffer while idle
            if try await decompressReceivedInput() { continue }
            let sleep = try await fallAsleep()
            let event = await nextIdleEvent(
                sleep, deadline: deadline, useWatch: watchHealthy, incomingAfter: incomingAfter)
            try await wakeUp(sleep)
            switch event {
            case .input:
                guard let element = await inbound.next() else { throw SessionTermination(end: .closed) }
                if case .bytes(let bytes) = element { received(bytes) }
            case .wake:
                watchHealthy = true
                try await sendIdleUpdates()
            case .incoming(let newestKey):
                let imported = await importIncoming(lookingAt: selected?.name)
                try await sendIdleUpdates()
                incomingAfter = imported == 0 ? newestKey : nil
            case .wakeFailed:
                logger.warning("mailbox watch failed during IDLE; polling")
                watchHealthy = false
            case .timeout:
                try await writer.untagged(.bye(ResponseText(text: "IDLE timed out")))
                throw SessionTermination(end: .idleTimeout)
            case .cancelled:
                throw SessionTermination(end: .closed)
            }
        }
    }

    /// Syncs the selected mailbox and sends what changed; a storage failure is logged, and the
    /// next wake tries again.
    private func sendIdleUpdates() async throws {
        do {
            try await sendUpdates(allowExpunge: true)
        } catch let error as MailError {
            logger.warning("sync during IDLE failed", metadata: ["error": "\(error)"])
        }
        try await writer.flush()
    }

    private func idleEnded(by output: CommandParser.Output) -> Completion {
        switch output {
        case .part(.idleDone):
            return .ok("IDLE terminated", updates: .allowExpunge)
        case .error(let failure):
            return .bad(failure.error.message)
        default:
            return .bad("expected DONE")
        }
    }

    /// Races client input, a change in the selected mailbox (and, with INBOX selected, a
    /// delivery) and the IDLE deadline; nothing is lost by the race (input is only peeked at).
    /// No task per event: the sources fire one latch, and the process-wide scheduler keeps the
    /// deadlines, so an idle session holds callbacks, not sleeping tasks.
    private func nextIdleEvent(
        _ sleep: IdleSleep?, deadline: AnyClock.Instant, useWatch: Bool, incomingAfter: String?
    ) async -> IdleEvent {
        let latch = EventLatch<IdleEvent>()
        let registry = context.mail.wakeRegistry
        let deadlines = context.deadlines
        var timers = [deadlines.schedule(at: deadline) { latch.fire(.timeout) }]
        var registrations: [WakeRegistration] = []
        if let selection = sleep?.selection {
            if useWatch {
                registrations.append(
                    registry.register(mailboxID: selection.storageID, after: selection.position) { result in
                        latch.fire(result.isSuccess ? .wake : .wakeFailed)
                    })
            } else {
                timers.append(deadlines.schedule(after: Self.idleRetryDelay) { latch.fire(.wake) })
            }
        }
        if useWatch, let sleep, let selection = sleep.selection, Self.isInbox(selection.name) {
            registrations.append(
                registry.register(partition: sleep.incomingPartition, after: incomingAfter) { result in
                    switch result {
                    case .success(let newestKey): latch.fire(.incoming(newestKey))
                    case .failure: latch.fire(.wakeFailed)
                    }
                })
        }
        // Kept awake for a running import (`fallAsleep`): its end lets the session sleep again.
        if let sleep, sleep.keepsAccount, let account {
            await account.whenIncomingImportEnds { latch.fire(.wake) }
        }
        await inbound.onReadable { latch.fire(.input) }
        let event = await latch.wait(cancelled: .cancelled)
        await inbound.cancelOnReadable()
        for registration in registrations { registry.cancel(registration) }
        for timer in timers { deadlines.cancel(timer) }
        return event
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
