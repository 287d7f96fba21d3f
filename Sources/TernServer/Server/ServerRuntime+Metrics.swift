import Logging
import NIOCore
import TernMail
import TernMetrics

extension ServerRuntime {
    /// Binds the metrics endpoints: process memory (jemalloc's counters, RSS) and CPU, plus what
    /// per-user capacity planning divides by: open IMAP connections, unlocked accounts, IDLE waiters.
    static func startMetrics(
        _ addresses: [ListenAddress], mail: MailService, sessions: SessionRegistry, logger: Logger,
        report: inout ServerReport
    ) async throws -> [any Channel] {
        guard !addresses.isEmpty else { return [] }
        let registry = MetricsRegistry()
        registry.registerProcessStatistics()
        registry.gauge("tern_imap_connections", help: "Open IMAP connections.") { Double(sessions.openCount) }
        registry.gauge("tern_accounts_open", help: "Accounts with unlocked keys (users with a session).") {
            Double(mail.openAccountCount)
        }
        registry.gauge("tern_idle_waiters", help: "Sessions waiting for a mailbox change (IDLE).") {
            Double(mail.wakeRegistry.waiterCount)
        }
        registry.gauge("tern_storage_watches", help: "Storage watches (one per watched mailbox).") {
            Double(mail.wakeRegistry.watchCount)
        }
        var channels: [any Channel] = []
        for address in addresses {
            let endpoint = MetricsEndpoint(
                registry: registry, host: address.host, port: address.port, logger: logger,
                health: { await mail.storageProblem() })
            let channel = try await endpoint.start()
            channels.append(channel)
            if let port = channel.localAddress?.port { report.metrics.append(ListenAddress(host: address.host, port: port)) }
        }
        return channels
    }
}
