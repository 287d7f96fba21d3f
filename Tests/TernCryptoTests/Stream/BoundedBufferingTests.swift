import NIOCore
import Testing

@testable import TernCrypto

/// The adapters must pull from upstream only as far as one chunk needs: memory per stream is one
/// chunk, whatever the blob size.
@Suite struct BoundedBufferingTests {
    /// Upstream of 1-byte buffers that counts how many were pulled.
    final class CountingBytes: AsyncSequence, @unchecked Sendable {  // used by one task at a time
        typealias Element = ByteBuffer
        let bytes: [UInt8]
        var pulled = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        struct AsyncIterator: AsyncIteratorProtocol {
            let owner: CountingBytes
            mutating func next() async -> ByteBuffer? {
                guard owner.pulled < owner.bytes.count else { return nil }
                owner.pulled += 1
                return ByteBuffer(bytes: [owner.bytes[owner.pulled - 1]])
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(owner: self) }
    }

    @Test func sealingPullsOneChunkPlusOneByteAhead() async throws {
        let upstream = CountingBytes(Array(repeating: 5, count: 100))
        let sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID, chunkSize: 16)
        var iterator = upstream.sealed(with: sealer).makeAsyncIterator()
        #expect(try await iterator.next()?.readableBytes == 28)  // the header, before any input
        #expect(upstream.pulled == 0)
        #expect(try await iterator.next()?.readableBytes == 32)
        // Chunk 0 is sealed as soon as byte 16 shows it is not the last one.
        #expect(upstream.pulled == 17)
        _ = try await iterator.next()
        #expect(upstream.pulled == 33)
    }

    @Test func openingPullsOneSealedChunkPlusOneByteAhead() async throws {
        let sealed = try sealAll(Array(repeating: 6, count: 100), chunkSize: 16)
        let upstream = CountingBytes(sealed)
        let decryptor = BlobDecryptor(kind: .user, keys: testKeys, blobID: testBlobID)
        var iterator = upstream.opened(with: decryptor).makeAsyncIterator()
        #expect(try await iterator.next()?.readableBytes == 16)
        #expect(upstream.pulled == 28 + 32 + 1)
        #expect(try await iterator.next()?.readableBytes == 16)
        #expect(upstream.pulled == 28 + 64 + 1)
    }
}
