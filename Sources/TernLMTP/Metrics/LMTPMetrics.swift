import CoreMetrics

/// The LMTP handles of one server: deliveries by result (one per recipient) and the time from DATA to the final
/// replies. Built with an explicit factory (no global `MetricsSystem`); labels from the fixed enum below only.
public struct LMTPMetrics: Sendable {
    public enum DeliveryResult: String, CaseIterable, Sendable {
        /// Stored durably (250).
        case delivered
        /// The recipient is over quota (552).
        case overQuota = "over_quota"
        /// Storage failed; the client will retry (451).
        case failed
    }

    private let deliveries: [DeliveryResult: Counter]
    private let duration: Timer

    public init(factory: any MetricsFactory) {
        deliveries = Dictionary(uniqueKeysWithValues: DeliveryResult.allCases.map {
            ($0, Counter(label: "tern_lmtp_deliveries_total", dimensions: [("result", $0.rawValue)], factory: factory))
        })
        duration = Timer(label: "tern_lmtp_delivery_duration_seconds", dimensions: [], factory: factory)
    }

    /// Handles that go nowhere: for servers and tests that export no metrics.
    public static var disabled: LMTPMetrics { LMTPMetrics(factory: NOOPMetricsHandler.instance) }

    func delivered(_ result: DeliveryResult) {
        deliveries[result]?.increment()
    }

    /// One message's DATA, from its start to every recipient's outcome.
    func messageStored(after elapsed: Duration) {
        let (seconds, attoseconds) = elapsed.components
        duration.recordNanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
