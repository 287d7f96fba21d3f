import Logging
import NIOCore
import TernIMAP
import TernMail

/// One client's session: the command loop that owns the parser, the pure state machine, the
/// account and the selected mailbox. Runs in the connection's task; handlers (Handlers/) are
/// extensions that return a `Completion` which the loop turns into the tagged response.
///
/// `@unchecked Sendable`: each command runs in a child task (`inOwnTask`) while the loop waits for
/// it, so one task at a time touches the session.
final class IMAPSession: @unchecked Sendable {
    let context: IMAPServerContext
    let info: IMAPConnectionInfo
    let inbound: BoundedHandoff<IMAPInbound>
    let startTLS: (@Sendable () async throws -> Void)?
    var logger: Logger
    var machine: SessionStateMachine
    var parser: CommandParser
    /// Received bytes the parser has not consumed yet (decompressed when COMPRESS is active).
    var input = ByteBuffer()
    /// The client's compressed input once COMPRESS DEFLATE is active; `input` is filled from it.
    var compressedInput: CompressedInput?
    var writer: ResponseWriter
    var account: Account?
    var selected: SelectedMailbox?
    var enabled = EnabledExtensions()
    var end: IMAPConnectionEnd?
    /// The state this session is counted in by `context.metrics` (nil before the greeting and after the end).
    var countedState: IMAPMetrics.SessionState?

    init(
        context: IMAPServerContext, info: IMAPConnectionInfo, inbound: BoundedHandoff<IMAPInbound>,
        outbound: any IMAPOutbound, startTLS: (@Sendable () async throws -> Void)?
    ) {
        self.context = context
        self.info = info
        self.inbound = inbound
        self.startTLS = startTLS
        var logger = context.logger
        logger[metadataKey: "session"] = "\(info.sessionID)"
        logger[metadataKey: "remote"] = "\(info.remoteAddress ?? "-")"
        self.logger = logger
        self.machine = SessionStateMachine(
            isTLS: info.isTLS, canStartTLS: info.canStartTLS && startTLS != nil,
            loginDisabledWithoutTLS: context.loginDisabledWithoutTLS, maxBadCommands: context.limits.maxBadCommands)
        self.parser = CommandParser(limits: context.limits.parserLimits, literalPolicy: .literalPlus)
        self.writer = ResponseWriter(
            outbound: outbound, flushThreshold: context.limits.outputFlushThreshold, logger: logger)
    }

    var capabilities: [Capability] {
        CapabilityPolicy(
            isTLS: machine.isTLS, canStartTLS: machine.canStartTLS,
            loginDisabledWithoutTLS: context.loginDisabledWithoutTLS, isAuthenticated: machine.isAuthenticated,
            appendLimit: context.limits.maxAppendSize
        ).capabilities
    }

    // MARK: - The loop

    func run() async -> IMAPConnectionEnd {
        logger.debug("session started", metadata: ["remote": "\(info.remoteAddress ?? "-")", "tls": "\(info.isTLS)"])
        do {
            try await writer.untagged(
                .status(.ok, ResponseText(code: .capability(capabilities), text: "\(context.hostname) Tern IMAP ready"))
            )
            countState()
            try await writer.flush()
            while end == nil {
                guard let output = try await nextOutput() else {
                    end = .closed
                    break
                }
                let started = ContinuousClock.now
                writer.lastTaggedStatus = nil
                if case .part(.tagged(let tagged)) = output, case .idle = tagged.command {
                    // Waits in this task, with as few frames as possible: one task less per idle
                    // session. (Nesting `inOwnTask` inside IDLE hung parallel test runs; the cause
                    // was not found, so IDLE's wake work runs inline.)
                    try await idleCommand(tagged)
                } else {
                    try await inOwnTask { try await $0.handle(output) }
                }
                // Counted before the answer is flushed, so a client that read it sees it counted.
                countCommand(output, duration: ContinuousClock.now - started)
                countState()
                try await writer.flush()
            }
        } catch let termination as SessionTermination {
            end = termination.end
        } catch let error as ConnectionLost {
            logger.info("connection lost", metadata: ["error": "\(error.underlying)"])
            end = .error("\(error)")
        } catch {
            logger.error("session failed", metadata: ["error": "\(error)"])
            end = .error("\(error)")
            try? await writer.untagged(.bye(ResponseText(code: .serverBug, text: "Internal error, closing")))
        }
        try? await writer.flush()
        context.metrics.sessionMoved(from: countedState, to: nil)
        countedState = nil
        await closeSession()
        let reason = end ?? .closed
        logger.debug("session ended", metadata: ["reason": "\(reason)"])
        return reason
    }

