@preconcurrency import Crypto

/// Turns names (logins, addresses) into storage ids that reveal nothing about them to whoever reads
/// the storage: HMAC-SHA256(deployment secret, label ‖ len(purpose) ‖ purpose ‖ name), truncated to 128 bits,
/// lower-case hex. The same name gives the same id for the same secret and purpose, so a user's
/// objects can be found again without a directory; another deployment's secret gives other ids.
public struct StorageIdentifierHasher: @unchecked Sendable {  // immutable key, read only
    public static let minimumSecretLength = 16
    private let secret: SymmetricKey

    public init(deploymentSecret: some Collection<UInt8>) throws {
        let bytes = Array(deploymentSecret)
        guard bytes.count >= Self.minimumSecretLength else {
            throw TernCryptoError(
                .invalidParameter,
                "deployment secret must be at least \(Self.minimumSecretLength) bytes, is \(bytes.count)"
            )
        }
        secret = SymmetricKey(data: bytes)
    }

    init(key: SymmetricKey) {
        secret = key
    }

    /// - Parameters:
    ///   - name: the name to hide, e.g. a login; normalise it (case, Unicode) before calling.
    ///   - purpose: a short label separating id spaces, e.g. "user" (length-prefixed, so any
    ///     purpose/name split is unambiguous).
    public func identifier(for name: String, purpose: String) -> String {
        var message = Array("tern/storage-id/v1/".utf8)
        message.appendUInt32(UInt32(truncatingIfNeeded: purpose.utf8.count))
        message += Array(purpose.utf8)
        message += Array(name.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: secret)
        return Array(mac).prefix(16).map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]], as: UTF8.self)
        }.joined()
    }
}
