import CoreMetrics

/// The SASL endpoint's handles: credential checks by result. Built with an explicit factory (no global
/// `MetricsSystem`); the result label is one of the enum's values, never a user name.
public struct SASLMetrics: Sendable {
    public enum Result: String, CaseIterable, Sendable {
        case accepted
        /// Unknown user or wrong password.
        case rejected
        /// The failure limiter refused without checking (answered to the client as `rejected`).
        case limited
    }

    private let requests: [Result: Counter]

    public init(factory: any MetricsFactory) {
        requests = Dictionary(uniqueKeysWithValues: Result.allCases.map {
            ($0, Counter(label: "tern_sasl_auth_requests_total", dimensions: [("result", $0.rawValue)], factory: factory))
        })
    }

    /// Handles that go nowhere: for servers and tests that export no metrics.
    public static var disabled: SASLMetrics { SASLMetrics(factory: NOOPMetricsHandler.instance) }

    func checked(_ outcome: AuthenticationOutcome) {
        switch outcome {
        case .success: requests[.accepted]?.increment()
        case .failure: requests[.rejected]?.increment()
        case .temporarilyRefused: requests[.limited]?.increment()
        }
    }
}
