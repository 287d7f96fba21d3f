import Foundation
import NIOCore
import Testing

@testable import TernCrypto

/// Files written by version 1 of the formats (generated once by `writeGoldenFiles`, committed).
/// Every later version must still open them: a failure here means stored mail became unreadable.
@Suite struct GoldenFileTests {
    static let password = "golden password: correct horse battery staple"
    static let userBlobID = Array("msg/golden-user-blob".utf8)
    static let recipientBlobID = Array("incoming/golden-recipient-blob".utf8)
    static let chunkSize = 1024

    /// 2 full chunks and a partial one for the user blob; the first 2048 bytes (an exact multiple)
    /// for the recipient blob.
    static var plaintext: [UInt8] {
        var text = ""
        var line = 0
        while text.utf8.count < 3000 {
            text += "Golden line \(line): Subject: Grüße aus Zürich — the quick brown fox.\r\n"
            line += 1
        }
        return Array(text.utf8.prefix(3000))
    }

    static func golden(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"))
        return Array(try Data(contentsOf: url))
    }

    @Test func wrappedKeysV1Unwrap() throws {
        let wrapped = try WrappedUserKeys(serialized: try Self.golden("v1-wrapped-keys.bin"))
        #expect(wrapped.version == 1)
        #expect(wrapped.parameters == (try ScryptParameters(log2N: 10, blockSize: 8, parallelism: 1)))
        let keys = try wrapped.unwrap(password: Self.password)
        #expect(keys.publicKey == wrapped.publicKey)
        let error = #expect(throws: TernCryptoError.self) { try wrapped.unwrap(password: Self.password + " ") }
        #expect(error?.code == .wrongPassword)
    }

    @Test func userBlobV1Opens() throws {
        let keys = try WrappedUserKeys(serialized: try Self.golden("v1-wrapped-keys.bin")).unwrap(
            password: Self.password
        )
        let sealed = try Self.golden("v1-user-blob.bin")
        #expect(sealed.count == 28 + 3000 + 3 * 16)
        #expect(try openAll(sealed, keys: keys, blobID: Self.userBlobID) == Self.plaintext)
    }

    @Test func recipientBlobV1Opens() throws {
        let keys = try WrappedUserKeys(serialized: try Self.golden("v1-wrapped-keys.bin")).unwrap(
            password: Self.password
        )
        let sealed = try Self.golden("v1-recipient-blob.bin")
        #expect(sealed.count == 33 + 28 + 2048 + 2 * 16)
        let opened = try openAll(sealed, kind: .recipient, keys: keys, blobID: Self.recipientBlobID)
        #expect(opened == Array(Self.plaintext.prefix(2048)))
    }

    /// Regenerates the golden files. Run only when a new format version is introduced (and then
    /// add files, never replace the v1 ones): `TERN_WRITE_GOLDEN=1 swift test --filter writeGoldenFiles`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TERN_WRITE_GOLDEN"] != nil))
    func writeGoldenFiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        let keys = UserKeys.generate()
        let wrapped = try keys.wrap(
            password: Self.password,
            parameters: try ScryptParameters(log2N: 10, blockSize: 8, parallelism: 1)
        )
        let userBlob = try sealAll(Self.plaintext, chunkSize: Self.chunkSize, keys: keys, blobID: Self.userBlobID)
        let recipientSealer = try SealedBlob.sealer(
            recipient: keys.publicKey,
            blobID: Self.recipientBlobID,
            chunkSize: Self.chunkSize
        )
        let recipientBlob = try SealedBlob.seal(ByteBuffer(bytes: Self.plaintext.prefix(2048)), with: recipientSealer)
        try Data(wrapped.serialized).write(to: directory.appendingPathComponent("v1-wrapped-keys.bin"))
        try Data(userBlob).write(to: directory.appendingPathComponent("v1-user-blob.bin"))
        try Data(recipientBlob.readableBytesView).write(to: directory.appendingPathComponent("v1-recipient-blob.bin"))
    }
}
