import Logging
import NIOCore
import NIOPosix
import Testing

@testable import TernMetrics

/// Issue #17 point 7: the /metrics endpoint holds no connection past its deadline and no more than its cap,
/// over real sockets. "Closed within bound" is the behaviour checked, not how long it took.
@Suite(.timeLimit(.minutes(2))) struct MetricsEndpointLimitsTests {
    static let slack: Duration = .seconds(15)

    static func start(maxConnections: Int, timeout: Duration) async throws -> (any Channel, Int) {
        let endpoint = MetricsEndpoint(
            registry: MetricsRegistry(), host: "127.0.0.1", port: 0, logger: Logger(label: "test"),
            maxConnections: maxConnections, connectionTimeout: timeout)
        let server = try await endpoint.start()
        return (server, server.localAddress?.port ?? 0)
    }

    /// Connects, sends `request` (maybe nothing), then runs `body` with a function telling whether the server
    /// closed the connection within a bound.
    static func connection<Result: Sendable>(
        port: Int, sending request: String = "",
        _ body: (_ closedWithin: (Duration) async -> Bool) async throws -> Result
    ) async throws -> Result {
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = client.channel
        return try await client.executeThenClose { inbound, outbound in
            // On a loaded machine a short deadline may close the connection before this write: the
            // close is what the caller checks, so a refused write is not an error here.
            if !request.isEmpty { try? await outbound.write(ByteBuffer(string: request)) }
            return try await body { bound in
                await withTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        do { for try await _ in inbound {} } catch {}
                        return true
                    }
                    group.addTask {
                        try? await Task.sleep(for: bound)
                        return false
                    }
                    let first = await group.next() ?? false
                    if !first { raw.close(promise: nil) }
                    group.cancelAll()
                    return first
                }
            }
        }
    }

    /// A client that sends half a request and then nothing is closed at the deadline.
    @Test func trickledRequestIsClosedAtTheDeadline() async throws {
        let (server, port) = try await Self.start(maxConnections: 4, timeout: .seconds(1))
        defer { server.close(promise: nil) }
        let closed = try await Self.connection(port: port, sending: "GET /metr") { await $0(.seconds(1) + Self.slack) }
        #expect(closed)
    }

    /// Past the cap a connection is closed at once (the deadline here is far away), and scraping works again
    /// once the held connections are gone.
    @Test func connectionsPastTheCapAreClosed() async throws {
        let (server, port) = try await Self.start(maxConnections: 2, timeout: .seconds(120))
        defer { server.close(promise: nil) }
        let refused = try await Self.connection(port: port) { _ in
            try await Self.connection(port: port) { _ in
                try await Self.connection(port: port) { await $0(Self.slack) }
            }
        }
        #expect(refused)
        var scraped = false
        for _ in 0..<100 where !scraped {
            scraped = (try? await MetricsEndpointTests.get("/metrics", port: port))?.hasPrefix("HTTP/1.1 200") == true
            if !scraped { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(scraped)
    }
}
