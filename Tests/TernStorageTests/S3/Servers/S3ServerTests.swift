import NIOCore
import Testing

@testable import TernStorage

/// S3-specific behaviour against the real servers (the generic contract is the conformance suite).
@Suite("S3 against real servers")
struct S3ServerTests {
    /// moto-auth is left out of the general tests: moto's own signature check computes the
    /// canonical request from the decoded URL, so any request with `/` in a query value (every
    /// listing by prefix) or `&`, `<`, non-ASCII in a key fails its check, from boto3 as from Tern.
    /// It runs the wrong-secret test and `signedRoundTrip`, whose requests avoid those characters.
    static let servers = [S3TestServer.moto, .ceph].filter(\.shouldRun)
    static let signingServers = [S3TestServer.motoAuth, .ceph].filter(\.shouldRun)

    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static func pad(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func read(_ store: S3Store, _ key: String, range: BlobRange? = nil) async throws -> [UInt8] {
        let read = try await store.get(key, range: range)
        var bytes: [UInt8] = []
        for try await chunk in read.body { bytes += chunk.readableBytesView }
        #expect(bytes.count == read.range.count)
        return bytes
    }

    @Test("a wrong secret is refused with 403", arguments: signingServers)
    func wrongSecretIsDenied(_ server: S3TestServer) async throws {
        let good = try server.configuration()
        _ = try await server.openStore(good)
        var bad = good
        bad.credentials.secretAccessKey += "x"
        let error = await #expect(throws: StorageError.self) { _ = try await S3Store.open(bad, runtime: testStorageRuntime) }
        #expect(error?.code == .permissionDenied)
        #expect(error?.message.contains("403") == true)
        #expect(error?.message.contains("SignatureDoesNotMatch") == true, "\(String(describing: error))")
    }

    @Test("every operation is signed correctly (keys and queries moto can check)", arguments: signingServers)
    func signedRoundTrip(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        let payload = Self.randomBytes(S3Configuration.minimumPartSize + 100, seed: 9)
        try await store.put("small", bytes: ByteBuffer(string: "hello"), condition: .ifAbsent)
        try await store.put("large", bytes: ByteBuffer(bytes: payload))
        #expect(try await Self.read(store, "small") == Array("hello".utf8))
        #expect(try await Self.read(store, "large", range: BlobRange(offset: 5, length: 10)) == Array(payload[5..<15]))
        #expect(try await store.head("large")?.size == payload.count)
        try await store.copy(from: "small", to: "copy")
        try await store.put(partition: "rows", sort: "a", value: ByteBuffer(string: "row"))
        #expect(try await store.get(partition: "rows", sort: "a") == ByteBuffer(string: "row"))
        try await store.delete(partition: "rows", sort: "a")
        try await store.delete(["small", "large"])
        try await store.delete("copy")
        #expect(try await store.head("copy") == nil)
        #expect(try await store.get(partition: "rows", sort: "a") == nil)
    }

    @Test("conditional create is detected, and off when configured off", arguments: servers)
    func conditionalCreate(_ server: S3TestServer) async throws {
        let store = try await server.openStore(conditional: .auto)
        #expect(store.capabilities.conditionalCreate)
        try await store.put("k", bytes: ByteBuffer(string: "one"), condition: .ifAbsent)
        let error = await #expect(throws: StorageError.self) {
            try await store.put("k", bytes: ByteBuffer(string: "two"), condition: .ifAbsent)
        }
        #expect(error?.code == .alreadyExists)
        #expect(try await Self.read(store, "k") == Array("one".utf8))

        let off = try await server.openStore(conditional: .off)
        #expect(!off.capabilities.conditionalCreate)
        try await off.put("k", bytes: ByteBuffer(string: "one"), condition: .ifAbsent)
        try await off.put("k", bytes: ByteBuffer(string: "two"), condition: .ifAbsent)
        #expect(try await Self.read(off, "k") == Array("two".utf8))
        try await store.deleteEverything()
        try await off.deleteEverything()
    }

