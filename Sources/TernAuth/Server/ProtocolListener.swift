import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bound listening socket whose connections are served as `NIOAsyncChannel`s, one task each, with a cap on
/// connections at once. Shared by the SASL and LMTP servers (both are line protocols with a loop per connection).
public struct ProtocolListener: Sendable {
    public typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    public let address: ServerListenAddress
    /// The address actually bound (with the real port when 0 was asked for).
    public let localAddress: SocketAddress?
    private let server: NIOAsyncChannel<Connection, Never>

    /// Inbound reads held per connection before NIO stops reading from the socket (back-pressure).
    static let inboundBackPressure = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(
        lowWatermark: 2,
        highWatermark: 8
    )

    /// `idleTimeout`: a connection from which nothing arrives for this long is closed (a client that went away
    /// without closing must not hold a connection slot forever).
    public static func bind(
        _ address: ServerListenAddress,
        idleTimeout: TimeAmount = .minutes(10),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ProtocolListener {
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandlers([
                    IdleStateHandler(readTimeout: idleTimeout), CloseWhenIdleHandler(),
                ])
                return try Connection(
                    wrappingChannelSynchronously: channel,
                    configuration: .init(backPressureStrategy: inboundBackPressure)
                )
            }
        }
        let server: NIOAsyncChannel<Connection, Never>
        switch address {
        case .tcp(let host, let port):
            // Replies leave in one write per batch; no Nagle delay on top (Postfix pipelines and waits on them).
            bootstrap = bootstrap.childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            server = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
        case .unix(let path, let mode):
            // Created under a umask that leaves at most `mode`, so the socket is never, even for a moment between
            // bind and chmod, open to more users than asked. The umask is process-wide: while this bind runs
            // (start-up only), files created by other threads get no more permissions than `mode`, never more
            // than they asked for.
            let previous = umask(mode_t(~mode & 0o777))
            defer { umask(previous) }
            server = try await bootstrap.bind(
                unixDomainSocketPath: path,
                cleanupExistingSocketFile: true,
                childChannelInitializer: initializer
            )
            _ = chmod(path, mode_t(mode))
        }
        return ProtocolListener(address: address, localAddress: server.channel.localAddress, server: server)
    }

    /// Binds every address, or none: on a failure the ones already bound are closed again.
    public static func bindAll(
        _ addresses: [ServerListenAddress],
        idleTimeout: TimeAmount,
        group: any EventLoopGroup
    ) async throws -> [ProtocolListener] {
        var listeners: [ProtocolListener] = []
        for address in addresses {
            do {
                listeners.append(try await bind(address, idleTimeout: idleTimeout, group: group))
            } catch {
                for listener in listeners { await listener.close() }
                throw error
            }
        }
        return listeners
    }

    /// Accepts until the task is cancelled. Past `maxConnections` a new connection is closed at once.
    public func serve(
        maxConnections: Int,
        logger: Logger,
        handle: @escaping @Sendable (Connection) async -> Void
    ) async throws {
        let active = NIOLockedValueBox(0)
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    let admitted = active.withLockedValue { count in
                        guard count < maxConnections else { return false }
                        count += 1
                        return true
                    }
                    guard admitted else {
                        logger.warning("connection limit reached, closing", metadata: ["listen": "\(address)"])
                        try? await connection.executeThenClose { _, _ in }
                        continue
                    }
                    group.addTask {
                        defer { active.withLockedValue { $0 -= 1 } }
                        await handle(connection)
                    }
                }
            }
        }
    }

    /// Closes the listening socket (connections already accepted go on).
    public func close() async {
        try? await server.channel.close()
    }
}

/// Closes the connection when `IdleStateHandler` reports that nothing was read for its timeout.
final class CloseWhenIdleHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
