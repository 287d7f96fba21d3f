import Logging
import ServiceLifecycle
import TernIMAPServer

/// The one service kind of Tern's listeners (IMAP, LMTP, SASL): runs `serve` (the protocol's
/// `NetworkListener`s and their connections) until graceful shutdown (SIGTERM / SIGINT) cancels it, which
/// stops accepting and cancels the open connections; returns when the last one has closed.
struct ListenerService: Service {
    let name: String
    let serve: @Sendable () async throws -> Void
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await serve() }
        } catch is CancellationError {
            // Graceful shutdown.
        }
        logger.info("\(name) stopped")
    }
}

extension ListenerService {
    /// Every IMAP listener, with the caps and sessions of `sessions`.
    static func imap(_ listeners: [IMAPListener], context: IMAPServerContext, sessions: SessionRegistry) -> Self {
        ListenerService(
            name: "IMAP",
            serve: {
                await withDiscardingTaskGroup { group in
                    for listener in listeners {
                        group.addTask { await listener.run(context: context, sessions: sessions) }
                    }
                }
                context.logger.info("listeners stopped", metadata: ["open_sessions": "\(sessions.openCount)"])
            },
            logger: context.logger)
    }
}
