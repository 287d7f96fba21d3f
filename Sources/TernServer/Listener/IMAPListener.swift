import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TernAuth
import TernIMAPServer
import TernNetwork

/// One bound IMAP socket (plain with optional STARTTLS, or implicit TLS) on TernNetwork's `NetworkListener`
/// (the listener LMTP and SASL use too): one child task per connection, each running `IMAPConnection.run` on
/// its channel's event loop. The connection caps are the `SessionRegistry`'s (process, address, user).
struct IMAPListener: Sendable {
    enum Security: Sendable {
        /// Plaintext; STARTTLS offered when a context source is given. A connection takes the source's
        /// context when its TLS starts, so a reload (SIGHUP) reaches new connections only.
        case plain(startTLS: TLSContextSource?)
        case implicitTLS(TLSContextSource)

        var name: String {
            switch self {
            case .plain(let context): return context == nil ? "imap" : "imap+starttls"
            case .implicitTLS: return "imaps"
            }
        }
    }

    typealias Connection = NIOAsyncChannel<IMAPInbound, ByteBuffer>

    /// Deadlines of a connection before it is logged in.
    struct Timeouts: Sendable, Hashable {
        /// From accept to a successful login; nothing else moves it (see `LoginPhase`).
        var preLogin: Duration
        /// From the start of a TLS handshake (accept for implicit TLS, STARTTLS otherwise) to its end.
        var tlsHandshake: Duration

        static let standard = Timeouts(preLogin: .seconds(60), tlsHandshake: .seconds(20))
    }

    /// Backlog 512; 4 reads per wake-up; 2/8 inbound reads buffered per connection before NIO stops reading
    /// from the socket (back-pressure).
    static let options: NetworkListener<IMAPInbound, ByteBuffer>.Options = {
        var options = NetworkListener<IMAPInbound, ByteBuffer>.Options()
        options.backlog = 512
        options.maxMessagesPerRead = 4
        options.inboundLowWatermark = 2
        options.inboundHighWatermark = 8
        return options
    }()

    let address: ListenAddress
    let security: Security
    let timeouts: Timeouts
    let listener: NetworkListener<IMAPInbound, ByteBuffer>

    /// What was bound: the configured address with the kernel's port when that was 0.
    let boundAddress: ListenAddress

    static func bind(
        _ address: ListenAddress, security: Security, timeouts: Timeouts = .standard, group: any EventLoopGroup
    ) async throws -> IMAPListener {
        let handshakeTimeout = TimeAmount(timeouts.tlsHandshake)
        let implicitContext: TLSContextSource?
        if case .implicitTLS(let source) = security { implicitContext = source } else { implicitContext = nil }
        let listener = try await NetworkListener<IMAPInbound, ByteBuffer>.bind(
            .tcp(host: address.host, port: address.port), options: options, group: group
        ) { channel in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(QuickAckHandler())
            if let implicitContext {
                try operations.addHandler(implicitContext.makeServerHandler())
                try operations.addHandler(TLSHandshakeDeadlineHandler(timeout: handshakeTimeout))
            }
            try operations.addHandler(IMAPInboundHandler(implicitTLS: implicitContext != nil))
        }
        let bound = ListenAddress(host: address.host, port: listener.localAddress?.port ?? address.port)
        return IMAPListener(
            address: address, security: security, timeouts: timeouts, listener: listener, boundAddress: bound)
    }

    /// Accepts until the server channel closes or the task is cancelled; returns only when every
    /// connection's task has ended.
    func run(context: IMAPServerContext, sessions: SessionRegistry) async {
        do {
            try await listener.run(logger: context.logger) { connection in
                await serve(connection, context: context, sessions: sessions)
            }
        } catch is CancellationError {
            // Graceful shutdown.
        } catch {
            context.logger.error(
                "listener stopped", metadata: ["listen": "\(boundAddress)", "error": "\(error)"])
        }
    }

