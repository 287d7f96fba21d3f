import Logging
import ServiceLifecycle
import TernIMAPServer

/// Runs every IMAP listener until graceful shutdown (SIGTERM / SIGINT), which stops accepting and
/// cancels the open sessions; returns when the last one has closed.
struct ListenerService: Service {
    let listeners: [IMAPListener]
    let context: IMAPServerContext
    let sessions: SessionRegistry

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for listener in listeners {
                    group.addTask { await listener.run(context: context, sessions: sessions) }
                }
            }
        }
        context.logger.info("listeners stopped", metadata: ["open_sessions": "\(sessions.openCount)"])
    }
}
