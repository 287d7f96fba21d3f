import AsyncHTTPClient
import NIOConcurrencyHelpers
import ServiceLifecycle

/// What the stores of one server runtime share, owned by that runtime instead of the process: the S3
/// HTTP client (one bounded pool per host), the watch hubs (so that stores on the same location wake
/// the same waiters) and the conditional-create probe results. Two runtimes in one process share nothing.
///
/// As a `Service` it runs until graceful shutdown, then stops the watch pollers and shuts the HTTP
/// client down; put it first in the service group so that it stops last, after everything that
/// calls storage has ended. `shutdown()` does the same for callers without a service group.
public final class StorageRuntime: Service, Sendable {
    public let s3Pool: S3HTTPClientPool.Configuration
    let s3Watches = S3WatchRegistry()
    let fileWatches = FileWatchRegistry()
    let conditionalCreateProbe = S3ConditionalCreateProbe()
    /// S3 requests of this runtime awaiting their response (for metrics).
    public let s3Requests = S3RequestGauge()

    private enum ClientState {
        case none
        case running(HTTPClient)
        case shutDown
    }

    private let client = NIOLockedValueBox(ClientState.none)

    public init(s3Pool: S3HTTPClientPool.Configuration = .init()) throws {
        try s3Pool.validate()
        self.s3Pool = s3Pool
    }

    /// The runtime's S3 HTTP client, created on first use (a file-only runtime never opens one).
    func s3HTTPClient() throws -> HTTPClient {
        try client.withLockedValue { state in
            switch state {
            case .running(let client): return client
            case .shutDown: throw StorageError(.unavailable, "storage is shutting down")
            case .none:
                let client = S3HTTPClientPool.makeClient(s3Pool)
                state = .running(client)
                return client
            }
        }
    }

    /// Whether `shutdown()` has shut the HTTP client down (or ran before any was made).
    public var isShutDown: Bool {
        client.withLockedValue { if case .shutDown = $0 { true } else { false } }
    }

    public func run() async throws {
        // Returns at graceful shutdown, or throws CancellationError when the group is cancelled:
        // either way the runtime's resources are released before this service ends.
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops every watch poller, fails remaining waiters, and shuts the S3 HTTP client down (requests
    /// still in flight fail). Idempotent; stores opened on this runtime fail with `unavailable` afterwards.
    public func shutdown() async {
        s3Watches.stopAll()
        fileWatches.stopAll()
        let running = client.withLockedValue { state -> HTTPClient? in
            defer { state = .shutDown }
            if case .running(let client) = state { return client }
            return nil
        }
        try? await running?.shutdown()
    }
}
