import AsyncHTTPClient
import NIOCore
import NIOPosix
import Testing

@testable import TernStorage

/// Issue 18: far more concurrent requests than the pool has connections all succeed, waiting their
/// turn at the `S3RequestGate` instead of failing in AsyncHTTPClient's own queue.
@Suite("S3 pool saturation against real servers")
struct S3PoolSaturationTests {
    static let servers = [S3TestServer.moto, .ceph].filter(\.shouldRun)

    /// A pool of two connections whose AHC queue gives up after 250 ms (AHC's connect timeout is
    /// also its deadline for a free connection), no retries: without the gate, hundreds of requests
    /// queued behind two connections fail with `getConnectionFromPoolTimeout`.
    @Test("hundreds of requests through a two-connection pool all succeed", arguments: servers)
    func tightPoolServesEveryone(_ server: S3TestServer) async throws {
        var configuration = try server.configuration(retry: .never)
        configuration.queueWait = .seconds(120)
        _ = try await server.openStore(configuration)  // creates the bucket
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .milliseconds(250), read: .seconds(60)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 2),
            decompression: .disabled)
        httpConfiguration.httpVersion = .http1Only
        let http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: httpConfiguration)
        let gate = S3RequestGate(capacity: 2, maxWaiting: 10_000)
        let client = S3Client(configuration: configuration, http: http, gate: gate)
        let prefix = configuration.location.keyPrefix

        // One body large enough to hold its connection while it streams, and small ones.
        let large = S3ServerTests.randomBytes(512 << 10, seed: 18)
        try await client.putObject(key: "\(prefix)/large", body: ByteBuffer(bytes: large), ifAbsent: false)
        for index in 0..<4 {
            try await client.putObject(key: "\(prefix)/small\(index)", body: ByteBuffer(string: "small \(index)"), ifAbsent: false)
        }

        let requests = 400
        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<requests {
                group.addTask {
                    do {
                        switch index % 4 {
                        case 0:
                            let read = try await client.getObject(key: "\(prefix)/large", range: nil)
                            var count = 0
                            for try await chunk in read.body { count += chunk.readableBytes }
                            return count == large.count ? nil : "large read \(count) bytes"
                        case 1:
                            let read = try await client.getObject(
                                key: "\(prefix)/small\(index % 3)", range: BlobRange(offset: 0, length: 5))
                            var bytes: [UInt8] = []
                            for try await chunk in read.body { bytes += chunk.readableBytesView }
                            return bytes == Array("small".utf8) ? nil : "small read \(bytes)"
                        case 2:
                            let head = try await client.headObject(key: "\(prefix)/small\(index % 4)")
                            return head == nil ? "head found nothing" : nil
                        default:
                            try await client.putObject(
                                key: "\(prefix)/put\(index)", body: ByteBuffer(string: "put \(index)"), ifAbsent: false)
                            return nil
                        }
                    } catch {
                        return "request \(index): \(error)"
                    }
                }
            }
            var failures: [String] = []
            for try await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.count) of \(requests) failed, first: \(failures.prefix(3))")
        // Every permit came back: streamed bodies included.
        #expect(gate.activeCount == 0)
        #expect(gate.waitingCount == 0)
        try await http.shutdown()
    }

    /// The process-wide pool and gate, as a server uses them: 1,000 concurrent reads succeed.
    @Test("a thousand concurrent reads through the shared pool all succeed", arguments: servers)
    func sharedPoolServesAThousand(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        for index in 0..<10 {
            try await store.put("object\(index)", bytes: ByteBuffer(string: String(repeating: "x", count: 100 + index)))
        }
        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    do {
                        let bytes = try await S3ServerTests.read(store, "object\(index % 10)")
                        return bytes.count == 100 + index % 10 ? nil : "read \(bytes.count) bytes"
                    } catch {
                        return "read \(index): \(error)"
                    }
                }
            }
            var failures: [String] = []
            for try await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.count) of 1000 failed, first: \(failures.prefix(3))")
    }
}
