import NIOCore
import NIOHTTP1
import Testing

@testable import TernStorage

/// The S3 client behind `FaultProxy`: reads return the exact bytes or fail with a clear error,
/// writes are retried and land once, and nothing damaged is ever returned as good.
@Suite("S3 through a fault-injecting proxy")
struct S3FaultTests {
    /// moto (fast) and Ceph (which checks every signature: the proxy forwards requests unchanged).
    static let servers = [S3TestServer.moto, .ceph].filter(\.shouldRun)

    struct Harness {
        let proxy: FaultProxy
        let store: S3Store
        let direct: S3Store

        func stop() async throws {
            try await direct.deleteEverything()
            await proxy.stop()
        }
    }

    static func harness(_ server: S3TestServer, retry: S3RetryPolicy? = nil) async throws -> Harness {
        let upstream = try server.configuration()
        let proxy = try await FaultProxy.start(upstreamPort: upstream.location.port)
        var configuration = upstream
        configuration.location.host = "127.0.0.1"
        configuration.location.port = proxy.port
        if let retry { configuration.retry = retry }
        // The bucket is made through the direct store, with the default retries: a loaded test run
        // must not fail the set-up of a store that is told never to retry.
        let direct = try await server.openStore(upstream)
        let store = try await S3Store.open(configuration, runtime: testStorageRuntime)
        return Harness(proxy: proxy, store: store, direct: direct)
    }

    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        S3ServerTests.randomBytes(count, seed: seed)
    }

    static func readAll(_ store: S3Store, _ key: String, range: BlobRange? = nil) async throws -> [UInt8] {
        try await S3ServerTests.read(store, key, range: range)
    }

    static let objectGet = Requests.object(.GET, endingWith: "/blob/b")

    @Test("5xx and 429 bursts are retried for every operation", arguments: servers)
    func errorBursts(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server)
        let store = harness.store
        let script = harness.proxy.script
        let payload = Self.bytes(200_000, seed: 1)
        for status in [500, 503, 429] {
            script.add(.status(status), times: 2)
            try await store.put("b", bytes: ByteBuffer(bytes: payload))
            script.add(.status(status), times: 2)
            #expect(try await Self.readAll(store, "b") == payload)
            script.add(.status(status), times: 2)
            #expect(try await store.head("b")?.size == payload.count)
            script.add(.status(status), times: 2)
            try await store.copy(from: "b", to: "c")
            script.add(.status(status), times: 2)
            #expect(try await store.list(prefix: "", startAfter: nil, limit: 10).entries.map(\.key) == ["b", "c"])
            script.add(.status(status), times: 2)
            try await store.delete("c")
        }
        #expect(script.log.filter { $0.fault != .pass }.count == 3 * 6 * 2)
        #expect(try await Self.readAll(harness.direct, "b") == payload)
        try await harness.stop()
    }

    @Test("errors that outlast the retries, and 4xx, fail with a clear error", arguments: servers)
    func persistentErrors(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server)
        let script = harness.proxy.script
        script.add(.status(503))
        let unavailable = await #expect(throws: StorageError.self) {
            try await harness.store.put("b", bytes: ByteBuffer(string: "x"))
        }
        #expect(unavailable?.code == .unavailable)
        #expect(unavailable?.message.contains("503") == true)
        #expect(unavailable?.message.contains("gave up after 6 attempts") == true, "\(String(describing: unavailable))")
        script.removeAllRules()

        let before = script.log.count
        script.add(.status(403))
        let denied = await #expect(throws: StorageError.self) {
            try await harness.store.put("b", bytes: ByteBuffer(string: "x"))
        }
        #expect(denied?.code == .permissionDenied)
        #expect(script.log.count == before + 1, "a 403 must not be retried")
        script.removeAllRules()
        try await harness.stop()
    }

    @Test("a connection reset mid-body resumes at the next byte", arguments: servers)
    func resetMidBody(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server)
        let payload = Self.bytes(1 << 20, seed: 2)
        try await harness.store.put("b", bytes: ByteBuffer(bytes: payload))
        harness.proxy.script.add(.resetAfterBodyBytes(300_000), times: 2, when: Self.objectGet)
        #expect(try await Self.readAll(harness.store, "b") == payload)
        let gets = harness.proxy.script.log.filter { $0.method == .GET && $0.uri.hasSuffix("/blob/b") }
        #expect(gets.count == 3)
        // The resumed reads ask for the rest, pinned to the same object.
        for resumed in gets.dropFirst() {
            #expect(resumed.headers.first(name: "range")?.hasSuffix("-\(payload.count - 1)") == true)
            #expect(resumed.headers.first(name: "if-match") != nil)
        }
        // A ranged read resumes too.
        harness.proxy.script.add(.resetAfterBodyBytes(10_000), times: 1, when: Self.objectGet)
        let range = try BlobRange(offset: 100_000, length: 500_000)
        #expect(try await Self.readAll(harness.store, "b", range: range) == Array(payload[100_000..<600_000]))
        try await harness.stop()
    }

    @Test("a reset with no retries left fails the read instead of ending it short", arguments: servers)
    func resetWithoutRetries(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server, retry: .never)
        let payload = Self.bytes(1 << 20, seed: 3)
        try await harness.store.put("b", bytes: ByteBuffer(bytes: payload))
        harness.proxy.script.add(.resetAfterBodyBytes(200_000), when: Self.objectGet)
        let error = await #expect(throws: StorageError.self) { _ = try await Self.readAll(harness.store, "b") }
        #expect(error?.code == .unavailable)
        try await harness.stop()
    }

    @Test("short and corrupted bodies are errors, never data", arguments: servers)
    func shortAndCorruptBodies(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server)
        let payload = Self.bytes(500_000, seed: 4)
        try await harness.store.put("b", bytes: ByteBuffer(bytes: payload))
        let script = harness.proxy.script

        // Whole-object read: a body cut short with a matching (lying) Content-Length fails the ETag check.
        script.add(.shortenBody(by: 1000), times: 1, when: Self.objectGet)
        let short = await #expect(throws: StorageError.self) { _ = try await Self.readAll(harness.store, "b") }
        #expect(short?.code == .integrity)

        // Ranged read: Content-Length no longer matches Content-Range.
        script.add(.shortenBody(by: 1000), times: 1, when: Self.objectGet)
        let range = try BlobRange(offset: 1000, length: 100_000)
        let shortRange = await #expect(throws: StorageError.self) { _ = try await Self.readAll(harness.store, "b", range: range) }
        #expect(shortRange?.code == .integrity)

        // A flipped bit in a whole-object read.
        script.add(.corruptBody(at: 123_456), times: 1, when: Self.objectGet)
        let corrupt = await #expect(throws: StorageError.self) { _ = try await Self.readAll(harness.store, "b") }
        #expect(corrupt?.code == .integrity)

        // And the object itself is fine.
        #expect(try await Self.readAll(harness.store, "b") == payload)
        try await harness.stop()
    }

    @Test("writes whose response is lost are retried and land once", arguments: servers)
    func lostResponses(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server)
        let store = harness.store
        let script = harness.proxy.script
        #expect(store.capabilities.conditionalCreate)

        // A conditional PUT lands, its answer is lost; the retry's 412 is recognised as our own write.
        let payload = Self.bytes(100_000, seed: 5)
        script.add(.dropResponse, times: 1, when: Requests.object(.PUT, endingWith: "/blob/once"))
        try await store.put("once", bytes: ByteBuffer(bytes: payload), condition: .ifAbsent)
        #expect(script.log.filter { $0.method == .PUT && $0.uri.hasSuffix("/blob/once") }.count == 2)
        #expect(try await Self.readAll(harness.direct, "once") == payload)
        // Someone else's object under the key is still reported.
        let other = await #expect(throws: StorageError.self) {
            try await store.put("once", bytes: ByteBuffer(string: "different"), condition: .ifAbsent)
        }
        #expect(other?.code == .alreadyExists)

        // A multipart upload whose parts and completion lose their answers.
        let big = Self.bytes(S3Configuration.minimumPartSize + 4321, seed: 6)
        script.add(.dropResponse, times: 1, when: { method, uri, _ in method == .PUT && uri.contains("partNumber=2") })
        script.add(.dropResponse, times: 1, when: { method, uri, _ in method == .POST && uri.contains("uploadId=") })
        try await store.put("big", bytes: ByteBuffer(bytes: big))
        #expect(try await Self.readAll(harness.direct, "big") == big)
        #expect(try await harness.direct.list(prefix: "", startAfter: nil, limit: 10).entries.map(\.key) == ["big", "once"])

        // Rows: a put and a delete whose answers are lost.
        script.add(.dropResponse, times: 1, when: { method, _, _ in method == .PUT })
        try await store.put(partition: "p", sort: "1", value: ByteBuffer(string: "row"))
        script.add(.dropResponse, times: 1, when: { method, _, _ in method == .DELETE })
        try await store.delete(partition: "p", sort: "1")
        #expect(try await harness.direct.get(partition: "p", sort: "1") == nil)
        try await harness.stop()
    }

    @Test("listings cut off mid-body are retried; latency only slows things down", arguments: servers)
    func listingsAndLatency(_ server: S3TestServer) async throws {
        let harness = try await Self.harness(server)
        let store = harness.store
        for index in 0..<20 {
            try await harness.direct.put(partition: "p", sort: S3ServerTests.pad(index), value: ByteBuffer(string: "\(index)"))
        }
        harness.proxy.script.add(.resetAfterBodyBytes(300), times: 2, when: Requests.listing)
        harness.proxy.script.add(.delay(.milliseconds(30)))
        let page = try await store.list(partition: "p", after: nil, limit: 100)
        #expect(page.rows.map { String(buffer: $0.value) } == (0..<20).map(String.init))
        #expect(harness.proxy.script.log.filter { $0.fault == .resetAfterBodyBytes(300) }.count == 2)

        // The watch keeps polling through the faults and wakes on a new row.
        harness.proxy.script.removeAllRules()
        harness.proxy.script.add(.status(503), times: 3, when: Requests.listing)
        harness.proxy.script.add(.delay(.milliseconds(30)))
        let waiter = Task { try await store.waitForChange(partition: "p", after: S3ServerTests.pad(19)) }
        try await s3WaitUntil("the waiter registers") { store.watchHub.waiterCount(partition: "p") == 1 }
        try await harness.direct.put(partition: "p", sort: S3ServerTests.pad(20), value: ByteBuffer(string: "20"))
        try await withHangGuard(seconds: 60, "watch wake-up through faults") { try await waiter.value }
        harness.proxy.script.removeAllRules()
        try await harness.stop()
    }
}
