import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 endpoint: `GET /metrics` answers the registry in Prometheus text, `GET /healthz` 200
/// `ok` or 503 with the reason (from `health`: storage answering, say), anything else is 404. Meant for
/// loopback or a scrape network; it serves no user data.
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
    /// Nil when healthy, else why not. Not answering within `healthDeadline` is a failure.
    public let health: HealthCheck?
    public let healthDeadline: Duration

    public typealias HealthCheck = @Sendable () async -> String?

    public init(
        registry: MetricsRegistry, host: String, port: Int, logger: Logger, maxConnections: Int = 16,
        connectionTimeout: Duration = .seconds(10), health: HealthCheck? = nil, healthDeadline: Duration = .seconds(5)
    ) {
        self.health = health
        self.healthDeadline = healthDeadline
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
        let healthDeadline = self.healthDeadline
        let health = self.health.map { check in HealthProbe(check: check, deadline: healthDeadline) }
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
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(registry: registry, health: health))
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
    let health: HealthProbe?

    init(registry: MetricsRegistry, health: HealthProbe?) {
        self.registry = registry
        self.health = health
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let channel = context.channel
        switch (head.method, path, health) {
        case (.GET, "/metrics", _):
            Self.respond(on: channel, version: head.version, .ok, registry.prometheusText(),
                         contentType: "text/plain; version=0.0.4")
        case (.GET, "/healthz", let health?):
            // The check awaits storage: answered from a task, written back on the channel.
            Task {
                let problem = await health.run()
                Self.respond(on: channel, version: head.version, problem == nil ? .ok : .serviceUnavailable,
                             problem.map { "unavailable: \($0)\n" } ?? "ok\n")
            }
        default:
            Self.respond(on: channel, version: head.version, .notFound, "not found\n")
        }
    }

    /// Writes one whole response and closes (writes from any thread are fine on a channel).
    static func respond(
        on channel: any Channel, version: HTTPVersion, _ status: HTTPResponseStatus, _ body: String,
        contentType: String = "text/plain"
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: version, status: status, headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// A health check with a deadline: a storage call that hangs is cancelled and reported, never left running
/// past the request.
struct HealthProbe: Sendable {
    let check: MetricsEndpoint.HealthCheck
    let deadline: Duration

    func run() async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await check() }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return "no answer within \(deadline)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