    private func serve(_ connection: Connection, context: IMAPServerContext, sessions: SessionRegistry) async {
        let remote = connection.channel.remoteAddress.map(Self.describe)
        // The caps and the login limiter count the IP alone (IPv6 by /64), never the port.
        let addressKey = LoginFailureLimiter.addressKey(forRemoteAddress: remote ?? "-")
        let sessionID = sessions.nextID()
        var logger = context.logger
        logger[metadataKey: "session"] = "\(sessionID)"
        logger[metadataKey: "remote"] = "\(remote ?? "-")"
        if let refusal = sessions.open(address: addressKey) {
            let text: String
            switch refusal {
            case .processFull: text = "* BYE [UNAVAILABLE] Too many connections\r\n"
            case .addressFull: text = "* BYE [LIMIT] Too many connections from your address\r\n"
            }
            logger.warning(
                "connection refused", metadata: ["reason": "\(refusal)"])
            try? await connection.executeThenClose { _, outbound in
                try await outbound.write(ByteBuffer(string: text))
            }
            return
        }
        let channel = connection.channel
        let phase = NIOLockedValueBox(LoginPhase())
        // On the process's deadline scheduler (and its clock), as the session's own deadlines.
        let preLoginDeadline = context.deadlines.schedule(after: timeouts.preLogin) { [logger] in
            guard phase.withLockedValue({ $0.deadlinePassed() }) else { return }
            logger.info("pre-login deadline passed, closing")
            channel.writeAndFlush(ByteBuffer(string: "* BYE Login timeout, closing\r\n")).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
        defer {
            context.deadlines.cancel(preLoginDeadline)
            if let user = phase.withLockedValue({ $0.countedUser }) { sessions.releaseUser(user, address: addressKey) }
            sessions.close(address: addressKey)
        }
        let admitLogin: @Sendable (String) -> Bool = { user in
            phase.withLockedValue { $0.loggedIn(user: user) { sessions.admitUser($0, address: addressKey) } }
        }
        let isTLS: Bool
        let startTLSContext: TLSContextSource?
        switch security {
        case .plain(let context): (isTLS, startTLSContext) = (false, context)
        case .implicitTLS: (isTLS, startTLSContext) = (true, nil)
        }
        let info = IMAPConnectionInfo(
            remoteAddress: remote, isTLS: isTLS, canStartTLS: startTLSContext != nil, sessionID: sessionID,
            admitLogin: admitLogin)
        logger.info(
            "session opened", metadata: ["listen": "\(boundAddress)", "tls": "\(isTLS)"])
        var sessionContext = context
        sessionContext.logger = logger
        var startTLS: (@Sendable () async throws -> Void)?
        if let startTLSContext {
            let handshakeTimeout = TimeAmount(timeouts.tlsHandshake)
            startTLS = {
                try await Self.addTLS(to: channel, source: startTLSContext, handshakeTimeout: handshakeTimeout)
            }
        }
        var end = IMAPConnectionEnd.closed
        do {
            try await connection.executeThenClose { inbound, outbound in
                end = await IMAPConnection.run(
                    inbound: inbound, outbound: ChannelOutbound(writer: outbound), startTLS: startTLS, info: info,
                    context: sessionContext)
                if Task.isCancelled {
                    // Graceful shutdown ended the session: tell the client (RFC 3501 7.1.5), best effort.
                    end = .error("server shutting down")
                    if let bye = info.farewell.bytes(for: "* BYE Server shutting down\r\n") {
                        channel.writeAndFlush(bye, promise: nil)
                    }
                }
            }
        } catch {
            end = .error("\(error)")
        }
        logger.info("session closed", metadata: ["reason": "\(Self.describe(end))"])
    }

    /// STARTTLS: on the event loop, puts the TLS handler in front of everything and hands it any
    /// ClientHello that arrived early (see `IMAPInboundHandler`).
    static func addTLS(to channel: any Channel, source: TLSContextSource, handshakeTimeout: TimeAmount) async throws {
        try await channel.eventLoop.submit {
            let operations = channel.pipeline.syncOperations
            let inboundContext = try operations.context(handlerType: IMAPInboundHandler.self)
            let tls = source.makeServerHandler()
            try operations.addHandler(tls, position: .first)
            try operations.addHandler(TLSHandshakeDeadlineHandler(timeout: handshakeTimeout), position: .after(tls))
            let handler = try operations.handler(type: IMAPInboundHandler.self)
            handler.startTLS(context: inboundContext)
        }.get()
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    static func describe(_ end: IMAPConnectionEnd) -> String {
        switch end {
        case .closed: return "closed by client"
        case .logout: return "logout"
        case .idleTimeout: return "idle timeout"
        case .error(let message): return "error: \(message)"
        }
    }
}
