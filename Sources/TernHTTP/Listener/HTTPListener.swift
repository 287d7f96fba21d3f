import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOSSL
import ServiceLifecycle
import TernNetwork

/// One HTTP/1.1 listener serving `routes` on `host:port`, over TLS when given `tls` (the context for each new
/// connection, so a reloaded certificate applies to the next one): a ServiceLifecycle `Service` that binds when run
/// and serves until graceful shutdown. `boundAddress()` tells where it listens once it does (port 0 asks the
/// kernel for one). It listens through TernNetwork's `NetworkListener`, like IMAP, LMTP and SASL; Hummingbird
/// (its router and HTTP/1 channel) answers each connection.
///
/// Bounded like every other listener: at most `limits.maxConnections` at once (more are closed at accept), each
/// connection closed `limits.connectionTimeout` after it was set up whatever it sends, request bodies capped by
/// the routes (Autodiscover: 8 KiB, else 413), headers by NIO's HTTP decoder limits.
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
        let tls = self.tls
        var options = NetworkListener<HTTPRequestPart, HTTPResponsePart>.Options()
        options.outboundHalfClosure = true
        let listener = try await NetworkListener<HTTPRequestPart, HTTPResponsePart>.bind(
            .tcp(host: host, port: port), options: options
        ) { channel in
            let pipeline = channel.pipeline.syncOperations
            if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls())) }
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: tls != nil))
            try pipeline.addHandler(ConnectionDeadlineHandler(timeout: timeout))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: limits.connectionTimeout, logger: logger))
        }
        if let address = listener.localAddress {
            logger.info("http listener bound", metadata: ["listen": "\(address)"])
            continuation.yield(address)
        }
        let server = HTTP1Channel(responder: Self.responder(routes.router().buildResponder(), logger: logger))
        do {
            try await cancelWhenGracefulShutdown {
                try await listener.run(cap: ConnectionCap(limit: limits.maxConnections), logger: logger) { connection in
                    await server.handle(value: connection, logger: logger)
                }
            }
        } catch is CancellationError {
            // Graceful shutdown, or the task running the listener was cancelled: both are a normal stop.
        }
    }

    /// Answers one request through the router; an error the router did not turn into a response is a 500.
    private static func responder(_ router: some HTTPResponder<BasicRequestContext>, logger: Logger)
        -> HTTPChannelHandler.Responder
    {
        { request, writer, channel in
            let context = BasicRequestContext(source: .init(channel: channel, logger: logger))
            let response: Response
            do {
                response = try await router.respond(to: request, context: context)
            } catch {
                response = Response(status: .internalServerError)
            }
            try await writer.write(response: response.head, body: response.body)
        }
    }
}
