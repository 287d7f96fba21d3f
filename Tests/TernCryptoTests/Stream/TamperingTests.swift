import Testing

@testable import TernCrypto

/// Every way storage could hand back altered bytes must fail loudly, never decrypt to something else.
@Suite struct TamperingTests {
    static let chunkSize = 16
    let plaintext: [UInt8]
    let sealed: [UInt8]

    init() throws {
        var random = SeededBytes(seed: 7)
        plaintext = random.bytes(3 * Self.chunkSize)  // an exact multiple: the final chunk is full
        sealed = try sealAll(plaintext, chunkSize: Self.chunkSize)
    }

    func chunk(_ index: Int, of bytes: [UInt8]) -> ArraySlice<UInt8> {
        let start = 28 + index * (Self.chunkSize + 16)
        return bytes[start..<min(start + Self.chunkSize + 16, bytes.count)]
    }

    func expectRejected(_ bytes: [UInt8], _ comment: Comment, blobID: [UInt8] = testBlobID) {
        #expect(throws: TernCryptoError.self, comment) { try openAll(bytes, blobID: blobID) }
    }

    @Test func untouchedBlobOpens() throws {
        #expect(try openAll(sealed) == plaintext)
    }

    @Test func everyTruncationIsDetected() {
        for length in 0..<sealed.count {
            expectRejected(Array(sealed.prefix(length)), "truncated to \(length)")
        }
    }

    @Test func droppedTailIsDetected() throws {
        // Exactly the last chunk removed: what is left is a well-formed length for 2 chunks.
        let shortened = Array(sealed.dropLast(Self.chunkSize + 16))
        #expect(
            try SealedStreamLayout(chunkSize: Self.chunkSize).plaintextLength(ciphertextLength: shortened.count) == 32
        )
        let error = #expect(throws: TernCryptoError.self) { try openAll(shortened) }
        #expect(error?.code == .authenticationFailed)
    }

    @Test func reorderedChunksAreDetected() {
        let swapped = Array(sealed.prefix(28)) + chunk(1, of: sealed) + chunk(0, of: sealed) + chunk(2, of: sealed)
        expectRejected(swapped, "chunks 0 and 1 swapped")
    }

    @Test func appendedOrRepeatedChunksAreDetected() {
        expectRejected(sealed + chunk(2, of: sealed), "final chunk repeated")
        expectRejected(sealed + chunk(1, of: sealed), "middle chunk appended")
        expectRejected(sealed + [0], "one byte appended")
    }

    @Test func chunksSplicedFromAnotherBlobAreDetected() throws {
        // Another sealing of the same plaintext, same blob id and keys: fresh salt and nonce prefix.
        let other = try sealAll(plaintext, chunkSize: Self.chunkSize)
        let mixed = Array(sealed.prefix(28)) + chunk(0, of: sealed) + chunk(1, of: other) + chunk(2, of: sealed)
        expectRejected(mixed, "chunk 1 from another sealing")
        expectRejected(Array(other.prefix(28)) + sealed.dropFirst(28), "header from another sealing")
        // A blob with another id, same keys.
        let elsewhere = try sealAll(plaintext, chunkSize: Self.chunkSize, blobID: Array("msg/0002".utf8))
        expectRejected(elsewhere, "opened under the wrong blob id")
        expectRejected(Array(sealed.prefix(28 + 32)) + chunk(1, of: elsewhere) + chunk(2, of: sealed), "spliced chunk")
    }

    @Test func everyFlippedBitIsDetected() {
        for offset in 0..<sealed.count {
            for bit in [0, 7] {
                var bytes = sealed
                bytes[offset] ^= UInt8(1 << bit)
                expectRejected(bytes, "bit \(bit) of byte \(offset) flipped")
            }
        }
    }

    @Test func wrongKeysAreRejected() throws {
        #expect(throws: TernCryptoError.self) { try openAll(sealed, keys: UserKeys.generate()) }
    }

    @Test func emptyBlobRejectsTruncationAndPadding() throws {
        let empty = try sealAll([], chunkSize: Self.chunkSize)
        #expect(empty.count == 28 + 16)
        #expect(try openAll(empty) == [])
        let error = #expect(throws: TernCryptoError.self) { try openAll(Array(empty.prefix(28))) }
        #expect(error?.code == .truncated)
        expectRejected(empty + Array(repeating: 0, count: 16), "empty chunk followed by another")
    }

    @Test func unknownVersionAndHostileChunkSizeAreRejected() {
        var version = sealed
        version[0] = 9
        let error = #expect(throws: TernCryptoError.self) { try openAll(version) }
        #expect(error?.code == .unsupportedVersion)
        var huge = sealed
        huge[1] = 0xFF  // chunk size ≥ 4 GiB would make a reader allocate without bound
        let hugeError = #expect(throws: TernCryptoError.self) { try openAll(huge) }
        #expect(hugeError?.code == .malformed)
    }
}
