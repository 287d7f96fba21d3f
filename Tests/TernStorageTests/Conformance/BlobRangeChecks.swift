import NIOCore
import TernStorage
import Testing

/// Ranged reads at chunk boundaries: 0, 1, 64Ki-1, 64Ki, 64Ki+1, the end, past the end.
enum BlobRangeChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("ranges at chunk boundaries", boundaries),
        ConformanceCheck("range validation", validation),
        ConformanceCheck("partially consumed read", partialConsumption),
    ]

    static let chunk = 64 * 1024

    static func boundaries(_ store: StoreUnderTest) async throws {
        var random = SeededRandom(seed: 4)
        let size = 3 * chunk + 123
        let bytes = random.bytes(size)
        try await store.blobs.put("ranged", bytes)

        let offsets = [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk, size - 1, size, size + 1, size + 10 * chunk]
        let lengths: [Int?] = [nil, 0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk + 5, size, Int.max]
        for offset in offsets {
            for length in lengths {
                let range = try BlobRange(offset: offset, length: length)
                let start = min(offset, size)
                let end = length.map { min(size, start + min($0, size)) } ?? size
                let read = try await store.blobs.get("ranged", range: range)
                #expect(read.size == size, "\(range)")
                #expect(read.range == start..<end, "\(range)")
                var received: [UInt8] = []
                for try await piece in read.body { received.append(contentsOf: piece.readableBytesView) }
                #expect(received == Array(bytes[start..<end]), "\(range): got \(received.count) bytes")
            }
        }
    }

    static func validation(_ store: StoreUnderTest) async throws {
        #expect(throws: StorageError.self) { try BlobRange(offset: -1) }
        #expect(throws: StorageError.self) { try BlobRange(offset: 0, length: -1) }
        #expect(
            await storageErrorCode { _ = try await store.blobs.get("absent", range: try BlobRange(offset: 3)) }
                == .notFound
        )
    }

    /// A reader that stops early (a FETCH of a partial section, a client gone) leaves the store usable.
    static func partialConsumption(_ store: StoreUnderTest) async throws {
        var random = SeededRandom(seed: 5)
        let bytes = random.bytes(5 * chunk)
        try await store.blobs.put("partial", bytes)
        for _ in 0..<20 {
            var iterator = try await store.blobs.get("partial").body.makeAsyncIterator()
            let first = try await iterator.next()
            #expect(first.map { Array($0.readableBytesView) } == Array(bytes.prefix(first?.readableBytes ?? 0)))
        }
        try await store.blobs.delete("partial")
        #expect(try await store.blobs.head("partial") == nil)
    }
}
