import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

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
    private let group: any EventLoopGroup
    private let connectionIDs = NIOLockedValueBox<UInt32>(0)

    public init(
        configuration: SASLAuthServerConfiguration,
        authenticator: any PasswordAuthenticator,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
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
            configuration.listeners, idleTimeout: .init(configuration.idleTimeout), group: group)
    }

    public func serve(_ listeners: [ProtocolListener]) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for listener in listeners {
                logger.info(
                    "SASL auth listening",
                    metadata: ["address": "\(listener.localAddress.map { "\($0)" } ?? "\(listener.address)")"]
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
        var generator = SystemRandomNumberGenerator()
        var machine = DovecotAuthStateMachine(
            configuration: DovecotAuthConfiguration(
                serverPID: UInt32(truncatingIfNeeded: getpid()),
                connectionID: connectionID,
                cookie: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) },
                maxLineLength: configuration.maxLineLength,
                maxPendingRequests: configuration.maxPendingRequests,
                requireSecureTransport: configuration.requireSecureTransport
            )
        )
        let logger = self.logger
        do {
            try await connection.executeThenClose { inbound, outbound in
                var session = SASLConnectionShell(outbound: outbound, authenticator: authenticator, logger: logger)
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
    let logger: Logger

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
                let outcome = await authenticator.authenticate(
                    login: check.user,
                    password: String(decoding: check.password, as: UTF8.self),
                    remoteAddress: check.remoteAddress
                )
                let result: CredentialCheckResult
                switch outcome {
                case .success(let login): result = .accepted(user: login)
                // A limiter refusal is answered as a wrong password: it must tell a guesser nothing more.
                case .failure, .temporarilyRefused: result = .rejected
                }
                logger.info(
                    "SASL authentication",
                    metadata: [
                        "user": "\(check.user)", "service": "\(check.service)", "mechanism": "\(check.mechanism)",
                        "remote": "\(check.remoteAddress ?? "-")", "outcome": "\(outcome)",
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
