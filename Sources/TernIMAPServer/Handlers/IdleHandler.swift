import NIOCore
import TernIMAP
import TernMail

/// IDLE (RFC 2177): waits on the mail service's wake registry for the selected mailbox, sends the
/// updates as they happen, and ends at DONE (or with BYE after `limits.idleTimeout`). While idle
/// the session holds only the wake registration and its tracker (the view numbers).
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
        let deadline = ContinuousClock.now + context.limits.idleTimeout
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
            switch await nextIdleEvent(deadline: deadline, useWatch: watchHealthy, incomingAfter: incomingAfter) {
            case .input:
                guard let element = await inbound.next() else { throw SessionTermination(end: .closed) }
                if case .bytes(let bytes) = element { input = bytes }
            case .wake:
                watchHealthy = true
                do {
                    try await sendUpdates(allowExpunge: true)
                } catch let error as MailError {
                    logger.warning("sync during IDLE failed", metadata: ["error": "\(error)"])
                }
                try await writer.flush()
            case .incoming(let newestKey):
                let imported = (try? await account?.importIncoming()) ?? 0
                incomingAfter = imported == 0 ? newestKey : nil
                do {
                    try await sendUpdates(allowExpunge: true)
                } catch let error as MailError {
                    logger.warning("sync during IDLE failed", metadata: ["error": "\(error)"])
                }
                try await writer.flush()
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

    /// Races client input, a change in the selected mailbox and the IDLE deadline; nothing is lost
    /// by the race (input is only peeked at).
    private func nextIdleEvent(
        deadline: ContinuousClock.Instant, useWatch: Bool, incomingAfter: String?
    ) async -> IdleEvent {
        let inbound = self.inbound
        let registry = context.mail.wakeRegistry
        var watch: (mailboxID: String, position: String?)?
        if let mailbox = selected?.mailbox {
            watch = (mailbox.storageID, await mailbox.waitPosition)
        }
        let incomingPartition = selected.flatMap { Self.isInbox($0.name) ? account?.incomingPartition : nil }
        return await withTaskGroup(of: IdleEvent.self, returning: IdleEvent.self) { group in
            group.addTask {
                await inbound.waitUntilReadable()
                return Task.isCancelled ? .cancelled : .input
            }
            group.addTask {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return .timeout
                } catch {
                    return .cancelled
                }
            }
            if let incomingPartition, useWatch {
                group.addTask {
                    do {
                        return .incoming(try await registry.wait(partition: incomingPartition, after: incomingAfter))
                    } catch {
                        return Task.isCancelled ? .cancelled : .wakeFailed
                    }
                }
            }
            if let watch {
                if useWatch {
                    group.addTask {
                        do {
                            _ = try await registry.wait(mailboxID: watch.mailboxID, after: watch.position)
                            return .wake
                        } catch {
                            return Task.isCancelled ? .cancelled : .wakeFailed
                        }
                    }
                } else {
                    group.addTask {
                        do {
                            try await Task.sleep(for: Self.idleRetryDelay)
                            return .wake
                        } catch {
                            return .cancelled
                        }
                    }
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return first
        }
    }
}
