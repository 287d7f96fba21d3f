import NIOCore
import Testing

@testable import TernCrypto

@Suite struct ChunkCipherTests {
    let cipher: ChunkCipher

    init() throws {
        let header = try SealedStreamHeader.random(chunkSize: 8)
        cipher = ChunkCipher(blobKey: testKeys.blobKey(blobID: testBlobID), blobID: testBlobID, header: header)
    }

    @Test func chunkOpensOnlyAtItsIndexAndFinality() throws {
        let plaintext = ByteBuffer(string: "eight by")
        let sealed = try cipher.seal(plaintext, index: 5, isFinal: false)
        #expect(sealed.readableBytes == 8 + 16)
        #expect(try cipher.open(sealed, index: 5, isFinal: false) == plaintext)
        for (index, isFinal) in [(4, false), (6, false), (5, true)] {
            let error = #expect(throws: TernCryptoError.self) {
                try cipher.open(sealed, index: index, isFinal: isFinal)
            }
            #expect(error?.code == .authenticationFailed)
        }
    }

    @Test func chunkSizesAreEnforced() throws {
        // A non-final chunk must be full; a final one 1...C bytes, or empty only as chunk 0.
        #expect(throws: TernCryptoError.self) { try cipher.seal(ByteBuffer(string: "short"), index: 0, isFinal: false) }
        #expect(throws: TernCryptoError.self) {
            try cipher.seal(ByteBuffer(string: "too long!"), index: 0, isFinal: true)
        }
        #expect(throws: TernCryptoError.self) { try cipher.seal(ByteBuffer(), index: 1, isFinal: true) }
        _ = try cipher.seal(ByteBuffer(), index: 0, isFinal: true)
        _ = try cipher.seal(ByteBuffer(string: "x"), index: 3, isFinal: true)
        // A sealed chunk longer than C + 16 or shorter than a tag is rejected before decryption.
        #expect(throws: TernCryptoError.self) {
            try cipher.open(ByteBuffer(repeating: 0, count: 25), index: 0, isFinal: true)
        }
        #expect(throws: TernCryptoError.self) {
            try cipher.open(ByteBuffer(repeating: 0, count: 15), index: 0, isFinal: true)
        }
    }

    @Test func chunkIndexIsLimitedTo32Bits() throws {
        _ = try cipher.seal(ByteBuffer(string: "x"), index: Int(UInt32.max), isFinal: true)
        let error = #expect(throws: TernCryptoError.self) {
            try cipher.seal(ByteBuffer(string: "x"), index: Int(UInt32.max) + 1, isFinal: true)
        }
        #expect(error?.code == .invalidParameter)
    }

    @Test func headerRoundTripsAndRejectsBadChunkSizes() throws {
        let header = try SealedStreamHeader.random(chunkSize: 65536)
        #expect(try SealedStreamHeader(parsing: header.serialized) == header)
        #expect(header.serialized.count == SealedStreamHeader.byteCount)
        for size in [0, SealedStreamHeader.maxChunkSize + 1] {
            #expect(throws: TernCryptoError.self) { try SealedStreamHeader.random(chunkSize: size) }
        }
    }

    @Test func sealerAndOpenerRefuseUseAfterFinish() throws {
        var sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID, chunkSize: 8)
        _ = try sealer.finish()
        #expect(throws: TernCryptoError.self) { try sealer.finish() }
        var input = ByteBuffer(string: "late")
        #expect(throws: TernCryptoError.self) { try sealer.consume(&input) }
    }

    struct UpstreamFailure: Error {}

    @Test func upstreamErrorsPropagateThroughTheAdapters() async throws {
        struct Failing: AsyncSequence, Sendable {
            typealias Element = ByteBuffer
            let first: ByteBuffer
            struct AsyncIterator: AsyncIteratorProtocol {
                var first: ByteBuffer?
                mutating func next() async throws -> ByteBuffer? {
                    guard let buffer = first else { throw UpstreamFailure() }
                    first = nil
                    return buffer
                }
            }
            func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first) }
        }
        let sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID, chunkSize: 8)
        let plaintext = Failing(first: ByteBuffer(string: "some bytes before the failure"))
        await #expect(throws: UpstreamFailure.self) { try await collect(plaintext.sealed(with: sealer)) }
        // A valid preamble and two chunks, then the failure: the error is the upstream one.
        let sealed = try sealAll(Array("sixteen bytes!!!+".utf8), chunkSize: 8)
        let decryptor = BlobDecryptor(kind: .user, keys: testKeys, blobID: testBlobID)
        let ciphertext = Failing(first: ByteBuffer(bytes: sealed.prefix(28 + 48)))
        await #expect(throws: UpstreamFailure.self) { try await collect(ciphertext.opened(with: decryptor)) }
    }
}
