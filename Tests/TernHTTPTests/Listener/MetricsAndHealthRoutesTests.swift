import NIOConcurrencyHelpers
import Testing

@testable import TernHTTP

/// `/metrics` and `/healthz` over a real socket (what the hand-written NIO endpoint served before).
@Suite(.timeLimit(.minutes(3))) struct MetricsAndHealthRoutesTests {
    @Test func servesMetricsText() async throws {
        let routes = HTTPRoutes(metrics: { "# TYPE tern_test_value gauge\ntern_test_value 7\n" })
        try await withListener(routes) { (port: Int) async throws in
            let ok = ParsedResponse(try await get("/metrics", port: port))
            #expect(ok.status == 200)
            #expect(ok.headers["content-type"] == "text/plain; version=0.0.4")
            #expect(ok.body.contains("\ntern_test_value 7\n"))
            #expect(ParsedResponse(try await get("/other", port: port)).status == 404)
            // Autoconfiguration is not served where it was not asked for.
            #expect(ParsedResponse(try await get("/mail/config-v1.1.xml", port: port)).status == 404)
        }
    }

    /// 200 while the check passes, 503 with its reason when it fails or does not answer in time.
    @Test func healthzAnswersFromTheCheck() async throws {
        let problem = NIOLockedValueBox<String?>(nil)
        let hang = NIOLockedValueBox(false)
        let probe = HealthProbe(deadline: .seconds(20)) {
            if hang.withLockedValue({ $0 }) { try? await Task.sleep(for: .seconds(60)) }
            return problem.withLockedValue { $0 }
        }
        try await withListener(HTTPRoutes(health: probe)) { (port: Int) async throws in
            let healthy = ParsedResponse(try await get("/healthz", port: port))
            #expect(healthy.status == 200 && healthy.body == "ok\n")
            problem.withLockedValue { $0 = "storage: unavailable" }
            let failing = ParsedResponse(try await get("/healthz", port: port))
            #expect(failing.status == 503 && failing.body == "unavailable: storage: unavailable\n")
            problem.withLockedValue { $0 = nil }
            hang.withLockedValue { $0 = true }
            let silent = ParsedResponse(try await get("/healthz", port: port))
            #expect(silent.status == 503 && silent.body.contains("no answer within"), "\(silent.body)")
        }
    }

    @Test func healthzNeedsACheck() async throws {
        try await withListener(HTTPRoutes(metrics: { "" })) { (port: Int) async throws in
            #expect(ParsedResponse(try await get("/healthz", port: port)).status == 404)
        }
    }
}
