import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The settings of the one `HTTPClient` a `StorageRuntime` gives every S3 store it opens, so that all of
/// them draw on one bounded connection pool (per host) instead of each opening its own.
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

        func validate() throws {
            guard maxConnectionsPerHost >= 1 else {
                throw StorageError(.invalidConfiguration, "S3 pool needs at least one connection per host")
            }
        }
    }

    /// A new client with these settings; its owner must shut it down (`StorageRuntime.shutdown`).
    static func makeClient(_ settings: Configuration) -> HTTPClient {
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
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }
}
