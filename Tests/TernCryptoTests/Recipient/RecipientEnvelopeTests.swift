import NIOCore
import Testing

@testable import TernCrypto

@Suite struct RecipientEnvelopeTests {
    static let chunkSize = 16
    let plaintext: [UInt8]

    init() {
        var random = SeededBytes(seed: 33)
        plaintext = random.bytes(50)
    }

    func sealToTestUser(blobID: [UInt8] = testBlobID) async throws -> [UInt8] {
        // The sender knows only the public key, as LMTP delivery does.
        let publicKey = try RecipientPublicKey(rawRepresentation: testKeys.publicKey.rawRepresentation)
        let sealer = try SealedBlob.sealer(recipient: publicKey, blobID: blobID, chunkSize: Self.chunkSize)
        return try await collect(BufferSequence(plaintext, pieceSizes: [7]).sealed(with: sealer))
    }

    @Test func recipientOpensWithPrivateKey() async throws {
        let sealed = try await sealToTestUser()
        let layout = SealedStreamLayout(
            chunkSize: Self.chunkSize,
            preambleLength: SealedBlobKind.recipient.preambleLength
        )
        #expect(sealed.count == layout.ciphertextLength(plaintextLength: plaintext.count))
        #expect(sealed.first == RecipientEnvelope.currentVersion)
        let decryptor = BlobDecryptor(kind: .recipient, keys: testKeys, blobID: testBlobID)
        #expect(try await collect(BufferSequence(sealed, pieceSizes: [9]).opened(with: decryptor)) == plaintext)
    }

    @Test func otherKeysCannotOpen() async throws {
        let sealed = try await sealToTestUser()
        #expect(throws: TernCryptoError.self) { try openAll(sealed, kind: .recipient, keys: UserKeys.generate()) }
        // Nor can the recipient's own master key path (.user kind) open it.
        #expect(throws: TernCryptoError.self) { try openAll(sealed, kind: .user) }
    }

    @Test func envelopeIsBoundToTheBlobID() async throws {
        let sealed = try await sealToTestUser()
        #expect(throws: TernCryptoError.self) {
            try openAll(sealed, kind: .recipient, blobID: Array("msg/other".utf8))
        }
    }

    @Test func everyFlippedEnvelopeOrHeaderByteIsDetected() async throws {
        let sealed = try await sealToTestUser()
        for offset in 0..<SealedBlobKind.recipient.preambleLength {
            var bytes = sealed
            bytes[offset] ^= 0x40
            #expect(throws: TernCryptoError.self, "byte \(offset)") { try openAll(bytes, kind: .recipient) }
        }
    }

    @Test func rangedReadsWorkOnRecipientBlobs() async throws {
        let sealed = try await sealToTestUser()
        for range in [0..<1, 15..<17, 32..<50, 48..<50, 0..<50] {
            let opened = try await RandomAccessTests.read(
                range,
                of: sealed,
                plaintextLength: plaintext.count,
                kind: .recipient
            )
            #expect(opened == Array(plaintext[range]), "range \(range)")
        }
    }

    @Test func malformedPublicKeyIsRejected() {
        #expect(throws: TernCryptoError.self) {
            try RecipientPublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
    }
}