    /// The next parser output, reading more input as needed; nil when the client closed.
    func nextOutput() async throws -> CommandParser.Output? {
        while true {
            if let output = parser.next(&input) { return output }
            input = ByteBuffer()  // release the consumed read buffer before waiting
            if try await decompressReceivedInput() { continue }
            try await awaitInputOrAutologout()
            guard let element = await inbound.next() else { return nil }
            switch element {
            case .bytes(let bytes):
                received(bytes)
            case .tlsEstablished:
                // Only expected right after STARTTLS, where `startTLSHandshake` consumes it.
                logger.warning("unexpected TLS established event")
            }
        }
    }

    /// Returns once input (or the end of input) is there; logs the client out with BYE when none
    /// comes within `limits.autologoutTimeout`.
    private func awaitInputOrAutologout() async throws {
        enum Event: Sendable { case input, timeout, cancelled }
        let latch = EventLatch<Event>()
        let timer = context.deadlines.schedule(after: context.limits.autologoutTimeout) { latch.fire(.timeout) }
        await inbound.onReadable { latch.fire(.input) }
        let event = await latch.wait(cancelled: .cancelled)
        await inbound.cancelOnReadable()
        context.deadlines.cancel(timer)
        if event == .timeout {
            logger.info("autologout")
            try await writer.untagged(.bye(ResponseText(text: "Autologout; idle for too long")))
            throw SessionTermination(end: .idleTimeout)
        }
    }

    private func handle(_ output: CommandParser.Output) async throws {
        switch output {
        case .part(.tagged(let tagged)):
            try await execute(tagged)
        case .part(.append(.start(let tag, let mailbox))):
            try await append(tag: tag, mailbox: mailbox)
        case .part(.append), .part(.idleDone), .part(.authenticationResponse):
            // Only reachable if a handler stopped consuming mid-command; nothing to answer.
            break
        case .continuationRequired:
            try await writer.continuation("Ready for literal data")
        case .error(let failure):
            try await parseFailed(failure)
        }
    }

    func parseFailed(_ failure: CommandParseError) async throws {
        logger.debug("bad command", metadata: ["tag": "\(failure.tag?.rawValue ?? "*")", "error": "\(failure.error)"])
        if failure.error.code == .literalTooLarge, let tag = failure.tag {
            try await writer.tagged(tag, .no, .tooBig, failure.error.message)
            return
        }
        let text = failure.error.message
        if let tag = failure.tag {
            try await writer.tagged(tag, .bad, text)
        } else {
            try await writer.untagged(.status(.bad, ResponseText(text: text)))
        }
        try await countBadCommand()
    }

    func countBadCommand() async throws {
        if machine.badCommandReceived() == .disconnect {
            try await writer.untagged(.bye(ResponseText(text: "Too many invalid commands")))
            throw SessionTermination(end: .error("too many bad commands"))
        }
    }

    // MARK: - Commands

    /// Asks the state machine; answers a command refused in this state and returns false.
    private func admit(_ tagged: TaggedCommand) async throws -> Bool {
        switch machine.commandReceived(tagged.command) {
        case .rejectBad(let text):
            try await writer.tagged(tagged.tag, .bad, text)
            try await countBadCommand()
            return false
        case .rejectNo(let code, let text):
            try await writer.tagged(tagged.tag, .no, code, text)
            return false
        case .proceed:
            return true
        }
    }

    /// IDLE, run in the session's own task (see `run`); it throws only what ends the session.
    private func idleCommand(_ tagged: TaggedCommand) async throws {
        guard try await admit(tagged) else { return }
        countState(idling: true)
        let completion = try await idle(tag: tagged.tag)
        try await inOwnTask { session in
            try await session.restoreTracker()
            try await session.complete(tagged.tag, completion)
        }
    }

