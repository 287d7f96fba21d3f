import Testing

@testable import TernCrypto

@Suite struct WrappedUserKeysTests {
    let keys = UserKeys.generate()

    @Test func unwrapWithTheRightPasswordRecoversBothKeys() throws {
        let wrapped = try keys.wrap(password: "hunter2 ünïcode", parameters: .testing)
        let parsed = try WrappedUserKeys(serialized: wrapped.serialized)
        let unwrapped = try parsed.unwrap(password: "hunter2 ünïcode")
        #expect(unwrapped.masterKey == keys.masterKey)
        #expect(unwrapped.agreementKey.rawRepresentation == keys.agreementKey.rawRepresentation)
        #expect(wrapped.serialized.count == WrappedUserKeys.byteCount)
        #expect(wrapped.serialized.first == WrappedUserKeys.currentVersion)
    }

    @Test func wrongPasswordIsRejected() throws {
        let wrapped = try keys.wrap(password: "right", parameters: .testing)
        let error = #expect(throws: TernCryptoError.self) { try wrapped.unwrap(password: "wrong") }
        #expect(error?.code == .wrongPassword)
    }

    @Test func publicKeyAndParametersAreReadableWithoutPassword() throws {
        let parameters = try ScryptParameters(log2N: 5, blockSize: 2, parallelism: 3)
        let wrapped = try keys.wrap(password: "secret", parameters: parameters)
        let parsed = try WrappedUserKeys(serialized: wrapped.serialized)
        #expect(parsed.parameters == parameters)
        #expect(parsed.publicKey == keys.publicKey)
    }

    @Test func rewrapChangesPasswordAndKeepsMailKeys() throws {
        let wrapped = try keys.wrap(password: "old", parameters: .testing)
        let stronger = try ScryptParameters(log2N: 6, blockSize: 1, parallelism: 1)
        let rewrapped = try wrapped.rewrap(oldPassword: "old", newPassword: "new", parameters: stronger)
        #expect(rewrapped.parameters == stronger)
        #expect(rewrapped.salt != wrapped.salt)
        let error = #expect(throws: TernCryptoError.self) { try rewrapped.unwrap(password: "old") }
        #expect(error?.code == .wrongPassword)
        let unwrapped = try rewrapped.unwrap(password: "new")
        #expect(unwrapped.masterKey == keys.masterKey)
        #expect(unwrapped.publicKey == keys.publicKey)
        // A blob sealed before the password change still opens.
        let sealed = try sealAll(Array("before the change".utf8), chunkSize: 8, keys: keys)
        #expect(try openAll(sealed, keys: unwrapped) == Array("before the change".utf8))
    }

    @Test func rewrapWithWrongOldPasswordFails() throws {
        let wrapped = try keys.wrap(password: "old", parameters: .testing)
        #expect(throws: TernCryptoError.self) { try wrapped.rewrap(oldPassword: "nope", newPassword: "new") }
    }

    @Test(arguments: Array(0..<WrappedUserKeys.byteCount))
    func anyAlteredByteIsDetected(offset: Int) throws {
        var bytes = try keys.wrap(password: "pw", parameters: .testing).serialized
        bytes[offset] ^= 0x01
        // Either the altered field no longer parses (version, KDF id, bounds) or unwrapping fails.
        #expect(throws: TernCryptoError.self) {
            try WrappedUserKeys(serialized: bytes).unwrap(password: "pw")
        }
    }

    @Test func truncatedOrExtendedFilesAreMalformed() throws {
        let bytes = try keys.wrap(password: "pw", parameters: .testing).serialized
        for candidate in [Array(bytes.dropLast()), bytes + [0], [], [1]] {
            let error = #expect(throws: TernCryptoError.self) { try WrappedUserKeys(serialized: candidate) }
            #expect(error?.code == .malformed)
        }
    }

    @Test func unknownVersionIsReported() throws {
        var bytes = try keys.wrap(password: "pw", parameters: .testing).serialized
        bytes[0] = 2
        let error = #expect(throws: TernCryptoError.self) { try WrappedUserKeys(serialized: bytes) }
        #expect(error?.code == .unsupportedVersion)
    }

    @Test func hostileCostParametersAreRejected() {
        for (log2N, r, p) in [
            (0, 8, 1), (25, 1, 1), (20, 16, 1), (10, 0, 1), (10, 8, 0), (10, 8, 17), (10, 17, 1), (16, 1, 1),
        ] {
            #expect(throws: TernCryptoError.self, "log2N=\(log2N) r=\(r) p=\(p)") {
                try ScryptParameters(log2N: UInt8(log2N), blockSize: UInt32(r), parallelism: UInt32(p))
            }
        }
        #expect(ScryptParameters.default.memoryBytes < 64 << 20)
    }

    @Test func scryptMatchesRFC7914Vector() throws {
        // RFC 7914 §12, second vector: "password", "NaCl", N = 1024, r = 8, p = 16, first 32 bytes.
        let key = try PasswordKDF.deriveKeyEncryptionKey(
            password: Array("password".utf8),
            salt: Array("NaCl".utf8),
            parameters: try ScryptParameters(log2N: 10, blockSize: 8, parallelism: 16)
        )
        #expect(key.withUnsafeBytes { hex($0) } == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162")
    }
}
