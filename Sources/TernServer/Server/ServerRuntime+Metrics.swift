import TernMail
import TernMetrics
import TernStorage

extension ServerRuntime {
    /// The registry `/metrics` renders, or nil when no metrics address is configured. Besides what the parts count
    /// as they go (`ServerMetrics`), gauges read at scrape time what per-user capacity planning divides by: open
    /// IMAP connections, unlocked accounts, IDLE waiters, storage watches, and on S3 the HTTP pool.
    static func metricsRegistry(
        _ addresses: [ListenAddress], registry: MetricsRegistry, mail: MailService, sessions: SessionRegistry,
        s3: (requests: S3RequestGauge, maxConnections: Int)?
    ) -> MetricsRegistry? {
        guard !addresses.isEmpty else { return nil }
        registry.gauge("tern_imap_connections") { Double(sessions.openCount) }
        registry.gauge("tern_accounts_open") { Double(mail.openAccountCount) }
        registry.gauge("tern_idle_waiters") { Double(mail.wakeRegistry.waiterCount) }
        registry.gauge("tern_storage_watches") { Double(mail.wakeRegistry.watchCount) }
        if let s3 {
            // The S3 HTTP pool: requests awaiting an answer, and those past the pool's size (certainly waiting for a
            // connection; a lower bound, see S3RequestGauge).
            registry.gauge("tern_s3_pool_max_connections") { Double(s3.maxConnections) }
            registry.gauge("tern_s3_requests_in_flight") { Double(s3.requests.inFlight) }
            registry.gauge("tern_s3_requests_waiting_for_connection") {
                Double(max(0, s3.requests.inFlight - s3.maxConnections))
            }
        }
        return registry
    }

    /// The S3 pool's gauges apply when the store is S3.
    static func s3PoolGauges(_ configuration: ServerConfiguration, storage: StorageRuntime)
        -> (requests: S3RequestGauge, maxConnections: Int)?
    {
        guard case .s3 = configuration.storage else { return nil }
        return (storage.s3Requests, configuration.s3Pool.maxConnectionsPerHost)
    }
}
