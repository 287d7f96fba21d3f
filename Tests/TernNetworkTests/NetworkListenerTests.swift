import Logging
import NIOCore
import NIOPosix
import TernNetwork
import TernTestSupport
import Testing

@Suite("NetworkListener")
struct NetworkListenerTests {
    static let logger = Logger(label: "tern.network.test")

    /// Greets, then holds the connection until the client closes it.
    @Sendable static func greetAndHold(_ connection: NetworkListener<ByteBuffer, ByteBuffer>.Connection) async {
        try? await connection.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "hello\n"))
            for try await _ in inbound {}
        }
    }

    @Sendable static func sayFull(_ connection: NetworkListener<ByteBuffer, ByteBuffer>.Connection) async {
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(string: "full\n"))
        }
    }

    @Test func reportsTheBoundPortAndStopsWhenCancelled() async throws {
        let listener = try await NetworkListener<ByteBuffer, ByteBuffer>.bind(.tcp(host: "127.0.0.1", port: 0)) { _ in }
        guard case .tcp(_, let port) = listener.boundAddress else {
            Issue.record("not TCP: \(listener.boundAddress)")
            return
        }
        #expect(port != 0)
        let running = Task { try await listener.run(logger: Self.logger, handle: Self.greetAndHold) }
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let greeting = try await LoopbackClient.connect(to: address) { try await $0.readLine() }
        #expect(greeting == "hello")
        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
    }

    /// Past the cap a connection is refused (with the protocol's last word) and closed; a slot freed by a
    /// closed connection admits the next one. LMTP and SASL get this cap through `ProtocolListener.serve`.
    @Test func capRefusesPastTheLimitAndAdmitsAgainWhenOneCloses() async throws {
        let listener = try await NetworkListener<ByteBuffer, ByteBuffer>.bind(.tcp(host: "127.0.0.1", port: 0)) { _ in }
        let cap = ConnectionCap(limit: 1)
        let running = Task {
            try await listener.run(cap: cap, logger: Self.logger, refuse: Self.sayFull, handle: Self.greetAndHold)
        }
        defer { running.cancel() }
        let address = try #require(listener.localAddress)

        try await LoopbackClient.connect(to: address) { first in
            #expect(try await first.readLine() == "hello")
            let second = try await LoopbackClient.connect(to: address) { second in
                (try await second.readLine(), await second.isClosedByServer())
            }
            #expect(second.0 == "full")
            #expect(second.1)
        }
        // The first connection's slot is released once the server has seen it close: until then a new
        // client may still be refused, so try a bounded number of times.
        var admitted = false
        for _ in 0..<1_000 where !admitted {
            admitted = try await LoopbackClient.connect(to: address) { try await $0.readLine() == "hello" }
        }
        #expect(admitted)
        #expect(cap.openCount <= 1)
    }
}
