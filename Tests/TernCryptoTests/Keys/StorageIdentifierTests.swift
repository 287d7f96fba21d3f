import Testing

@testable import TernCrypto

@Suite struct StorageIdentifierTests {
    let secret = Array("per-deployment secret, 32 bytes!".utf8)

    @Test func identifierIsStableAndRevealsNothing() throws {
        let hasher = try StorageIdentifierHasher(deploymentSecret: secret)
        let id = hasher.identifier(for: "alice@example.org", purpose: "user")
        #expect(id == hasher.identifier(for: "alice@example.org", purpose: "user"))
        #expect(id.count == 32)
        #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(!id.contains("alice"))
        // Pinned (computed independently with Python hmac): a change would orphan every stored user.
        #expect(id == "1fc9cf9ed2ff90acb4d87442601c15df")
    }

    @Test func secretPurposeAndNameAllMatter() throws {
        let hasher = try StorageIdentifierHasher(deploymentSecret: secret)
        let other = try StorageIdentifierHasher(deploymentSecret: secret.reversed())
        let id = hasher.identifier(for: "alice@example.org", purpose: "user")
        #expect(id != other.identifier(for: "alice@example.org", purpose: "user"))
        #expect(id != hasher.identifier(for: "alice@example.org", purpose: "mailbox"))
        #expect(id != hasher.identifier(for: "bob@example.org", purpose: "user"))
        // The purpose is length-prefixed: moving bytes between purpose and name changes the id.
        #expect(hasher.identifier(for: "ab", purpose: "x") != hasher.identifier(for: "b", purpose: "xa"))
    }

    @Test func shortSecretsAreRejected() {
        #expect(throws: TernCryptoError.self) {
            try StorageIdentifierHasher(deploymentSecret: [UInt8](repeating: 1, count: 15))
        }
    }

    @Test func blobKeysDependOnBlobID() throws {
        let keys = UserKeys.generate()
        #expect(keys.blobKey(blobID: Array("a".utf8)) == keys.blobKey(blobID: Array("a".utf8)))
        #expect(keys.blobKey(blobID: Array("a".utf8)) != keys.blobKey(blobID: Array("b".utf8)))
        #expect(keys.blobKey(blobID: Array("a".utf8)) != UserKeys.generate().blobKey(blobID: Array("a".utf8)))
    }
}

@Suite struct UserIdentifierTests {
    @Test func userHasherDependsOnTheMasterKeyOnly() throws {
        let keys = UserKeys.generate()
        let id = keys.identifierHasher().identifier(for: "INBOX/Archive", purpose: "mailbox")
        let unwrapped = try keys.wrap(password: "pw", parameters: .testing).unwrap(password: "pw")
        #expect(unwrapped.identifierHasher().identifier(for: "INBOX/Archive", purpose: "mailbox") == id)
        #expect(UserKeys.generate().identifierHasher().identifier(for: "INBOX/Archive", purpose: "mailbox") != id)
    }
}
