import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The one `HTTPClient` every S3 store of the process shares, so that all of them draw on one
/// bounded connection pool (per host) instead of each opening its own.
///
/// Created on first use with the configuration set by `configure(_:)` (or the defaults) and never
/// shut down: it lives as long as the process, like `HTTPClient.shared`.
public enum S3HTTPClientPool {
    public struct Configuration: Hashable, Sendable {
        /// Most connections kept open to one S3 host (AsyncHTTPClient's per-host HTTP/1 limit);
        /// further requests queue for a free connection.
        public var maxConnectionsPerHost: Int = 16
        /// Time allowed to open a connection.
        public var connectTimeout: TimeAmount = .seconds(5)
        /// Longest silence while reading a response (a stalled body fails instead of hanging).
        public var readTimeout: TimeAmount = .seconds(30)
        /// Idle connections are closed after this long.
        public var idleTimeout: TimeAmount = .seconds(60)

        public init() {}
    }

    private struct State {
        var configuration = Configuration()
        var client: HTTPClient?
    }

    private static let state = NIOLockedValueBox(State())

    /// Sets the pool configuration. Must run before the first S3 store is opened; afterwards the
    /// client exists and this throws `invalidConfiguration`.
    public static func configure(_ configuration: Configuration) throws {
        guard configuration.maxConnectionsPerHost >= 1 else {
            throw StorageError(.invalidConfiguration, "S3 pool needs at least one connection per host")
        }
        try state.withLockedValue { state in
            guard state.client == nil else {
                throw StorageError(
                    .invalidConfiguration, "the shared S3 HTTP client already exists; configure it before opening a store")
            }
            state.configuration = configuration
        }
    }

    /// The configuration in force (or to be used when the client is created).
    public static var configuration: Configuration {
        state.withLockedValue { $0.configuration }
    }

    /// The process-wide client, created on first use.
    static var shared: HTTPClient {
        state.withLockedValue { state in
            if let client = state.client { return client }
            let settings = state.configuration
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: settings.connectTimeout, read: settings.readTimeout),
                connectionPool: .init(
                    idleTimeout: settings.idleTimeout,
                    concurrentHTTP1ConnectionsPerHostSoftLimit: settings.maxConnectionsPerHost
                ),
                decompression: .disabled
            )
            // S3 servers speak HTTP/1.1; Tern's retries (S3Client) replace AHC's connection retries.
            configuration.httpVersion = .http1Only
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            state.client = client
            return client
        }
    }
}
