import TernAuth
import TernIMAPServer
import TernLMTP
import TernMetrics
import TernStorage

/// The metrics of one server runtime: the registry that `/metrics` renders, and the handles made in it for each part
/// (storage, IMAP, LMTP, SASL). Owned by the runtime, never process-global: two runtimes in one process (tests)
/// count apart.
struct ServerMetrics: Sendable {
    let registry: MetricsRegistry
    let storage: StorageMetrics
    let imap: IMAPMetrics
    let lmtp: LMTPMetrics
    let sasl: SASLMetrics

    init() {
        let registry = MetricsRegistry()
        self.registry = registry
        storage = StorageMetrics(factory: registry.factory)
        imap = IMAPMetrics(factory: registry.factory)
        lmtp = LMTPMetrics(factory: registry.factory)
        sasl = SASLMetrics(factory: registry.factory)
        registry.registerProcessStatistics()
    }

    /// The backend's stores, each operation counted and timed.
    func instrument(_ rows: any RowStore) -> any RowStore { InstrumentedRowStore(rows, metrics: storage) }
    func instrument(_ blobs: any BlobStore) -> any BlobStore { InstrumentedBlobStore(blobs, metrics: storage) }
}
