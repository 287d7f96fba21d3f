import Testing

@testable import TernStorage

/// The S3 pool gauges (`/metrics`: tern_s3_requests_in_flight, tern_s3_requests_waiting_for_connection) count real
/// requests: against a server that holds its answers, a pool of one connection carries one request and queues the
/// next; both count until answered.
@Suite struct S3RequestGaugeTests {
    @Test func requestsCountUntilAnsweredIncludingThoseQueuedForAConnection() async throws {
        let server = try await HeldResponseHTTPServer()
        var pool = S3HTTPClientPool.Configuration()
        pool.maxConnectionsPerHost = 1
        let runtime = try StorageRuntime(s3Pool: pool)
        let client = S3Client(
            configuration: StorageRuntimeTests.s3Configuration(port: server.port), http: try runtime.s3HTTPClient(),
            requests: runtime.s3Requests)
        #expect(runtime.s3Requests.inFlight == 0)

        try await withHangGuard("held S3 requests") {
            try await withThrowingTaskGroup(of: Void.self) { requests in
                for index in 0..<2 {
                    requests.addTask { _ = try await client.headObject(key: "held-\(index)") }
                }
                // One reaches the server (the pool's only connection); the other waits inside the HTTP client.
                for await _ in server.received { break }
                while runtime.s3Requests.inFlight < 2 { try await Task.sleep(for: .milliseconds(10)) }
                #expect(runtime.s3Requests.inFlight == 2)
                server.release()
                try await requests.waitForAll()
            }
        }
        #expect(runtime.s3Requests.inFlight == 0)
        await runtime.shutdown()
        await server.close()
    }
}
