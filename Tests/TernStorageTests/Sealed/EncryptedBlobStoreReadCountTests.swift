import NIOConcurrencyHelpers
import NIOCore
import TernCrypto
import TernStorage
import Testing

/// How many base reads a sealed read costs: a range near the start comes with its preamble in one
/// read (a round trip on S3), a range further in needs the preamble first.
@Suite struct EncryptedBlobStoreReadCountTests {
    static let keys = UserKeys.generate()

    @Test func rangesNearTheStartAreOneBaseRead() async throws {
        let base = CountingBlobStore(base: MemoryStore())
        let store = try EncryptedBlobStore(base: base, keys: Self.keys, chunkSize: 1024)
        var random = SeededRandom(seed: 7)
        let bytes = random.bytes(10_000)
        try await store.put("msg/count", bytes)

        for (offset, length, reads) in [(0, 100, 1), (1000, 100, 1), (3000, 2000, 1), (4095, 1, 1), (4096, 10, 2), (9000, 5000, 2)] {
            base.gets.withLockedValue { $0 = 0 }
            let read = try await store.readAll("msg/count", range: try BlobRange(offset: offset, length: length))
            #expect(read == Array(bytes[offset..<min(bytes.count, offset + length)]), "offset \(offset)")
            #expect(base.gets.withLockedValue { $0 } == reads, "offset \(offset) length \(length)")
        }
        base.gets.withLockedValue { $0 = 0 }
        #expect(try await store.readAll("msg/count", range: try BlobRange(offset: 2000)) == Array(bytes[2000...]))
        #expect(try await store.readAll("msg/count") == bytes)
        #expect(base.gets.withLockedValue { $0 } == 2)
    }

    /// The one-read guess assumes this store's chunk size; a blob sealed with another one is read
    /// again with its own layout, and every range still comes out exact.
    @Test func aBlobSealedWithAnotherChunkSizeReadsExactly() async throws {
        let base = MemoryStore()
        let writer = try EncryptedBlobStore(base: base, keys: Self.keys, chunkSize: 16)
        let reader = try EncryptedBlobStore(base: base, keys: Self.keys, chunkSize: 4096)
        var random = SeededRandom(seed: 8)
        let bytes = random.bytes(300)
        try await writer.put("msg/other", bytes)
        for offset in [0, 1, 15, 16, 17, 100, 299, 300] {
            for length in [1, 16, 17, 200] {
                let read = try await reader.readAll("msg/other", range: try BlobRange(offset: offset, length: length))
                let start = min(offset, bytes.count)
                #expect(read == Array(bytes[start..<min(bytes.count, start + length)]), "offset \(offset) length \(length)")
            }
        }
    }
}

/// A blob store that counts the reads it passes on.
final class CountingBlobStore<Base: BlobStore>: BlobStore {
    let base: Base
    let gets = NIOLockedValueBox(0)

    init(base: Base) { self.base = base }

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await base.put(key, body: body, length: length, condition: condition)
    }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        gets.withLockedValue { $0 += 1 }
        return try await base.get(key, range: range)
    }

    func head(_ key: String) async throws -> BlobInfo? { try await base.head(key) }
    func copy(from source: String, to destination: String) async throws { try await base.copy(from: source, to: destination) }
    func delete(_ key: String) async throws { try await base.delete(key) }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }
}
