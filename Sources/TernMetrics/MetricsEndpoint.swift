import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 endpoint: `GET /metrics` answers the registry in Prometheus text; anything
/// else is 404. Meant for loopback or a scrape network; it serves no user data.
///
/// Bounded like every other listener: at most `maxConnections` at once (more are closed at accept), and each
/// connection is closed `connectionTimeout` after it was accepted, whatever it sends (a scraper needs
/// milliseconds; a client trickling a request must not hold a socket).
public struct MetricsEndpoint: Sendable {
    public let registry: MetricsRegistry
    public let host: String
    public let port: Int
    public let logger: Logger
    public let maxConnections: Int
    public let connectionTimeout: Duration

    public init(
        registry: MetricsRegistry, host: String, port: Int, logger: Logger, maxConnections: Int = 16,
        connectionTimeout: Duration = .seconds(10)
    ) {
        self.registry = registry
        self.host = host
        self.port = port
        self.logger = logger
        self.maxConnections = max(1, maxConnections)
        self.connectionTimeout = connectionTimeout
    }

    /// Binds and returns the channel (its `localAddress` tells the port when 0 was asked).
    public func start(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> any Channel {
        let registry = self.registry
        let open = NIOLockedValueBox(0)
        let maxConnections = self.maxConnections
        let timeout = TimeAmount(connectionTimeout)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let admitted = open.withLockedValue { count in
                    guard count < maxConnections else { return false }
                    count += 1
                    return true
                }
                guard admitted else { return channel.close() }
                let deadline = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
                channel.closeFuture.whenComplete { _ in
                    deadline.cancel()
                    open.withLockedValue { $0 -= 1 }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(registry: registry))
                }
            }
            .bind(host: host, port: port).get()
        logger.info("metrics endpoint listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
        return channel
    }
}

final class MetricsHTTPHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let registry: MetricsRegistry

    init(registry: MetricsRegistry) { self.registry = registry }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let found = head.method == .GET && (head.uri == "/metrics" || head.uri.hasPrefix("/metrics?"))
        let body = found ? registry.prometheusText() : "not found\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4" : "text/plain")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        let responseHead = HTTPResponseHead(version: head.version, status: found ? .ok : .notFound, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
