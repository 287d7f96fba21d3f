import NIOCore
import TernIMAP
import TernLoadCore

/// Drives one IMAP connection through its session script: a plain ChannelHandler (no task per session),
/// so thousands of sessions cost the load tool little. Responses go through TernIMAP's incremental
/// ResponseParser with FETCH bodies streamed (counted, never kept); commands through its encoder.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        case greeting
        case awaiting(tag: Tag, name: String, started: NIODeadline, isLogin: Bool, isLogout: Bool)
        case idleContinuation(tag: Tag, started: NIODeadline, seconds: Double)
        case idling(tag: Tag)
        case appendContinuation(tag: Tag, name: String, started: NIODeadline, stream: MessageStream)
        case appending
        case pausing
        case closed
    }

    /// Literals above this are streamed by the parser: memory per session stays bounded.
    static let streamThreshold = 16 * 1024
    static let appendChunk = 64 * 1024

    private let session: SessionState
    private let shared: SessionContext
    private var parser = ResponseParser(streamLiteralsAbove: SessionHandler.streamThreshold)
    private var phase = Phase.greeting
    private var tagNumber = 0
    private var result = StepResult.start
    private var literalPlus = false
    private var loggedIn = false
    private var reconnecting = false
    /// A streamed FETCH being assembled for a checking script: its number and its small items.
    private var streamedFetch: (number: SequenceNumber, attributes: [MessageAttribute])?

    init(session: SessionState, shared: SessionContext) {
        self.session = session
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parser.append(unwrapInboundIn(data))
        do {
            while let part = try parser.nextPart() {
                handle(part, context: context)
                if case .closed = phase { return }
            }
        } catch {
            shared.metrics.count { $0.protocolErrors += 1 }
            if parser.isFailed { close(context: context) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if loggedIn {
            loggedIn = false
            shared.metrics.loggedOut()
        }
        if reconnecting {
            reconnecting = false
            session.reconnect?(session)
        } else {
            // Closed before the script finished: the server (or an error) ended the session.
            if !session.ended { shared.metrics.count { $0.droppedSessions += 1 } }
            session.ended = true
            shared.metrics.sessionEnded()
        }
        phase = .closed
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        close(context: context)
    }

    // MARK: responses

    private func handle(_ part: ResponseStreamPart, context: ChannelHandlerContext) {
        switch part {
        case .fetchStreamingBytes(let bytes):
            let count = UInt64(bytes.readableBytes)
            shared.metrics.count { $0.bytesFetched += count }
        case .fetchAttribute(let attribute):
            note(attribute)
            // The checking script sees FLAGS and UID of a streamed FETCH, never its body.
            switch attribute {
            case .flags, .uid: streamedFetch?.attributes.append(attribute)
            default: break
            }
        case .fetchBegin(let number):
            if session.script.observes { streamedFetch = (number, []) }
        case .fetchEnd:
            if let fetch = streamedFetch {
                streamedFetch = nil
                observe(.untagged(.fetch(fetch.number, fetch.attributes)))
            }
        case .fetchStreamingBegin, .fetchStreamingEnd:
            break
        case .response(let response):
            handle(response, context: context)
        }
    }

    private func note(_ attribute: MessageAttribute) {
        switch attribute {
        case .uid(let uid): result.maxUID = max(result.maxUID, uid.rawValue)
        case .bodySection(_, _, let data?), .rfc822(let data?), .binary(_, _, let data?):
            let count = UInt64(data.bytes.count)
            shared.metrics.count { $0.bytesFetched += count }
        default: break
        }
    }

    /// Passes a response to a checking script; what it finds goes to the run's counters and ledger.
    private func observe(_ event: SessionEvent) {
        guard session.script.observes else { return }
        let findings = session.script.observe(event)
        guard !findings.isEmpty else { return }
        let index = session.credentials.index
        for finding in findings {
            switch finding {
            case .violation(let violation): shared.metrics.count { $0.record(violation, session: index) }
            case .recent(let uid): shared.metrics.claimRecent(uid: uid, session: index)
            case .ownKeywordStoreSent, .ownKeywordStored, .ownMessageDeleting, .flagsShown:
                shared.metrics.checkFlags(finding, session: index)
            }
        }
    }

    private func handle(_ response: Response, context: ChannelHandlerContext) {
        switch response {
        case .untagged(let untagged):
            observe(.untagged(untagged))
            switch untagged {
            case .exists(let count): result.exists = count
            case .expunge: result.exists = result.exists > 0 ? result.exists - 1 : 0
            case .fetch(_, let attributes): attributes.forEach(note)
            case .search(let hits, _): result.searchHits = hits
            case .capability(let capabilities): literalPlus = capabilities.contains(Capability("LITERAL+"))
            case .status(.ok, let text):
                if case .capability(let capabilities) = text.code { literalPlus = capabilities.contains(Capability("LITERAL+")) }
                if case .greeting = phase { advance(context: context) }
            case .preauth:
                if case .greeting = phase { advance(context: context) }
            default: break
            }
        case .continuation:
            continued(context: context)
        case .tagged(let tagged):
            completed(tagged, context: context)
        }
    }

    private func continued(context: ChannelHandlerContext) {
        switch phase {
        case .idleContinuation(let tag, let started, let seconds):
            shared.metrics.record("IDLE (until +)", nanoseconds: UInt64((NIODeadline.now() - started).nanoseconds))
            phase = .idling(tag: tag)
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(max(0, seconds) * 1e9))) { [self] in
                guard case .idling = phase else { return }
                var buffer = EncodeBuffer(role: .client)
                var encoder = CommandStreamEncoder()
                encoder.write(.idleDone, into: &buffer)
                phase = .awaiting(tag: tag, name: "IDLE DONE", started: .now(), isLogin: false, isLogout: false)
                context.writeAndFlush(wrapOutboundOut(buffer.take().bytes), promise: nil)
            }
        case .appendContinuation(let tag, let name, let started, let stream):
            phase = .appending
            streamAppend(tag: tag, name: name, started: started, stream: stream, context: context)
        default:
            shared.metrics.count { $0.protocolErrors += 1 }
        }
    }

    private func completed(_ tagged: TaggedResponse, context: ChannelHandlerContext) {
        let ok = tagged.status == .ok
        observe(.tagged(tagged, at: shared.clock.now()))
        shared.metrics.count { counters in
            switch tagged.status {
            case .ok: counters.commandsOK += 1
            case .no: counters.commandsNO += 1
            case .bad: counters.commandsBAD += 1
            }
        }
        switch phase {
        case .awaiting(let tag, let name, let started, let isLogin, let isLogout) where tag == tagged.tag:
            shared.metrics.record(name, nanoseconds: UInt64((NIODeadline.now() - started).nanoseconds))
            if !ok {
                let sample = "\(name): \(tagged.status == .bad ? "BAD" : "NO")"
                    + (tagged.text.code.map { " [\($0)]" } ?? "") + " " + String(tagged.text.text.prefix(200))
                shared.metrics.count { counters in
                    counters.failuresByCommand[name, default: 0] += 1
                    if counters.failureSamples?.count ?? 0 < RunReport.Counters.failureSampleLimit {
                        counters.failureSamples = (counters.failureSamples ?? []) + [sample]
                    }
                }
            }
            if isLogin {
                if ok {
                    loggedIn = true
                    shared.metrics.loggedIn()
                } else {
                    shared.metrics.count { $0.loginFailures += 1 }
                }
            }
            if isLogout {
                phase = .closed
                context.close(promise: nil)
                return
            }
            result.ok = ok
            advance(context: context)
        case .appendContinuation(let tag, _, _, _) where tag == tagged.tag:
            result.ok = false
            advance(context: context)
        default:
            shared.metrics.count { $0.protocolErrors += 1 }
        }
    }

    // MARK: steps

    private func advance(context: ChannelHandlerContext) {
        let now = shared.clock.now()
        let step = session.script.next(after: result, now: now, end: shared.end)
        // Before the write: another session's check of this STORE must find it in flight.
        observe(.sent(at: now))
        switch step {
        case .command(_, .select), .command(_, .examine):
            result.exists = 0
            result.maxUID = 0
        default:
            break
        }
        switch step {
        case .command(let name, let command):
            let isLogin: Bool
            if case .login = command { isLogin = true } else { isLogin = false }
            send(command, name: name, isLogin: isLogin, isLogout: false, context: context)
        case .append(let name, let mailbox, let user, let index, let flags):
            startAppend(name: name, mailbox: mailbox, user: user, index: index, flags: flags, context: context)
        case .idle(let seconds):
            let tag = nextTag()
            phase = .idleContinuation(tag: tag, started: .now(), seconds: seconds)
            write(TaggedCommand(tag: tag, command: .idle), context: context)
        case .pause(let seconds):
            phase = .pausing
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(max(0, seconds) * 1e9))) { [self] in
                guard case .pausing = phase else { return }
                advance(context: context)
            }
        case .reconnect(let logout):
            reconnecting = true
            if logout {
                send(.logout, name: "LOGOUT", isLogin: false, isLogout: true, context: context)
            } else {
                phase = .closed
                context.close(promise: nil)
            }
        case .finish:
            // Counted as ended once the connection is closed, after the LOGOUT answer.
            session.ended = true
            send(.logout, name: "LOGOUT", isLogin: false, isLogout: true, context: context)
        }
    }

    private func nextTag() -> Tag {
        tagNumber += 1
        return Tag("a\(tagNumber)") ?? Tag("a")!
    }

    private func send(_ command: Command, name: String, isLogin: Bool, isLogout: Bool, context: ChannelHandlerContext) {
        let tag = nextTag()
        phase = .awaiting(tag: tag, name: name, started: .now(), isLogin: isLogin, isLogout: isLogout)
        write(TaggedCommand(tag: tag, command: command), context: context)
    }

    private func write(_ command: TaggedCommand, context: ChannelHandlerContext) {
        var buffer = EncodeBuffer(role: .client)
        buffer.writeCommand(command)
        context.writeAndFlush(wrapOutboundOut(buffer.take().bytes), promise: nil)
    }

    private func startAppend(name: String, mailbox: MailboxName, user: Int, index: Int, flags: [Flag], context: ChannelHandlerContext) {
        let stream = MessageStream(spec: shared.generator.spec(user: user, index: index), user: session.credentials.user)
        let tag = nextTag()
        var buffer = EncodeBuffer(role: .client)
        var encoder = AppendEncoder()
        encoder.write(.start(tag: tag, mailbox: mailbox), into: &buffer)
        let data = AppendData(byteCount: UInt64(stream.byteCount), isNonSynchronizing: literalPlus)
        encoder.write(.beginMessage(AppendMessage(flags: flags, data: data)), into: &buffer)
        let started = NIODeadline.now()
        context.writeAndFlush(wrapOutboundOut(buffer.take().bytes), promise: nil)
        if literalPlus {
            phase = .appending
            streamAppend(tag: tag, name: name, started: started, stream: stream, context: context)
        } else {
            phase = .appendContinuation(tag: tag, name: name, started: started, stream: stream)
        }
    }

    /// Writes the message a chunk at a time, the next one only once the previous left the process.
    private func streamAppend(tag: Tag, name: String, started: NIODeadline, stream: MessageStream, context: ChannelHandlerContext) {
        var stream = stream
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.appendChunk)
        let more = stream.nextChunk(maximum: Self.appendChunk, into: &bytes)
        var buffer = context.channel.allocator.buffer(capacity: bytes.count + 2)
        buffer.writeBytes(bytes)
        let count = UInt64(bytes.count)
        shared.metrics.count { $0.bytesAppended += count }
        if !more {
            buffer.writeStaticString("\r\n")
            phase = .awaiting(tag: tag, name: name, started: started, isLogin: false, isLogout: false)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { [self] outcome in
            guard case .success = outcome, case .appending = phase else { return }
            streamAppend(tag: tag, name: name, started: started, stream: stream, context: context)
        }
    }

    private func close(context: ChannelHandlerContext) {
        guard case .closed = phase else {
            phase = .closed
            context.close(promise: nil)
            return
        }
    }
}