    /// Leaves IDLE with a full tracker (its idle form knows no sequence numbers), whatever IDLE
    /// ended with; a session whose mailbox cannot be read then ends, as it could answer nothing.
    private func restoreTracker() async throws {
        guard selected?.tracker.isCompacted == true else { return }
        do {
            try await sendUpdates(allowExpunge: true)
        } catch let error as MailError {
            logger.warning("mailbox sync after IDLE failed", metadata: ["error": "\(error)"])
            try await writer.untagged(.bye(ResponseText(code: .unavailable, text: "Mailbox unavailable; please reconnect")))
            throw SessionTermination(end: .error("mailbox unavailable after IDLE"))
        }
    }

    private func execute(_ tagged: TaggedCommand) async throws {
        let tag = tagged.tag
        guard try await admit(tagged) else { return }
        let completion: Completion
        do {
            completion = try await dispatch(tagged)
        } catch let error as MailError {
            completion = failure(error, command: tagged.command)
        } catch let error as QueryError {
            completion = try queryFailure(error)
        } catch let error as CommandFailure {
            completion = error.completion
        } catch let error as SessionTermination {
            throw error
        } catch let error as ConnectionLost {
            throw error
        } catch {
            logger.error(
                "command failed",
                metadata: ["tag": "\(tag)", "command": "\(IMAPCommandName(tagged.command).rawValue)", "error": "\(error)"])
            completion = .no(.serverBug, "Internal error")
        }
        try await complete(tag, completion)
    }

    /// Sends the untagged updates the completion allows, then the tagged response.
    func complete(_ tag: Tag, _ completion: Completion) async throws {
        guard !completion.answered else { return }
        if completion.status == .bad { try await countBadCommand() }
        if completion.updates != .none, selected != nil {
            do {
                try await sendUpdates(allowExpunge: completion.updates == .allowExpunge)
            } catch let error as MailError {
                logger.warning("mailbox sync failed", metadata: ["error": "\(error)"])
            }
        }
        var code = completion.code
        if completion.reportsHighestModSeq, completion.status == .ok, let current = selected {
            code = .highestModSeq(ModSeq(max(1, current.tracker.reportableHighestModSeq)))
        }
        try await writer.tagged(tag, completion.status, code, completion.text)
    }

    private func dispatch(_ tagged: TaggedCommand) async throws -> Completion {
        let tag = tagged.tag
        logger.trace("command", metadata: ["tag": "\(tag)", "command": "\(IMAPCommandName(tagged.command).rawValue)"])
        switch tagged.command {
        case .capability: return try await capability()
        case .noop:
            await importIncoming(lookingAt: selected?.name)
            return .ok("NOOP completed", updates: .allowExpunge)
        case .check:
            await importIncoming(lookingAt: selected?.name)
            return .ok("CHECK completed", updates: .allowExpunge)
        case .logout: return try await logout()
        case .id(let parameters): return try await id(parameters)
        case .enable(let capabilities): return try await enable(capabilities)
        case .compress: return try await compress(tag: tag)
        case .startTLS: return try await startTLSCommand(tag: tag)
        case .login(let username, let password): return try await login(username: username, password: password)
        case .authenticate(let mechanism, let initial):
            return try await authenticate(mechanism: mechanism, initialResponse: initial)
        case .namespace: return try await namespace()
        case .select(let name, let parameters): return try await select(name, parameters: parameters, readOnly: false)
        case .examine(let name, let parameters): return try await select(name, parameters: parameters, readOnly: true)
        case .create(let name, let parameters): return try await create(name, parameters: parameters)
        case .delete(let name): return try await delete(name)
        case .rename(let from, let to): return try await rename(from, to: to)
        case .subscribe(let name): return try await subscribe(name, true)
        case .unsubscribe(let name): return try await subscribe(name, false)
        case .list(let command): return try await list(command)
        case .lsub(let reference, let pattern): return try await lsub(reference: reference, pattern: pattern)
        case .status(let name, let attributes): return try await status(name, attributes)
        case .idle: return try await idle(tag: tag)
        case .getQuota(let root): return try await getQuota(root)
        case .getQuotaRoot(let name): return try await getQuotaRoot(name)
        case .setQuota: return .no(.noPerm, "quota limits are set by the administrator")
        case .close: return try await close(expunge: true)
        case .unselect: return try await close(expunge: false)
        case .expunge: return try await expunge(uids: nil)
        case .uidExpunge(let set): return try await expunge(uids: set)
        case .search(let command): return try await search(command, tag: tag)
        case .fetch(let command): return try await fetch(command)
        case .store(let command): return try await store(command)
        case .copy(let command): return try await copy(command, move: false)
        case .move(let command): return try await copy(command, move: true)
        case .sort(let command): return try await sort(command)
        case .thread(let command): return try await thread(command)
        }
    }

