import NIOCore
import TernIMAP
import TernMail

/// APPEND, with MULTIAPPEND (RFC 3502), flags, INTERNALDATE and APPENDUID, streamed and atomic:
/// each message's bytes go from the parser through a bounded handoff into `Mailbox.stageAppend`,
/// which stores them while they arrive (the whole message is never in memory); the tagged OK
/// follows ONE log operation that publishes every message of the command (`Mailbox.commit`).
/// Any refusal, parse error or lost client discards what was staged, so a NO or BAD leaves the
/// mailbox as it was. A refused APPEND refuses the next synchronizing literal, or skips the bytes
/// of a non-synchronizing one.
///
/// Bytes are stored exactly as sent: staging needs the exact size up front, and bare-LF
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
        var batch = AppendBatch()
        do {
            try await receiveAppend(tag: tag, into: target, batch: &batch, refusal: refusal)
        } catch {
            // The client went away or the session ends: publish nothing.
            if let target, !batch.isEmpty { await target.discard(batch) }
            throw error
        }
    }

    /// Reads the command's messages into `batch` and answers it. Returns with `batch` committed
    /// or discarded; throws with it still holding what was staged.
    private func receiveAppend(
        tag: Tag, into target: Mailbox?, batch: inout AppendBatch, refusal initialRefusal: Completion?
    ) async throws {
        var refusal = initialRefusal
        /// Bytes announced by the command's messages so far (the per-command cap).
        var announced: UInt64 = 0
        func refuse(_ completion: Completion) async {
            refusal = completion
            if let target, !batch.isEmpty { await target.discard(batch) }
            batch = AppendBatch()
        }
        while true {
            guard let output = try await nextOutput() else { throw SessionTermination(end: .closed) }
            switch output {
            case .part(.append(.beginMessage(let message))):
                guard refusal == nil, let target else { continue }
                announced += message.data.byteCount
                guard announced <= context.limits.maxAppendBatchBytes else {
                    await refuse(.no(.limit, "one APPEND carries at most \(context.limits.maxAppendBatchBytes) bytes"))
                    continue
                }
                do {
                    guard let staged = try await stageMessage(message, to: target, joining: batch) else {
                        throw SessionTermination(end: .closed)
                    }
                    batch.add(staged)
                } catch let error as MailError {
                    await refuse(failure(error))
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
                    return
                }
                guard let target else { return }
                let committed: MultiAppendResult
                do {
                    committed = try await target.commit(batch)
                } catch {
                    batch = AppendBatch()  // `commit` removed what no written operation names
                    try await complete(tag, failure(error))
                    return
                }
                batch = AppendBatch()
                let code = Self.appendUID(committed)
                try await complete(tag, .ok("APPEND completed", code: code, updates: .allowExpunge))
                logger.debug("appended", metadata: ["count": "\(committed.uids.count)"])
                return
            case .error(let failure):
                await refuse(.bad(failure.error.message))
                try await parseFailed(failure)
                return
            case .part(.tagged), .part(.idleDone), .part(.authenticationResponse):
                await refuse(.bad("APPEND interrupted"))
                try await complete(tag, .bad("APPEND interrupted"))
                return
            }
        }
    }

    /// APPENDUID (RFC 4315): the UIDs in the order sent, as ranges over the messages that exist
    /// (a message another writer added between them blocks a range).
    static func appendUID(_ result: MultiAppendResult) -> ResponseCode? {
        guard let uids = UIDSet.compacting(result.uids, over: result.view.messages.map(\.uid)) else { return nil }
        return .appendUID(uidValidity: result.uidValidity, uids: uids)
    }

    /// Streams one message into storage for `batch` while reading its literal; nil when the
    /// client went away (nothing of the message stays stored).
    private func stageMessage(_ message: AppendMessage, to target: Mailbox, joining batch: AppendBatch) async throws
        -> StagedAppend?
    {
        guard message.data.byteCount <= context.limits.maxAppendSize else {
            throw MailError(.tooLarge, "message larger than \(context.limits.maxAppendSize) bytes")
        }
        let size = Int(message.data.byteCount)
        let flags = (message.flags ?? []).filter { $0 != .recent }.map(\.rawValue)
        let date = message.internalDate.map { $0.secondsSinceEpoch * 1000 } ?? context.wallClockMillis()
        let handoff = BoundedHandoff<ByteBuffer>(capacity: Self.appendHandoffCapacity)
        async let stored: Result<StagedAppend, MailError> = Self.stage(
            AppendBodyStream(handoff: handoff), size: size, flags: flags, date: date, into: target, joining: batch,
            handoff: handoff)
        var consumerOpen = true
        var ended = false
        do {
            while !ended {
                guard let output = try await nextOutput() else {
                    await handoff.close()
                    await Self.abandon(await stored, in: target)
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
        } catch {
            await handoff.close()
            await Self.abandon(await stored, in: target)
            throw error
        }
        await handoff.finish()
        return try await stored.get()
    }

    /// Removes a message staged from an interrupted literal (it cannot be complete, but the store
    /// decides), which no batch holds.
    private static func abandon(_ stored: Result<StagedAppend, MailError>, in target: Mailbox) async {
        guard case .success(let staged) = stored else { return }
        var orphan = AppendBatch()
        orphan.add(staged)
        await target.discard(orphan)
    }

    /// Runs `Mailbox.stageAppend`, closing the handoff when it stops early so the reader skips the rest.
    private static func stage(
        _ body: AppendBodyStream, size: Int, flags: [String], date: Int64, into target: Mailbox,
        joining batch: AppendBatch, handoff: BoundedHandoff<ByteBuffer>
    ) async -> Result<StagedAppend, MailError> {
        do {
            let staged = try await target.stageAppend(
                body, size: size, flags: flags, internalDateMillis: date, normalizeLineEndings: true, joining: batch)
            await handoff.close()
            return .success(staged)
        } catch {
            await handoff.close()
            return .failure(error)
        }
    }
}