    @Test("multipart upload from a stream, read back whole and across part boundaries", arguments: servers)
    func multipart(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        let partSize = S3Configuration.minimumPartSize
        let bytes = Self.randomBytes(2 * partSize + 123_457, seed: 42)
        // Chunks of an odd size, so parts never line up with chunks.
        let chunks = stride(from: 0, to: bytes.count, by: 70_001).map {
            ByteBuffer(bytes: bytes[$0..<min($0 + 70_001, bytes.count)])
        }
        try await store.put("big", body: SyncAsyncSequence(base: chunks), length: bytes.count, condition: .none)
        #expect(try await store.head("big") == BlobInfo(key: "big", size: bytes.count))
        #expect(try await Self.read(store, "big") == bytes)
        let across = try BlobRange(offset: partSize - 1000, length: 2000)
        #expect(try await Self.read(store, "big", range: across) == Array(bytes[(partSize - 1000)..<(partSize + 1000)]))
        let tail = try BlobRange(offset: bytes.count - 10)
        #expect(try await Self.read(store, "big", range: tail) == Array(bytes.suffix(10)))

        // A stream shorter than declared stores nothing.
        let short = SyncAsyncSequence(base: chunks.dropLast())
        let error = await #expect(throws: StorageError.self) {
            try await store.put("short", body: short, length: bytes.count, condition: .none)
        }
        #expect(error?.code == .invalidArgument)
        #expect(try await store.head("short") == nil)
        try await store.deleteEverything()
    }

    @Test("conditional multipart create refuses an existing key", arguments: servers)
    func conditionalMultipart(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        let bytes = Self.randomBytes(S3Configuration.minimumPartSize + 1, seed: 7)
        try await store.put("m", bytes: ByteBuffer(bytes: bytes), condition: .ifAbsent)
        let error = await #expect(throws: StorageError.self) {
            try await store.put("m", bytes: ByteBuffer(bytes: bytes), condition: .ifAbsent)
        }
        #expect(error?.code == .alreadyExists)
        try await store.deleteEverything()
    }

    @Test("DeleteObjects removes many blobs in one request", arguments: servers)
    func deleteMany(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        let keys = (0..<30).map { "d/\($0) & <odd> ü" }
        for key in keys { try await store.put(key, bytes: ByteBuffer(string: key)) }
        #expect(try await store.list(prefix: "d/", startAfter: nil, limit: 1000).entries.count == 30)
        try await store.delete(Array(keys.prefix(20)) + ["d/never-existed"])
        #expect(try await store.list(prefix: "d/", startAfter: nil, limit: 1000).entries.map(\.key) == Array(keys.suffix(10)).sorted {
            StorageKey.precedes($0, $1)
        })
        try await store.deleteEverything()
        #expect(try await store.list(prefix: "", startAfter: nil, limit: 10).entries.isEmpty)
    }

    @Test("a whole-object read is checked against the ETag", arguments: servers)
    func etagCheckedOnWholeReads(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        let bytes = Self.randomBytes(300_000, seed: 3)
        try await store.put("e", bytes: ByteBuffer(bytes: bytes))
        let read = try await store.client.getObject(key: store.blobRoot + "e", range: nil)
        #expect(S3Bytes.isPlainMD5ETag(read.etag), "server ETag \(read.etag) is not an MD5: the check would be skipped")
        var collected: [UInt8] = []
        for try await chunk in read.body { collected += chunk.readableBytesView }
        #expect(collected == bytes)
        try await store.deleteEverything()
    }

    @Test("rows of nested partitions stay apart; many rows page in order", arguments: servers)
    func rowLayout(_ server: S3TestServer) async throws {
        let store = try await server.openStore()
        for index in 0..<25 {
            try await store.put(partition: "p", sort: Self.pad(index), value: ByteBuffer(string: "v\(index)"))
        }
        try await store.put(partition: "p/q", sort: "0000", value: ByteBuffer(string: "nested"))
        try await store.put(partition: "p-", sort: "0000", value: ByteBuffer(string: "sibling"))
        var keys: [String] = []
        var after: String?
        repeat {
            let page = try await store.list(partition: "p", after: after, limit: 7)
            keys += page.rows.map(\.sort)
            #expect(page.rows.allSatisfy { String(buffer: $0.value) == "v\(Int($0.sort)!)" })
            after = page.nextAfter
        } while after != nil
        #expect(keys == (0..<25).map { Self.pad($0) })
        #expect(try await store.listKeys(partition: "p/q", after: nil, limit: 10).keys == ["0000"])
        try await store.deleteEverything()
    }

    @Test("stores of one location share one watch", arguments: servers)
    func sharedWatch(_ server: S3TestServer) async throws {
        let configuration = try server.configuration()
        let first = try await server.openStore(configuration)
        let second = try await server.openStore(configuration)
        #expect(first.watchHub === second.watchHub)
        let waiters = [first, second].map { store in
            Task { try await store.waitForChange(partition: "shared", after: nil) }
        }
        try await s3WaitUntil("both waiters register") { first.watchHub.waiterCount(partition: "shared") == 2 }
        #expect(first.watchHub.watchedPartitionCount == 1)
        try await second.put(partition: "shared", sort: "1", value: ByteBuffer(string: "x"))
        for waiter in waiters { try await withHangGuard(seconds: 60, "watch wake-up") { try await waiter.value } }
        try await first.deleteEverything()
    }
}
