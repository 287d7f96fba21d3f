import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// One HTTP/1.1 listener (Hummingbird) serving `routes` on `host:port`, over TLS when given `tls` (the context for
/// each new connection, so a reloaded certificate applies to the next one): a ServiceLifecycle `Service` that binds
/// when run and serves until graceful shutdown. `boundAddress()` tells where it listens once it does (port 0
/// asks the kernel for one).
///
/// Bounded like every other listener: at most `limits.maxConnections` at once (more wait in the accept
/// backlog until one closes), each connection closed `limits.connectionTimeout` after it was set up whatever
/// it sends, request bodies capped by the routes (Autodiscover: 8 KiB, else 413), headers by Hummingbird's
/// decoder limits.
public struct HTTPListener: Service {
    public struct Limits: Hashable, Sendable {
        public var maxConnections: Int
        public var connectionTimeout: Duration

        public init(maxConnections: Int = 16, connectionTimeout: Duration = .seconds(10)) {
            self.maxConnections = max(1, maxConnections)
            self.connectionTimeout = connectionTimeout
        }
    }

    public let host: String
    public let port: Int
    public let routes: HTTPRoutes
    public let limits: Limits
    /// The TLS context for a connection accepted now; nil serves plain HTTP.
    public let tls: (@Sendable () -> NIOSSLContext)?
    let logger: Logger
    private let bound: AsyncStream<SocketAddress>
    private let boundContinuation: AsyncStream<SocketAddress>.Continuation

    public init(
        host: String, port: Int, routes: HTTPRoutes, limits: Limits = Limits(),
        tls: (@Sendable () -> NIOSSLContext)? = nil, logger: Logger
    ) {
        self.tls = tls
        self.host = host
        self.port = port
        self.routes = routes
        self.limits = limits
        self.logger = logger
        (bound, boundContinuation) = AsyncStream.makeStream(
            of: SocketAddress.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The bound address once listening; nil when `run()` ended without binding (its error says why).
    public func boundAddress() async -> SocketAddress? {
        await bound.first { _ in true }
    }

    public func run() async throws {
        let continuation = boundContinuation
        defer { continuation.finish() }
        let timeout = TimeAmount(limits.connectionTimeout)
        let logger = self.logger
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionDeadlineHandler(timeout: timeout)], idleTimeout: timeout)
        let application = Application(
            router: routes.router(),
            server: tls.map { HTTPServerBuilder.http1(configuration: http1, tls: $0) } ?? .http1(configuration: http1),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in
                if let address = channel.localAddress {
                    logger.info("http listener bound", metadata: ["listen": "\(address)"])
                    continuation.yield(address)
                }
            },
            logger: logger)
        try await application.run()
    }
}
