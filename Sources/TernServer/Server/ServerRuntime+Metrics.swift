import TernMail
import TernMetrics

extension ServerRuntime {
    /// The registry `/metrics` renders, or nil when no metrics address is configured. Besides what the parts count
    /// as they go (`ServerMetrics`), gauges read at scrape time what per-user capacity planning divides by: open
    /// IMAP connections, unlocked accounts, IDLE waiters, storage watches.
    static func metricsRegistry(
        _ addresses: [ListenAddress], registry: MetricsRegistry, mail: MailService, sessions: SessionRegistry
    ) -> MetricsRegistry? {
        guard !addresses.isEmpty else { return nil }
        registry.gauge("tern_imap_connections") { Double(sessions.openCount) }
        registry.gauge("tern_accounts_open") { Double(mail.openAccountCount) }
        registry.gauge("tern_idle_waiters") { Double(mail.wakeRegistry.waiterCount) }
        registry.gauge("tern_storage_watches") { Double(mail.wakeRegistry.watchCount) }
        return registry
    }
}
