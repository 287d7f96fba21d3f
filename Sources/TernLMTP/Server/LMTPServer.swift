import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TernAuth
import TernMail
import TernNetwork

/// The LMTP server: `LMTPSessionStateMachine` on every connection, recipients looked up through a
/// `RecipientResolver` and checked in storage, message bodies streamed into `MailService.deliver`.
///
/// Several recipients: one `deliver` stores the message for all of them, fed through one bounded
/// `MessageChunkChannel`; it holds one part at a time and writes it for `concurrentWrites` recipients at once, so
/// the message is read from the socket once and memory does not grow with recipients or size (see
/// docs/internals/lmtp-and-auth.md). Each recipient's 250 comes only after its copy is durable.
public struct LMTPServer: Sendable {
    public let configuration: LMTPServerConfiguration
    let mail: MailService
    let recipients: any RecipientResolver
    let logger: Logger
    let metrics: LMTPMetrics
    private let group: any EventLoopGroup
    /// Times the read idle timeout (the process's one deadline timer, shared with IMAP).
    private let deadlines: DeadlineScheduler
    private let sessionIDs = SessionIDs()

    public init(
        configuration: LMTPServerConfiguration,
        mail: MailService,
        recipients: any RecipientResolver,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metrics: LMTPMetrics = .disabled,
        deadlines: DeadlineScheduler = DeadlineScheduler()
    ) {
        self.deadlines = deadlines
        self.metrics = metrics
        self.configuration = configuration
        self.mail = mail
        self.recipients = recipients
        self.logger = logger
        self.group = group
    }

    /// Binds every listener, then serves until the task is cancelled.
    public func run() async throws {
        try await serve(try await bind())
    }

    /// Binds every configured address (the result carries the bound ports, for tests asking for port 0).
    public func bind() async throws -> [ProtocolListener] {
        try await ProtocolListener.bindAll(
            configuration.listeners, idleTimeout: configuration.idleTimeout, deadlines: deadlines, group: group)
    }

    public func serve(_ listeners: [ProtocolListener]) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for listener in listeners {
                let bound = listener.localAddress.map { "\($0)" } ?? "\(listener.address)"
                logger.info("LMTP listening", metadata: ["listen": "\(bound)"])
                group.addTask {
                    try await listener.serve(maxConnections: configuration.maxConnections, logger: logger) {
                        connection in
                        var logger = logger
                        logger[metadataKey: "session"] = "\(sessionIDs.next())"
                        logger[metadataKey: "remote"] =
                            "\(RemoteAddressText.describe(connection.channel.remoteAddress))"
                        await LMTPConnection(server: self, logger: logger).run(connection)
                    }
                }
            }
        }
    }
}
