/// Literal announcements: buffered literals inside a command, streamed APPEND message literals.
extension CommandParser {
    mutating func literalAnnounced(_ header: LiteralHeader) -> Output? {
        if header.isNonSynchronizing {
            switch literalPolicy {
            case .literalPlus:
                break
            case .literalMinus where header.size <= 4096:
                break
            case .literalMinus:
                return rejectLiteral(
                    header, ParserError(.nonSynchronizingLiteralRejected, "non-synchronizing literal over 4096 bytes (LITERAL-)"))
            case .synchronizingOnly:
                return rejectLiteral(
                    header, ParserError(.nonSynchronizingLiteralRejected, "non-synchronizing literals are not supported"))
            }
        }
        switch appendMessageOpening() {
        case .failure(let error):
            return rejectLiteral(header, error)
        case .success(let opening?):
            return messageAnnounced(opening)
        case .success(nil):
            break
        }
        guard !header.isBinary else {
            return rejectLiteral(header, ParserError(.malformed, "literal8 is only allowed for APPEND message data"))
        }
        guard header.size <= UInt64(limits.maxLiteralSize) else {
            return rejectLiteral(
                header, ParserError(.literalTooLarge, "literal of \(header.size) bytes exceeds \(limits.maxLiteralSize)"))
        }
        guard UInt64(command.readableBytes) + header.size + 2 <= UInt64(limits.maxCommandSize) else {
            return rejectLiteral(
                header, ParserError(.commandTooLarge, "command larger than \(limits.maxCommandSize) bytes"))
        }
        state = .literal(remaining: header.size)
        if header.isNonSynchronizing { return nil }
        refusableLiteral = true
        return .continuationRequired(header)
    }

    /// An APPEND message opening at the end of `command`; nil when the literal is an ordinary one
    /// (not APPEND, or the APPEND mailbox name itself).
    func appendMessageOpening() -> Result<(Tag, MailboxName, AppendMessage)?, ParserError> {
        var cursor = ParseCursor(command, limits: limits)
        do {
            if let progress = append {
                guard let message = try CommandGrammar.appendContinuation(&cursor, closeUTF8: progress.closeUTF8)
                else { return .failure(ParserError(.malformed, "message literal missing")) }
                return .success((progress.tag, MailboxName([]), message))
            }
            guard CommandGrammar.isAppend(cursor) else { return .success(nil) }
            let (tag, mailbox): (Tag, MailboxName)
            do {
                (tag, mailbox) = try CommandGrammar.appendStart(&cursor)
            } catch where error.code == .incomplete {
                return .success(nil)
            }
            return .success((tag, mailbox, try CommandGrammar.appendMessageOpening(&cursor)))
        } catch {
            return .failure(error)
        }
    }

    mutating func messageAnnounced(_ opening: (Tag, MailboxName, AppendMessage)) -> Output? {
        let (tag, mailbox, message) = opening
        let size = message.data.byteCount
        guard size <= limits.maxAppendMessageSize else {
            let header = LiteralHeader(size: size, isNonSynchronizing: message.data.isNonSynchronizing)
            return rejectLiteral(
                header,
                ParserError(.literalTooLarge, "message of \(size) bytes exceeds the limit of \(limits.maxAppendMessageSize)"))
        }
        let messageCount = (append?.messageCount ?? 0) + 1
        guard messageCount <= limits.maxAppendMessages else {
            let header = LiteralHeader(size: size, isNonSynchronizing: message.data.isNonSynchronizing)
            return rejectLiteral(
                header, ParserError(.tooManyItems, "more than \(limits.maxAppendMessages) messages in one APPEND"))
        }
        if append == nil {
            pending.append(.part(.append(.start(tag: tag, mailbox: mailbox))))
        }
        command.clear()
        lineStart = 0
        append = AppendProgress(tag: tag, messageCount: messageCount, closeUTF8: message.data.isUTF8)
        pending.append(.part(.append(.beginMessage(message))))
        if !message.data.isNonSynchronizing {
            pending.append(.continuationRequired(LiteralHeader(size: size, isBinary: message.data.isBinary)))
            refusableLiteral = true
        }
        if size == 0 {
            pending.append(.part(.append(.endMessage)))
            state = .line
        } else {
            state = .message(remaining: size)
        }
        return nil
    }

    /// Rejects a literal announcement: a synchronizing literal's bytes never come (the client waits for a
    /// continuation), a non-synchronizing literal's bytes are skipped along with the rest of the command.
    mutating func rejectLiteral(_ header: LiteralHeader, _ error: ParserError) -> Output {
        let output = fail(error, thenDiscardWithTail: false)
        if header.isNonSynchronizing {
            state = .skipLiteral(remaining: header.size)
        }
        return output
    }
}
