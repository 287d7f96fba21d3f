@preconcurrency import Crypto

/// A user's secret keys, as held in memory after login: a 256-bit master key (derives every
/// per-blob key of the user's own data) and an X25519 key pair (others seal incoming mail to its
/// public half while the user is away).
///
/// `@unchecked Sendable`: swift-crypto 3.12.3 declares no Sendable conformances, but both keys
/// are immutable values after initialisation and only ever read.
public struct UserKeys: @unchecked Sendable {
    public let masterKey: SymmetricKey
    public let agreementKey: Curve25519.KeyAgreement.PrivateKey

    public init(masterKey: SymmetricKey, agreementKey: Curve25519.KeyAgreement.PrivateKey) throws {
        guard masterKey.bitCount == 256 else {
            throw TernCryptoError(.invalidParameter, "master key must be 256 bits, is \(masterKey.bitCount)")
        }
        self.masterKey = masterKey
        self.agreementKey = agreementKey
    }

    /// Fresh keys from the system CSPRNG.
    public static func generate() -> UserKeys {
        // Both sizes are fixed and valid, so the throwing init cannot fail here.
        UserKeys(unchecked: SymmetricKey(size: .bits256), Curve25519.KeyAgreement.PrivateKey())
    }

    private init(unchecked masterKey: SymmetricKey, _ agreementKey: Curve25519.KeyAgreement.PrivateKey) {
        self.masterKey = masterKey
        self.agreementKey = agreementKey
    }

    public var publicKey: RecipientPublicKey {
        RecipientPublicKey(agreementKey.publicKey)
    }

    /// The key of one blob: HKDF-SHA256(master key, info: label ‖ blob id). Deterministic, so the
    /// same blob id always yields the same key; each sealing still draws a fresh stream salt.
    public func blobKey(blobID: some Collection<UInt8>) -> SymmetricKey {
        var info = Array("tern/blob-key/v1".utf8)
        info.append(0)
        info.append(contentsOf: blobID)
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: info, outputByteCount: 32)
    }

    /// A keyed hash for ids inside the user's own data (e.g. a mailbox id from its name) that only
    /// holders of the master key can compute: keyed with HKDF(master key, "tern/user-id-key/v1").
    public func identifierHasher() -> StorageIdentifierHasher {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey,
            info: Array("tern/user-id-key/v1".utf8),
            outputByteCount: 32
        )
        return StorageIdentifierHasher(key: key)
    }

    /// Wraps the keys under a key derived from `password` with scrypt.
    public func wrap(password: String, parameters: ScryptParameters = .default) throws -> WrappedUserKeys {
        try WrappedUserKeys.wrap(self, password: Array(password.utf8), parameters: parameters)
    }
}

/// The public half of a user's X25519 key pair, as stored in the clear beside the wrapped keys.
public struct RecipientPublicKey: Hashable, Sendable {
    public static let byteCount = 32
    public let rawRepresentation: [UInt8]

    public init(rawRepresentation: some Collection<UInt8>) throws {
        let bytes = Array(rawRepresentation)
        guard bytes.count == Self.byteCount else {
            throw TernCryptoError(.malformed, "X25519 public key must be 32 bytes, is \(bytes.count)")
        }
        self.rawRepresentation = bytes
    }

    init(_ key: Curve25519.KeyAgreement.PublicKey) {
        self.rawRepresentation = Array(key.rawRepresentation)
    }

    var agreementKey: Curve25519.KeyAgreement.PublicKey {
        get throws {
            do {
                return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation)
            } catch {
                throw TernCryptoError(.malformed, "invalid X25519 public key")
            }
        }
    }
}
