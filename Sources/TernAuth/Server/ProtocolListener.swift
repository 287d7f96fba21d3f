import Logging
import NIOCore
import NIOPosix
import TernNetwork

/// Where LMTP and the SASL endpoint listen: TernNetwork's `ListenerAddress`.
public typealias ServerListenAddress = ListenerAddress

/// The listener of the line protocols (SASL, LMTP): TernNetwork's `NetworkListener` on raw bytes, the
/// same listener IMAP uses, with a read idle timeout in front.
public typealias ProtocolListener = NetworkListener<ByteBuffer, ByteBuffer>

extension NetworkListener where Inbound == ByteBuffer, Outbound == ByteBuffer {
    /// Binds every address, or none. `idleTimeout`: a connection from which nothing arrives for this long is
    /// closed (a client that went away without closing must not hold a connection slot forever), timed by
    /// `deadlines` (the process's one deadline timer, on its clock).
    public static func bindAll(
        _ addresses: [ServerListenAddress],
        idleTimeout: Duration,
        deadlines: DeadlineScheduler,
        group: any EventLoopGroup
    ) async throws -> [ProtocolListener] {
        try await bindAll(addresses, group: group) { channel in
            try channel.pipeline.syncOperations.addHandler(
                ReadIdleTimeoutHandler(timeout: idleTimeout, deadlines: deadlines))
        }
    }

    /// Accepts until the task is cancelled. Past `maxConnections` open connections of this listener a new one
    /// is closed at once.
    public func serve(
        maxConnections: Int,
        logger: Logger,
        handle: @escaping @Sendable (Connection) async -> Void
    ) async throws {
        try await run(cap: ConnectionCap(limit: maxConnections), logger: logger, handle: handle)
    }
}