    // MARK: - Selected mailbox updates

    /// Syncs the selected mailbox and sends what changed.
    func sendUpdates(allowExpunge: Bool) async throws {
        guard let mailbox = selected?.mailbox else { return }
        let view = try await mailbox.sync()
        try await apply(view, allowExpunge: allowExpunge)
    }

    /// Moves the session's tracker to `view` and sends the updates.
    func apply(
        _ view: MailboxView, allowExpunge: Bool, forceFetch: Set<UInt32> = [], silent: Set<UInt32> = [],
        includeUID: Bool = false
    ) async throws {
        guard var current = selected else { return }
        // New mail is \Recent only in the first read-write session told of it (RFC 3501 2.3.2):
        // claim it before announcing; a storage read (and a write when the floor moves) per arrival.
        // If the floor cannot be read the arrivals count as recent here, as 2.3.2 asks when it
        // cannot be determined, and the command that already did its work still succeeds.
        var recentFloor: UInt32 = 0
        if view.uidValidity == current.tracker.uidValidity, view.uidNext > current.tracker.uidNext {
            do {
                recentFloor = try await current.mailbox.claimRecent(
                    uidValidity: view.uidValidity, uidNext: view.uidNext, claim: !current.readOnly)
            } catch {
                logger.warning("\\Recent floor unavailable", metadata: ["error": "\(error)"])
            }
            guard let latest = selected, latest.mailbox === current.mailbox else { return }
            current = latest
        }
        let outcome = current.tracker.update(
            to: view, options: enabled.trackerOptions, allowExpunge: allowExpunge, forceFetch: forceFetch,
            silent: silent, includeUID: includeUID, recentFloor: recentFloor)
        selected = current
        switch outcome {
        case .updates(let responses):
            try await writer.untagged(responses)
        case .uidValidityChanged:
            logger.notice("UIDVALIDITY changed under a selected mailbox", metadata: ["mailbox": "\(current.name)"])
            try await writer.untagged(.bye(ResponseText(text: "Mailbox UIDVALIDITY changed; please reconnect")))
            throw SessionTermination(end: .error("UIDVALIDITY changed"))
        }
    }

    // MARK: - End

    private func closeSession() async {
        selected = nil
        if let account {
            self.account = nil
            await context.mail.release(account)
        }
    }
}

/// The selected mailbox of a session.
struct SelectedMailbox {
    let mailbox: Mailbox
    var name: String
    var tracker: SelectedMailboxTracker
    let readOnly: Bool
    /// UIDs saved by `SEARCH RETURN (SAVE)` for `$` (SEARCHRES, RFC 5182); nil until a search saves.
    var savedSearch: [UInt32]? = nil
}

/// Extensions the client turned on with ENABLE or a CONDSTORE-enabling command.
struct EnabledExtensions: Hashable {
    var condstore = false
    var qresync = false
    var utf8Accept = false
    /// IMAP4rev2 (RFC 9051): no \Recent, ESEARCH for SEARCH, UTF-8 names, LIST in SELECT.
    var imap4rev2 = false

    /// Mailbox names travel as UTF-8 (UTF8=ACCEPT or IMAP4rev2), else modified UTF-7.
    var utf8Names: Bool { utf8Accept || imap4rev2 }

    var trackerOptions: SelectedMailboxTracker.Options {
        SelectedMailboxTracker.Options(condstore: condstore || qresync, qresync: qresync)
    }
}

/// Ends the session from inside a handler (BYE already sent).
struct SessionTermination: Error {
    let end: IMAPConnectionEnd
}

/// A handler's refusal, thrown from helpers deep in a handler.
struct CommandFailure: Error {
    let completion: Completion
}
