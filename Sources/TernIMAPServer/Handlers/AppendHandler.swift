import NIOCore
import TernIMAP
import TernMail

/// APPEND (with MULTIAPPEND framing, flags, INTERNALDATE, APPENDUID), streamed: each message's bytes
/// go from the parser through a bounded handoff into `Mailbox.append`, which stores them while they
/// arrive; the whole message is never in memory. A refused APPEND (no such mailbox, wrong state)
/// refuses the synchronizing literal, or skips the bytes of a non-synchronizing one.
///
/// Bytes are stored exactly as sent: `Mailbox.append` needs the exact size up front, and bare-LF
/// normalisation would change it after the fact (see docs in SESSION-NOTES for MAIL).
extension IMAPSession {
    /// Bytes in flight between the parser and the store.
    static let appendHandoffCapacity = 4

    func append(tag: Tag, mailbox name: MailboxName) async throws {
        var refusal: Completion?
        var target: Mailbox?
        switch machine.appendReceived() {
        case .proceed:
            do {
                let account = try requireAccount()
                target = try await account.mailbox(named: try storedName(name))
            } catch let error as MailError {
                refusal = error.code == .noSuchMailbox ? .no(.tryCreate, error.message) : failure(error)
            } catch let error as CommandFailure {
                refusal = error.completion
            }
        case .rejectBad(let text):
            refusal = .bad(text)
        case .rejectNo(let code, let text):
            refusal = .no(code, text)
        }
        var appended: [AppendResult] = []
        while true {
            guard let output = try await nextOutput() else { throw SessionTermination(end: .closed) }
            switch output {
            case .part(.append(.beginMessage(let message))):
                guard refusal == nil, let target else { continue }
                do {
                    guard let result = try await appendMessage(message, to: target) else {
                        throw SessionTermination(end: .closed)
                    }
                    appended.append(result)
                } catch let error as MailError {
                    refusal = failure(error)
                }
            case .part(.append(.messageBytes)), .part(.append(.endMessage)), .part(.append(.start)):
                continue  // bytes of a refused message
            case .continuationRequired:
                if let refusal {
                    if parser.refuseLiteral(refusal.text) != nil {
                        try await complete(tag, refusal)
                        return
                    }
                } else {
                    try await writer.continuation("Ready for literal data")
                }
            case .part(.append(.finish)):
                if let refusal {
                    try await complete(tag, refusal)
                } else {
                    try await complete(tag, .ok("APPEND completed", code: appendUID(appended), updates: .allowExpunge))
                    logger.debug("appended", metadata: ["count": "\(appended.count)"])
                }
                return
            case .error(let failure):
                try await parseFailed(failure)
                return
            case .part(.tagged), .part(.idleDone), .part(.authenticationResponse):
                try await complete(tag, .bad("APPEND interrupted"))
                return
            }
        }
    }

    private func appendUID(_ results: [AppendResult]) -> ResponseCode? {
        guard let last = results.last, let uids = UIDSet.inOrder(results.map(\.uid)) else { return nil }
        return .appendUID(uidValidity: last.uidValidity, uids: uids)
    }

    /// Streams one message into `target` while reading its literal; nil when the client went away.
    private func appendMessage(_ message: AppendMessage, to target: Mailbox) async throws -> AppendResult? {
        guard message.data.byteCount <= context.limits.maxAppendSize else {
            throw MailError(.tooLarge, "message larger than \(context.limits.maxAppendSize) bytes")
        }
        let size = Int(message.data.byteCount)
        let flags = (message.flags ?? []).filter { $0 != .recent }.map(\.rawValue)
        let date = message.internalDate.map { $0.secondsSinceEpoch * 1000 } ?? context.wallClockMillis()
        let handoff = BoundedHandoff<ByteBuffer>(capacity: Self.appendHandoffCapacity)
        async let stored: Result<AppendResult, MailError> = Self.store(
            AppendBodyStream(handoff: handoff), size: size, flags: flags, date: date, into: target, handoff: handoff)
        var consumerOpen = true
        var ended = false
        while !ended {
            guard let output = try await nextOutput() else {
                await handoff.close()
                _ = await stored
                return nil
            }
            switch output {
            case .continuationRequired:
                try await writer.continuation("Ready for literal data")
            case .part(.append(.messageBytes(let bytes))):
                if consumerOpen { consumerOpen = await handoff.send(bytes) }
            case .part(.append(.endMessage)):
                ended = true
            default:
                // The parser delivers the literal's bytes and its end before anything else.
                ended = true
            }
        }
        await handoff.finish()
        return try await stored.get()
    }

    /// Runs `Mailbox.append`, closing the handoff when it stops early so the reader skips the rest.
    private static func store(
        _ body: AppendBodyStream, size: Int, flags: [String], date: Int64, into target: Mailbox,
        handoff: BoundedHandoff<ByteBuffer>
    ) async -> Result<AppendResult, MailError> {
        do {
            let result = try await target.append(
                body, size: size, flags: flags, internalDateMillis: date, normalizeLineEndings: true)
            await handoff.close()
            return .success(result)
        } catch {
            await handoff.close()
            return .failure(error)
        }
    }
}
