import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TernAuth
import TernIMAPServer
import TernLMTP
import TernMail
import TernNetwork
import TernStorage

@testable import TernServer

/// A real Tern front door in this process: IMAP listeners (plain with STARTTLS, and implicit TLS) and the SASL
/// endpoint on loopback ports, the real user file and authentication gate (one limiter for all of them), the
/// real session, a mail service on memory storage. The gate's sleeps are recorded instead of slept, so limiter
/// delays show up as data and tests wait for nothing; log lines are captured (through `EscapingLogHandler`, as
/// the `tern` binary installs it).
final class LiveServer: Sendable {
    struct Options: Sendable {
        var caps = ConnectionCaps.Limits(maxConnections: 1000, maxPerAddress: 1000, maxPerUserAddress: 1000)
        var timeouts = IMAPListener.Timeouts(preLogin: .seconds(60), tlsHandshake: .seconds(60))
        var policy = LoginFailureLimiter.Policy()
        var trustedPeers = TrustedPeers.loopback
        var requireSecureTransport = false
        /// Times every connection deadline but TLS handshakes (pre-login, autologout, IDLE, LMTP/SASL idle).
        var clock = AnyClock.continuous
    }

    let imapPort: Int
    let imapsPort: Int
    let saslPort: Int
    let lmtpPort: Int
    let gate: AuthenticationGate
    let sleeps: NIOLockedValueBox<[Duration]>
    let log: NIOLockedValueBox<String>
    private let task: Task<Void, Never>
    private let directory: String

    static func start(_ options: Options = Options()) async throws -> LiveServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-live-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try DevUsers(bulkCount: 0, bulkPassword: "password").ensureUserFile(at: directory + "/users.toml")
        let log = NIOLockedValueBox("")
        let logger = Logger(label: "tern") { label in
            var handler = EscapingLogHandler(wrapping: TextLogHandler(label: label, text: log))
            handler.logLevel = .debug
            return handler
        }
        let sleeps = NIOLockedValueBox<[Duration]>([])
        let gate = try AuthenticationGate(
            policy: options.policy, decoyParameters: DevUsers.hashParameters,
            environment: .init(now: { ContinuousClock.now }, sleep: { duration in sleeps.withLockedValue { $0.append(duration) } }))
        let users = try StaticUserFile(path: directory + "/users.toml", gate: gate, logger: logger)

        let store = MemoryStore()
        let mail = MailService(
            rows: store, blobs: store,
            configuration: try MailServiceConfiguration(
                deploymentSecret: Array(repeating: 7, count: 32), writerSlot: 1, kdf: .testing),
            logger: logger)
        try await mail.createUser(login: "alice", password: "hunter2")
        let context = IMAPServerContext(
            mail: mail, authenticator: users, loginDisabledWithoutTLS: false, hostname: "live.test", logger: logger,
            deadlines: DeadlineScheduler(clock: options.clock))

        let tls = try TLSContextSource(files: try SelfSignedCertificate.ensure(in: directory), logger: logger)
        let loopback = ListenAddress(host: "127.0.0.1", port: 0)
        let group = MultiThreadedEventLoopGroup.singleton
        let plain = try await IMAPListener.bind(
            loopback, security: .plain(startTLS: tls), timeouts: options.timeouts, group: group)
        let implicit = try await IMAPListener.bind(
            loopback, security: .implicitTLS(tls), timeouts: options.timeouts, group: group)
        let sasl = SASLAuthServer(
            configuration: SASLAuthServerConfiguration(
                listeners: [.tcp(host: "127.0.0.1", port: 0)],
                requireSecureTransport: options.requireSecureTransport, trustedPeers: options.trustedPeers),
            authenticator: users, logger: logger, deadlines: context.deadlines)
        let saslListeners = try await sasl.bind()
        let lmtp = LMTPServer(
            configuration: LMTPServerConfiguration(
                listeners: [.tcp(host: "127.0.0.1", port: 0)], session: LMTPConfiguration(hostname: "live.test")),
            mail: mail, recipients: users, logger: logger, deadlines: context.deadlines)
        let lmtpListeners = try await lmtp.bind()
        let sessions = SessionRegistry(limits: options.caps)
        let task = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await plain.run(context: context, sessions: sessions) }
                group.addTask { await implicit.run(context: context, sessions: sessions) }
                group.addTask { try? await sasl.serve(saslListeners) }
                group.addTask { try? await lmtp.serve(lmtpListeners) }
            }
        }
        return LiveServer(
            imapPort: plain.boundAddress.port, imapsPort: implicit.boundAddress.port,
            saslPort: saslListeners.first?.localAddress?.port ?? 0,
            lmtpPort: lmtpListeners.first?.localAddress?.port ?? 0, gate: gate, sleeps: sleeps, log: log, task: task,
            directory: directory)
    }

    private init(
        imapPort: Int, imapsPort: Int, saslPort: Int, lmtpPort: Int, gate: AuthenticationGate, sleeps: NIOLockedValueBox<[Duration]>,
        log: NIOLockedValueBox<String>, task: Task<Void, Never>, directory: String
    ) {
        self.imapPort = imapPort
        self.imapsPort = imapsPort
        self.saslPort = saslPort
        self.lmtpPort = lmtpPort
        self.gate = gate
        self.sleeps = sleeps
        self.log = log
        self.task = task
        self.directory = directory
    }

    func stop() {
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Logs in on a fresh IMAP connection from `source`; the tagged answer.
    func login(_ user: String, _ password: String, from source: String = "127.0.0.1") async throws -> String {
        try await RawClient.session(port: imapPort, from: source) { client in
            _ = try await client.readLine()
            return try await client.command("a", "LOGIN \"\(user)\" \"\(password)\"").last ?? "(closed)"
        }
    }
}

extension LiveServer {
    /// One SASL request on a fresh connection to the SASL endpoint (Postfix's opening lines first); the answer.
    func sasl(user: String, password: String, parameters: String = "service=smtp") async throws -> String {
        try await RawClient.session(port: saslPort) { client in
            try await client.write("VERSION\t1\t0\nCPID\t4242\n")
            while let line = try await client.readLine(), line != "DONE" {}
            let response = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
            try await client.write("AUTH\t1\tPLAIN\t\(parameters)\tresp=\(response)\n")
            return try await client.readLine() ?? "(closed)"
        }
    }
}

/// Renders events as `StreamLogHandler` does (one text line per event, metadata as key=value) into a string.
struct TextLogHandler: LogHandler {
    let label: String
    let text: NIOLockedValueBox<String>
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        text.withLockedValue { $0 += "2026-01-01T00:00:00+0000 \(event.level) \(label): \(pairs) [\(event.source)] \(event.message)\n" }
    }
}
