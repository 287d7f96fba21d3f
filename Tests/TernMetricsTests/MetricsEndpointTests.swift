import CoreMetrics
import NIOConcurrencyHelpers
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import TernMetrics

@Suite struct MetricsEndpointTests {
    @Test func rendersPrometheusText() {
        let registry = MetricsRegistry()
        let sessions = NIOLockedValueBox(3.0)
        registry.gauge("tern_sessions") { sessions.withLockedValue { $0 } }
        let commands = Counter(label: "tern_things_total", dimensions: [("result", "ok")], factory: registry.factory)
        commands.increment(by: 2)
        let first = registry.prometheusText()
        #expect(first.contains("# TYPE tern_sessions gauge\ntern_sessions 3.0\n"))
        #expect(first.contains("# TYPE tern_things_total counter\ntern_things_total{result=\"ok\"} 2\n"))
        // Scrape-time gauges are read again at every scrape.
        sessions.withLockedValue { $0 = 5 }
        #expect(registry.prometheusText().contains("\ntern_sessions 5.0\n"))
    }

    @Test func registriesAreIndependent() {
        let one = MetricsRegistry()
        let other = MetricsRegistry()
        Counter(label: "tern_only_here_total", dimensions: [], factory: one.factory).increment()
        #expect(one.prometheusText().contains("tern_only_here_total 1"))
        #expect(!other.prometheusText().contains("tern_only_here_total"))
    }

    @Test func servesMetricsOverHTTP() async throws {
        let registry = MetricsRegistry()
        registry.registerProcessStatistics()
        registry.gauge("tern_test_value") { 7 }
        // The endpoint closes a connection this long after accepting it; in a full parallel run the test process
        // was starved for more than the 10 s default between connect and request.
        let endpoint = MetricsEndpoint(
            registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"), connectionTimeout: .seconds(120))
        let server = try await endpoint.start()
        let port = try #require(server.localAddress?.port)
        let ok = try await Self.get("/metrics", port: port)
        #expect(ok.hasPrefix("HTTP/1.1 200 OK"))
        #expect(ok.contains("\ntern_test_value 7.0\n"))
        #expect(ok.contains("\ntern_jemalloc_allocated_bytes "))
        #expect(ok.contains("\ntern_process_resident_memory_bytes "))
        let missing = try await Self.get("/other", port: port)
        #expect(missing.hasPrefix("HTTP/1.1 404"))
        try await server.close()
    }

    /// `GET /healthz`: 200 while the check passes, 503 with its reason when it fails or does not answer in time.
    @Test func healthzAnswersFromTheCheck() async throws {
        let problem = NIOLockedValueBox<String?>(nil)
        let hang = NIOLockedValueBox(false)
        let endpoint = MetricsEndpoint(
            registry: MetricsRegistry(), host: "127.0.0.1", port: 0, logger: Logger(label: "test"),
            connectionTimeout: .seconds(120),
            health: {
                if hang.withLockedValue({ $0 }) { try? await Task.sleep(for: .seconds(60)) }
                return problem.withLockedValue { $0 }
            }, healthDeadline: .seconds(20))
        let server = try await endpoint.start()
        let port = try #require(server.localAddress?.port)
        let healthy = try await Self.get("/healthz", port: port)
        #expect(healthy.hasPrefix("HTTP/1.1 200 OK") && healthy.hasSuffix("\r\n\r\nok\n"), "\(healthy)")
        problem.withLockedValue { $0 = "storage: unavailable" }
        let failing = try await Self.get("/healthz", port: port)
        #expect(failing.hasPrefix("HTTP/1.1 503") && failing.hasSuffix("unavailable: storage: unavailable\n"), "\(failing)")
        problem.withLockedValue { $0 = nil }
        hang.withLockedValue { $0 = true }
        let silent = try await Self.get("/healthz", port: port)
        #expect(silent.hasPrefix("HTTP/1.1 503") && silent.contains("no answer within"), "\(silent)")
        try await server.close()
    }

    /// Without a check, `/healthz` is not served.
    @Test func healthzNeedsACheck() async throws {
        let endpoint = MetricsEndpoint(
            registry: MetricsRegistry(), host: "127.0.0.1", port: 0, logger: Logger(label: "test"),
            connectionTimeout: .seconds(120))
        let server = try await endpoint.start()
        let port = try #require(server.localAddress?.port)
        #expect(try await Self.get("/healthz", port: port).hasPrefix("HTTP/1.1 404"))
        try await server.close()
    }

    /// A raw HTTP/1.1 exchange over a real socket: write the request, read until the server closes.
    static func get(_ path: String, port: Int) async throws -> String {
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await client.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n"))
            var response = ""
            for try await chunk in inbound {
                response += String(buffer: chunk)
                if response.utf8.count > 1 << 20 { break }
            }
            return response
        }
    }
}
