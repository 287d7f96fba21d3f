import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TernNetwork

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Dovecot-protocol SASL endpoint Postfix's `smtpd_sasl_type = dovecot` talks to: the shell around
/// `DovecotAuthStateMachine`, checking passwords through a `PasswordAuthenticator` (limiter included there).
///
/// Requests on one connection are verified one after the other: Postfix holds one connection per smtpd process,
/// and an smtpd process runs one SMTP session, so there is never more than one check in flight per connection.
public struct SASLAuthServer: Sendable {
    public let configuration: SASLAuthServerConfiguration
    private let authenticator: any PasswordAuthenticator
    private let logger: Logger
    private let metrics: SASLMetrics
    private let group: any EventLoopGroup
    /// Times the read idle timeout (the process's one deadline timer, shared with IMAP).
    private let deadlines: DeadlineScheduler
    private let connectionIDs = NIOLockedValueBox<UInt32>(0)
    private let sessionIDs = SessionIDs()

    public init(
        configuration: SASLAuthServerConfiguration,
        authenticator: any PasswordAuthenticator,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metrics: SASLMetrics = .disabled,
        deadlines: DeadlineScheduler = DeadlineScheduler()
    ) {
        self.deadlines = deadlines
        self.metrics = metrics
        self.configuration = configuration
        self.authenticator = authenticator
        self.logger = logger
        self.group = group
    }

    /// Binds every listener, then serves until the task is cancelled.
    public func run() async throws {
        try await serve(try await bind())
    }

    /// Binds every configured address (tests read the bound ports from the result before `serve`).
    public func bind() async throws -> [ProtocolListener] {
        try await ProtocolListener.bindAll(
            configuration.listeners, idleTimeout: configuration.idleTimeout, deadlines: deadlines, group: group)
    }

    public func serve(_ listeners: [ProtocolListener]) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for listener in listeners {
                logger.info(
                    "SASL auth listening",
                    metadata: ["listen": "\(listener.localAddress.map { "\($0)" } ?? "\(listener.address)")"]
                )
                group.addTask {
                    try await listener.serve(maxConnections: configuration.maxConnections, logger: logger) {
                        await handle($0)
                    }
                }
            }
        }
    }

    func handle(_ connection: ProtocolListener.Connection) async {
        let connectionID = connectionIDs.withLockedValue { id in
            id &+= 1
            return id
        }
        let peer = SASLPeer(connection.channel.remoteAddress, trusted: configuration.trustedPeers)
        var generator = SystemRandomNumberGenerator()
        var machine = DovecotAuthStateMachine(
            configuration: DovecotAuthConfiguration(
                serverPID: UInt32(truncatingIfNeeded: getpid()),
                connectionID: connectionID,
                cookie: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) },
                maxLineLength: configuration.maxLineLength,
                maxPendingRequests: configuration.maxPendingRequests,
                requireSecureTransport: configuration.requireSecureTransport,
                peerIsTrusted: peer.isTrusted
            )
        )
        var logger = self.logger
        logger[metadataKey: "session"] = "\(sessionIDs.id(for: connectionID))"
        logger[metadataKey: "remote"] = "\(RemoteAddressText.describe(connection.channel.remoteAddress))"
        do {
            try await connection.executeThenClose { inbound, outbound in
                var session = SASLConnectionShell(
                    outbound: outbound, authenticator: authenticator, peer: peer, logger: logger, metrics: metrics)
                guard try await session.perform(machine.handshake(), machine: &machine) else { return }
                for try await bytes in inbound {
                    let actions = machine.receive(bytes.readableBytesView)
                    guard try await session.perform(actions, machine: &machine) else { return }
                }
            }
        } catch {
            logger.debug("SASL connection ended", metadata: ["error": "\(error)"])
        }
    }
}

/// Performs the machine's actions for one connection: lines are batched into one write per step.
struct SASLConnectionShell {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let authenticator: any PasswordAuthenticator
    let peer: SASLPeer
    let logger: Logger
    let metrics: SASLMetrics

    /// Returns false once the connection must close.
    mutating func perform(
        _ actions: [DovecotAuthAction],
        machine: inout DovecotAuthStateMachine
    ) async throws
        -> Bool
    {
        var queue = actions[...]
        var out = ByteBuffer()
        while let action = queue.popFirst() {
            switch action {
            case .send(let line):
                out.writeString(line)
                out.writeInteger(UInt8(ascii: "\n"))
            case .verify(let check):
                // Answers so far go out before the (possibly delayed) check.
                if out.readableBytes > 0 {
                    try await outbound.write(out)
                    out.clear()
                }
                let remote = peer.chargedAddress(claimed: check.remoteAddress)
                let outcome = await authenticator.authenticate(
                    login: check.user,
                    password: String(decoding: check.password, as: UTF8.self),
                    remoteAddress: remote
                )
                metrics.checked(outcome)
                let result: CredentialCheckResult
                switch outcome {
                case .success(let login): result = .accepted(user: login)
                // A limiter refusal is answered as a wrong password: it must tell a guesser nothing more.
                case .failure, .temporarilyRefused: result = .rejected
                }
                logger.info(
                    "SASL authentication",
                    metadata: [
                        "command": "AUTH", "user": "\(check.user)", "service": "\(check.service)",
                        "mechanism": "\(check.mechanism)", "client": "\(remote ?? "-")",
                        "peer_trusted": "\(peer.isTrusted)", "outcome": "\(outcome)",
                    ]
                )
                queue = machine.verificationFinished(requestID: check.requestID, result)[...] + queue
            case .close(let reason):
                if out.readableBytes > 0 { try await outbound.write(out) }
                logger.debug("SASL connection closed by server", metadata: ["reason": "\(reason)"])
                return false
            }
        }
        if out.readableBytes > 0 { try await outbound.write(out) }
        return true
    }
}

/// Who is on the other end of a SASL connection, and whose address a failed login there is charged to.
struct SASLPeer: Sendable, CustomStringConvertible {
    /// The peer's IP, or nil for a Unix socket (or an unknown address).
    let ip: String?
    let isTrusted: Bool

    init(_ address: SocketAddress?, trusted: TrustedPeers) {
        switch address {
        case .unixDomainSocket?:
            (ip, isTrusted) = (nil, true)
        case let address? where address.ipAddress != nil:
            let ip = address.ipAddress ?? ""
            (self.ip, isTrusted) = (ip, trusted.contains(ip: ip))
        default:
            (ip, isTrusted) = (nil, false)
        }
    }

    /// The end user's address as a trusted peer (the MTA) reports it; otherwise the peer's own address, so a
    /// client that reaches the SASL port directly cannot spend other addresses' budgets with a forged `rip`.
    func chargedAddress(claimed: String?) -> String? {
        if isTrusted { return claimed ?? ip }
        return ip ?? "untrusted-peer"
    }

    var description: String { (ip ?? "unix") + (isTrusted ? " (trusted)" : "") }
}
