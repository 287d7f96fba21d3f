import NIOCore
import NIOPosix
import Testing

@testable import TernHTTP

/// The listener holds no connection past its deadline and serves no more than its cap at once, over real
/// sockets. "Closed within a bound" is what is checked, not how long it took.
@Suite(.timeLimit(.minutes(3))) struct HTTPListenerLimitsTests {
    static let slack: Duration = .seconds(30)

    /// Connects, sends `request` (maybe nothing), waits until what it received contains `reply` (when given),
    /// then runs `body` with a function telling whether the server closed the connection within a bound (and
    /// what it sent after `reply`).
    static func connection<Result: Sendable>(
        port: Int, sending request: String = "", awaiting reply: String? = nil,
        _ body: (_ closedWithin: (Duration) async -> (closed: Bool, received: String)) async throws -> Result
    ) async throws -> Result {
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = client.channel
        return try await client.executeThenClose { inbound, outbound in
            if !request.isEmpty { try? await outbound.write(ByteBuffer(string: request)) }
            var iterator = inbound.makeAsyncIterator()
            if let reply {
                var received = ""
                while !received.contains(reply), let chunk = try await iterator.next() {
                    received += String(buffer: chunk)
                }
            }
            let rest = Remainder(iterator: iterator)
            return try await body { bound in
                await withTaskGroup(of: (Bool, String).self) { group in
                    group.addTask { await rest.drain() }
                    group.addTask {
                        try? await Task.sleep(for: bound)
                        return (false, "")
                    }
                    let first = await group.next() ?? (false, "")
                    if !first.0 { raw.close(promise: nil) }
                    group.cancelAll()
                    return first
                }
            }
        }
    }

    /// What is left of a connection's inbound stream, read to its end by one task.
    final class Remainder: @unchecked Sendable {
        // Only the one drain task touches the iterator.
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

        init(iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        func drain() async -> (Bool, String) {
            var received = ""
            do { while let chunk = try await iterator.next() { received += String(buffer: chunk) } } catch {}
            return (true, received)
        }
    }

    /// A client that sends half a request and then nothing is closed at the deadline.
    @Test func trickledRequestIsClosedAtTheDeadline() async throws {
        let limits = HTTPListener.Limits(maxConnections: 4, connectionTimeout: .seconds(1))
        try await withListener(HTTPRoutes(metrics: { "" }), limits: limits) { port in
            let closed = try await Self.connection(port: port, sending: "GET /metr") {
                await $0(.seconds(1) + Self.slack)
            }
            #expect(closed.closed)
        }
    }

    /// With the cap reached (two connections that were answered and kept alive), a further connection is closed
    /// unanswered at once, as on every other listener (TernNetwork's `ConnectionCap`); once they are gone, a
    /// connection is served again.
    @Test func connectionsPastTheCapAreClosedUntilASlotIsFree() async throws {
        let limits = HTTPListener.Limits(maxConnections: 2, connectionTimeout: .seconds(120))
        try await withListener(HTTPRoutes(metrics: { "tern_up 1\n" }), limits: limits) { port in
            let keepAlive = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
            let request = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let refused = try await Self.connection(port: port, sending: keepAlive, awaiting: "tern_up 1\n") { _ in
                try await Self.connection(port: port, sending: keepAlive, awaiting: "tern_up 1\n") { _ in
                    try await Self.connection(port: port, sending: request) { await $0(.seconds(60)) }
                }
            }
            #expect(refused.closed && !refused.received.contains("tern_up"))
            var served = false
            for _ in 0..<100 where !served {
                served = ParsedResponse(try await get("/metrics", port: port)).status == 200
                if !served { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(served)
        }
    }
}
