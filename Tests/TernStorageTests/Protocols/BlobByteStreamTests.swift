import NIOConcurrencyHelpers
import NIOCore
import TernStorage
import Testing

@Suite("BlobByteStream")
struct BlobByteStreamTests {
    static func stream(_ sizes: [Int]) -> BlobByteStream {
        BlobByteStream(AsyncChunks(sizes.map { ByteBuffer(repeating: 1, count: $0) }))
    }

    @Test func exactLengthPasses() async throws {
        var total = 0
        for try await chunk in Self.stream([3, 0, 4]).checked(expectedLength: 7) { total += chunk.readableBytes }
        #expect(total == 7)
    }

    @Test func shortBodyIsAnIntegrityError() async throws {
        await #expect { for try await _ in Self.stream([3, 3]).checked(expectedLength: 7) {} } throws: { error in
            (error as? StorageError)?.code == .integrity
        }
    }

    @Test func longBodyIsAnIntegrityError() async throws {
        await #expect { for try await _ in Self.stream([5, 5]).checked(expectedLength: 7) {} } throws: { error in
            (error as? StorageError)?.code == .integrity
        }
    }

    @Test func collectIsBounded() async throws {
        #expect(try await Self.stream([4, 4]).collect(upTo: 8).readableBytes == 8)
        await #expect { try await Self.stream([4, 5]).collect(upTo: 8) } throws: { error in
            (error as? StorageError)?.code == .invalidArgument
        }
        #expect(try await BlobByteStream.empty.collect(upTo: 0).readableBytes == 0)
    }

    @Test func rangeClamping() throws {
        #expect(try BlobRange(offset: 0).clamped(toSize: 10) == 0..<10)
        #expect(try BlobRange(offset: 4, length: 3).clamped(toSize: 10) == 4..<7)
        #expect(try BlobRange(offset: 8, length: 5).clamped(toSize: 10) == 8..<10)
        #expect(try BlobRange(offset: 10, length: 5).clamped(toSize: 10) == 10..<10)
        #expect(try BlobRange(offset: 12).clamped(toSize: 10) == 10..<10)
        #expect(try BlobRange(offset: 1, length: .max).clamped(toSize: 10) == 1..<10)
    }
}

@Suite("BlobStore.read(into:)")
struct BlobStoreReadIntoTests {
    @Test func streamsEveryChunkInOrder() async throws {
        let store = MemoryStore(chunkSize: 1000)
        var random = SeededRandom(seed: 11)
        let bytes = random.bytes(10_500)
        try await store.put("k", bytes: ByteBuffer(bytes: bytes))
        let collected = NIOLockedValueBox<[UInt8]>([])
        let count = try await store.read("k", range: try BlobRange(offset: 100, length: 5000)) { chunk in
            #expect(chunk.readableBytes <= 1000)
            collected.withLockedValue { $0 += chunk.readableBytesView }
        }
        #expect(count == 5000)
        #expect(collected.withLockedValue { $0 } == Array(bytes[100..<5100]))
    }
}
