import NIOCore
import Testing

@testable import TernCrypto

@Suite struct RandomAccessTests {
    static let chunkSize = 16

    /// Reads `range` the way a ranged GET would: the preamble, then only the planned bytes.
    static func read(
        _ range: Range<Int>,
        of sealed: [UInt8],
        plaintextLength: Int,
        kind: SealedBlobKind = .user,
        pieceSize: Int = 5
    ) async throws -> [UInt8] {
        let preamble = try SealedBlob.openPreamble(
            sealed.prefix(kind.preambleLength),
            kind: kind,
            keys: testKeys,
            blobID: testBlobID
        )
        #expect(try preamble.layout.plaintextLength(ciphertextLength: sealed.count) == plaintextLength)
        let plan = preamble.layout.readPlan(plaintextRange: range, plaintextLength: plaintextLength)
        let fetched = Array(sealed[plan.ciphertextRange])
        let decryptor = BlobDecryptor(preamble: preamble, plan: plan)
        return try await collect(BufferSequence(fetched, pieceSizes: [pieceSize]).opened(with: decryptor))
    }

    @Test(arguments: [0, 1, 16, 40, 48])
    func everyRangeNearChunkBoundaries(length: Int) async throws {
        var random = SeededBytes(seed: UInt64(length))
        let plaintext = random.bytes(length)
        let sealed = try sealAll(plaintext, chunkSize: Self.chunkSize)
        let boundaries = Set([0, 1, 15, 16, 17, 31, 32, 33, 39, 40, 47, 48, 49]).filter { $0 <= length }.sorted()
        for lower in boundaries {
            for upper in boundaries where upper >= lower {
                let opened = try await Self.read(lower..<upper, of: sealed, plaintextLength: length)
                #expect(opened == Array(plaintext[lower..<upper]), "range \(lower)..<\(upper) of \(length)")
            }
        }
    }

    @Test func rangesFetchOnlyTheChunksTheyTouch() throws {
        let layout = SealedStreamLayout(chunkSize: 65536)
        let plan = layout.readPlan(plaintextRange: 100_000..<100_010, plaintextLength: 10_000_000)
        #expect(plan.ciphertextRange.count == 65536 + 16)
        #expect(plan.firstChunkIndex == 1)
    }

    @Test func tamperedChunkInARangeIsDetected() async throws {
        let plaintext = Array(repeating: UInt8(9), count: 64)
        var sealed = try sealAll(plaintext, chunkSize: Self.chunkSize)
        sealed[28 + 32 + 3] ^= 1  // inside chunk 1
        await #expect(throws: TernCryptoError.self) {
            try await Self.read(20..<24, of: sealed, plaintextLength: 64)
        }
        // A range that does not touch chunk 1 still reads.
        #expect(try await Self.read(40..<50, of: sealed, plaintextLength: 64) == Array(repeating: 9, count: 10))
    }

    @Test func rangeEndingEarlyIsDetected() async throws {
        let plaintext = Array(repeating: UInt8(4), count: 64)
        let sealed = try sealAll(plaintext, chunkSize: Self.chunkSize)
        let preamble = try SealedBlob.openPreamble(sealed.prefix(28), kind: .user, keys: testKeys, blobID: testBlobID)
        let plan = preamble.layout.readPlan(plaintextRange: 10..<40, plaintextLength: 64)
        // Storage returns one chunk fewer than asked for.
        let short = Array(sealed[plan.ciphertextRange].dropLast(32))
        let decryptor = BlobDecryptor(preamble: preamble, plan: plan)
        await #expect(throws: TernCryptoError.self) {
            try await collect(BufferSequence(short, pieceSizes: [100]).opened(with: decryptor))
        }
    }
}

@Suite struct WholeBlobPlanTests {
    @Test(arguments: [0, 1, 16, 40])
    func wholeBlobPlanReadsAndAuthenticatesEverything(length: Int) throws {
        var random = SeededBytes(seed: 90 + UInt64(length))
        let plaintext = random.bytes(length)
        let sealed = try sealAll(plaintext, chunkSize: 16)
        let preamble = try SealedBlob.openPreamble(sealed.prefix(28), kind: .user, keys: testKeys, blobID: testBlobID)
        let plan = preamble.layout.wholeBlobPlan(plaintextLength: length)
        #expect(plan.ciphertextRange == 28..<sealed.count)
        let opened = try SealedBlob.open(
            ByteBuffer(bytes: sealed[plan.ciphertextRange]),
            with: BlobDecryptor(preamble: preamble, plan: plan)
        )
        #expect(Array(opened.readableBytesView) == plaintext)
        // Without its final chunk the same plan fails, even for the empty blob.
        let short = ByteBuffer(bytes: sealed[plan.ciphertextRange].dropLast(16))
        #expect(throws: TernCryptoError.self) {
            try SealedBlob.open(short, with: BlobDecryptor(preamble: preamble, plan: plan))
        }
    }
}
