import NIOCore
import Testing

@testable import TernCrypto

@Suite struct StreamRoundTripTests {
    static let chunkSize = 16

    @Test(arguments: [0, 1, 15, 16, 17, 31, 32, 33, 48, 160, 161])
    func roundTripThroughAsyncSequences(length: Int) async throws {
        var random = SeededBytes(seed: UInt64(length) &+ 11)
        let plaintext = random.bytes(length)
        for pieceSizes in [[1], [5, 16, 3], [16], [17], [1000]] {
            let sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID, chunkSize: Self.chunkSize)
            let sealed = try await collect(BufferSequence(plaintext, pieceSizes: pieceSizes).sealed(with: sealer))
            #expect(
                sealed.count == SealedStreamLayout(chunkSize: Self.chunkSize).ciphertextLength(plaintextLength: length)
            )
            for readSizes in [[1], [7, 44], [10_000]] {
                let decryptor = BlobDecryptor(kind: .user, keys: testKeys, blobID: testBlobID)
                let opened = try await collect(BufferSequence(sealed, pieceSizes: readSizes).opened(with: decryptor))
                #expect(opened == plaintext, "length \(length) pieces \(pieceSizes) reads \(readSizes)")
            }
        }
    }

    @Test func sealingOutputIsOneBufferPerChunk() async throws {
        let sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID, chunkSize: 16)
        var sizes: [Int] = []
        for try await buffer in BufferSequence(Array(repeating: 1, count: 40), pieceSizes: [40]).sealed(with: sealer) {
            sizes.append(buffer.readableBytes)
        }
        #expect(sizes == [28, 32, 32, 24])
    }

    @Test func decryptionYieldsAtMostOneChunkPerStep() throws {
        // Feeding a whole 10-chunk blob at once still yields chunk-sized pieces, one per call.
        let sealed = try sealAll(Array(repeating: 3, count: 160), chunkSize: 16)
        var decryptor = BlobDecryptor(kind: .user, keys: testKeys, blobID: testBlobID)
        var input = ByteBuffer(bytes: sealed)
        var pieces: [Int] = []
        while let piece = try decryptor.consume(&input) { pieces.append(piece.readableBytes) }
        if let last = try decryptor.finish() { pieces.append(last.readableBytes) }
        #expect(pieces == Array(repeating: 16, count: 10))
    }

    @Test func defaultChunkSizeRoundTrip() throws {
        var random = SeededBytes(seed: 64)
        let plaintext = random.bytes(3 * 65536 + 100)
        let sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID)
        let sealed = try SealedBlob.seal(ByteBuffer(bytes: plaintext), with: sealer)
        #expect(sealed.readableBytes == 28 + plaintext.count + 4 * 16)
        #expect(try openAll(Array(sealed.readableBytesView)) == plaintext)
    }

    @Test func twoSealsOfTheSameBlobDiffer() throws {
        let plaintext = Array("same input".utf8)
        #expect(try sealAll(plaintext, chunkSize: 16) != sealAll(plaintext, chunkSize: 16))
    }

    @Test func seededRandomRoundTrips() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededBytes(seed: seed)
        for _ in 0..<40 {
            let chunkSize = random.int(in: 1...64)
            let plaintext = random.bytes(random.int(in: 0...400))
            let pieces = [random.int(in: 1...100), random.int(in: 1...100)]
            let sealer = try SealedBlob.sealer(keys: testKeys, blobID: testBlobID, chunkSize: chunkSize)
            let sealed = try await collect(BufferSequence(plaintext, pieceSizes: pieces).sealed(with: sealer))
            let decryptor = BlobDecryptor(kind: .user, keys: testKeys, blobID: testBlobID)
            let opened = try await collect(
                BufferSequence(sealed, pieceSizes: pieces.reversed()).opened(with: decryptor)
            )
            #expect(opened == plaintext, "seed \(seed) chunk \(chunkSize) length \(plaintext.count)")
        }
    }
}
