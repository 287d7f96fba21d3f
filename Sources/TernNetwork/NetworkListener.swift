import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one listener of Tern's protocols (IMAP, LMTP, SASL): a bound TCP or Unix socket whose connections
/// arrive as `NIOAsyncChannel`s with bounded inbound buffering (back-pressure), each served in its own
/// child task on the connection's event loop, optionally under a `ConnectionCap`. `run` returns once
/// accepting has stopped and every connection task has ended; cancelling it is the graceful stop.
public struct NetworkListener<Inbound: Sendable, Outbound: Sendable>: Sendable {
    public typealias Connection = NIOAsyncChannel<Inbound, Outbound>

    public struct Options: Sendable {
        /// Pending connections the kernel queues before `accept`.
        public var backlog: Int32 = 256
        /// Reads NIO does per wake-up of one connection (fairness between busy connections).
        public var maxMessagesPerRead: UInt = 4
        /// Inbound messages buffered per connection before NIO stops reading from the socket.
        public var inboundLowWatermark = 2
        public var inboundHighWatermark = 8
        /// Finishing the outbound writer half-closes the connection (HTTP/1 ends a `Connection: close` exchange so).
        public var outboundHalfClosure = false

        public init() {}
    }

    /// What was asked for.
    public let address: ListenerAddress
    /// What was bound: `address` with the kernel's port when 0 was asked for.
    public let boundAddress: ListenerAddress
    /// The bound socket address (nil for none the kernel reported).
    public let localAddress: SocketAddress?
    private let server: NIOAsyncChannel<Connection, Never>

    /// Binds `address`; `pipeline` adds a connection's handlers (synchronously, on its event loop) in front of
    /// the async channel, and must leave `Inbound` / `Outbound` at its end.
    public static func bind(
        _ address: ListenerAddress,
        options: Options = Options(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        pipeline: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> NetworkListener {
        let configuration = Connection.Configuration(
            backPressureStrategy: .init(
                lowWatermark: options.inboundLowWatermark, highWatermark: options.inboundHighWatermark),
            isOutboundHalfClosureEnabled: options.outboundHalfClosure)
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: options.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: options.maxMessagesPerRead)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try pipeline(channel)
                return try Connection(wrappingChannelSynchronously: channel, configuration: configuration)
            }
        }
        let server: NIOAsyncChannel<Connection, Never>
        switch address {
        case .tcp(let host, let port):
            // Replies leave in one write per batch; no Nagle delay on top (clients pipeline and wait on them).
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
                unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
            _ = chmod(path, mode_t(mode))
        }
        let local = server.channel.localAddress
        var bound = address
        if case .tcp(let host, _) = address, let port = local?.port { bound = .tcp(host: host, port: port) }
        return NetworkListener(address: address, boundAddress: bound, localAddress: local, server: server)
    }

    /// Binds every address, or none: on a failure the ones already bound are closed again.
    public static func bindAll(
        _ addresses: [ListenerAddress],
        options: Options = Options(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        pipeline: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> [NetworkListener] {
        var listeners: [NetworkListener] = []
        for address in addresses {
            do {
                listeners.append(try await bind(address, options: options, group: group, pipeline: pipeline))
            } catch {
                for listener in listeners { await listener.close() }
                throw error
            }
        }
        return listeners
    }

    /// Accepts until the task is cancelled or the socket is closed. With a `cap`, a connection past it is
    /// handed to `refuse` (which may write a last line) and closed; `handle` serves the others, each in a
    /// child task on its connection's event loop. Returns when every connection task has ended.
    public func run(
        cap: ConnectionCap? = nil,
        logger: Logger,
        refuse: @escaping @Sendable (Connection) async -> Void = { _ in },
        handle: @escaping @Sendable (Connection) async -> Void
    ) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    if let cap, !cap.acquire() {
                        logger.warning(
                            "connection limit reached, closing", metadata: ["listen": "\(boundAddress)"])
                        await refuse(connection)
                        try? await connection.executeThenClose { _, _ in }
                        continue
                    }
                    let executor = EventLoopTaskExecutor(connection.channel.eventLoop)
                    group.addTask(executorPreference: executor) {
                        defer { cap?.release() }
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
