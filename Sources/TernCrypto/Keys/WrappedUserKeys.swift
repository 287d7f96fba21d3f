@preconcurrency import Crypto

/// A user's keys at rest: readable without the password are only the format version, the KDF
/// parameters and salt, and the public key; the master key and X25519 private key are sealed with
/// ChaCha20-Poly1305 under scrypt(password). Byte layout (version 1, 151 bytes):
///
///     0      version            0x01
///     1      kdf                0x01 = scrypt
///     2      log2 N             UInt8
///     3..6   r                  UInt32 big-endian
///     7..10  p                  UInt32 big-endian
///     11..26 salt               16 bytes
///     27..58 public key         32 bytes, X25519
///     59..70 nonce              12 bytes
///     71..150 sealed secrets    64 bytes (master key ‖ X25519 private key) + 16-byte tag
///
/// Bytes 0..70 are the associated data of the seal, so changing the parameters or substituting
/// the public key makes unwrapping fail.
public struct WrappedUserKeys: Hashable, Sendable {
    public static let currentVersion: UInt8 = 1
    static let scryptKDF: UInt8 = 1
    static let nonceLength = 12
    static let secretsLength = 64
    static let tagLength = 16
    public static let byteCount = 71 + secretsLength + tagLength

    public let version: UInt8
    public let parameters: ScryptParameters
    public let salt: [UInt8]
    public let publicKey: RecipientPublicKey
    let nonce: [UInt8]
    let sealedSecrets: [UInt8]

    /// Parses stored bytes. Needs no password: the public key and KDF parameters become readable.
    public init(serialized bytes: some Collection<UInt8>) throws {
        var reader = ByteReader(Array(bytes), what: "wrapped user keys")
        version = try reader.readByte()
        guard version == Self.currentVersion else {
            throw TernCryptoError(.unsupportedVersion, "wrapped user keys version \(version)")
        }
        let kdf = try reader.readByte()
        guard kdf == Self.scryptKDF else {
            throw TernCryptoError(.unsupportedVersion, "unknown password KDF \(kdf)")
        }
        parameters = try ScryptParameters(
            log2N: try reader.readByte(),
            blockSize: try reader.readUInt32(),
            parallelism: try reader.readUInt32()
        )
        salt = try reader.readBytes(PasswordKDF.saltLength)
        publicKey = try RecipientPublicKey(rawRepresentation: try reader.readBytes(RecipientPublicKey.byteCount))
        nonce = try reader.readBytes(Self.nonceLength)
        sealedSecrets = try reader.readBytes(Self.secretsLength + Self.tagLength)
        try reader.expectEnd()
    }

    private init(
        parameters: ScryptParameters,
        salt: [UInt8],
        publicKey: RecipientPublicKey,
        nonce: [UInt8],
        sealedSecrets: [UInt8]
    ) {
        self.version = Self.currentVersion
        self.parameters = parameters
        self.salt = salt
        self.publicKey = publicKey
        self.nonce = nonce
        self.sealedSecrets = sealedSecrets
    }

    public var serialized: [UInt8] {
        associatedData + sealedSecrets
    }

    /// Everything before the sealed secrets; authenticated by the seal.
    private var associatedData: [UInt8] {
        Self.associatedData(parameters: parameters, salt: salt, publicKey: publicKey, nonce: nonce)
    }

    private static func associatedData(
        parameters: ScryptParameters,
        salt: [UInt8],
        publicKey: RecipientPublicKey,
        nonce: [UInt8]
    ) -> [UInt8] {
        var bytes: [UInt8] = [currentVersion, scryptKDF, parameters.log2N]
        bytes.reserveCapacity(71)
        bytes.appendUInt32(parameters.blockSize)
        bytes.appendUInt32(parameters.parallelism)
        bytes += salt
        bytes += publicKey.rawRepresentation
        bytes += nonce
        return bytes
    }

    static func wrap(_ keys: UserKeys, password: [UInt8], parameters: ScryptParameters) throws -> WrappedUserKeys {
        let salt = secureRandomBytes(PasswordKDF.saltLength)
        let nonce = secureRandomBytes(nonceLength)
        let kek = try PasswordKDF.deriveKeyEncryptionKey(password: password, salt: salt, parameters: parameters)
        var secrets = keys.masterKey.withUnsafeBytes { Array($0) }
        secrets += Array(keys.agreementKey.rawRepresentation)
        let publicKey = keys.publicKey
        let aad = associatedData(parameters: parameters, salt: salt, publicKey: publicKey, nonce: nonce)
        do {
            let box = try ChaChaPoly.seal(
                secrets,
                using: kek,
                nonce: ChaChaPoly.Nonce(data: nonce),
                authenticating: aad
            )
            return WrappedUserKeys(
                parameters: parameters,
                salt: salt,
                publicKey: publicKey,
                nonce: nonce,
                sealedSecrets: Array(box.ciphertext) + Array(box.tag)
            )
        } catch {
            throw TernCryptoError(.primitiveFailure, "sealing user keys failed: \(error)")
        }
    }

    /// Recovers the keys; `.wrongPassword` if the password (or any stored byte) is wrong.
    public func unwrap(password: String) throws -> UserKeys {
        let kek = try PasswordKDF.deriveKeyEncryptionKey(password: password.utf8, salt: salt, parameters: parameters)
        let secrets: [UInt8]
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: ChaChaPoly.Nonce(data: nonce),
                ciphertext: sealedSecrets.prefix(Self.secretsLength),
                tag: sealedSecrets.suffix(Self.tagLength)
            )
            secrets = Array(try ChaChaPoly.open(box, using: kek, authenticating: associatedData))
        } catch {
            throw TernCryptoError(.wrongPassword, "user keys did not unwrap: wrong password or altered key file")
        }
        let agreementKey: Curve25519.KeyAgreement.PrivateKey
        do {
            agreementKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: secrets[32..<64])
        } catch {
            throw TernCryptoError(.malformed, "unwrapped X25519 private key is invalid")
        }
        guard RecipientPublicKey(agreementKey.publicKey) == publicKey else {
            throw TernCryptoError(.malformed, "stored public key does not match the private key")
        }
        return try UserKeys(masterKey: SymmetricKey(data: secrets[0..<32]), agreementKey: agreementKey)
    }

    /// Changes the password (and optionally the KDF cost): the same master and X25519 keys under a
    /// new salt and key-encryption key. No mail is re-encrypted.
    public func rewrap(
        oldPassword: String,
        newPassword: String,
        parameters newParameters: ScryptParameters? = nil
    ) throws -> WrappedUserKeys {
        let keys = try unwrap(password: oldPassword)
        return try keys.wrap(password: newPassword, parameters: newParameters ?? parameters)
    }
}
