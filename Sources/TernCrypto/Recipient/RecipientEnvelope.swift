@preconcurrency import Crypto
import Foundation

/// Seals a blob to a user's public key (mail delivered while the user is away) with HPKE (RFC 9180,
/// base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) used as a key exporter:
/// the sender encapsulates to the recipient's X25519 key and both sides export the blob key,
/// which then keys an ordinary sealed chunk stream. Byte layout (version 1, 33 bytes, in front of
/// the stream header):
///
///     0       version             0x01
///     1..32   encapsulated key    32 bytes (the sender's ephemeral X25519 public key)
///
/// The blob id is part of the HPKE `info`, so an envelope cannot be moved to another blob.
public enum RecipientEnvelope {
    public static let currentVersion: UInt8 = 1
    public static let byteCount = 33
    static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let exporterContext = Data("tern/recipient-blob-key/v1".utf8)

    static func info(blobID: some Collection<UInt8>) -> Data {
        var info = Data("tern/recipient-blob/v1".utf8)
        info.append(0)
        info.append(contentsOf: Array(blobID))
        return info
    }

    /// A fresh envelope for `recipient` and the blob key it carries.
    static func seal(
        to recipient: RecipientPublicKey,
        blobID: some Collection<UInt8>
    ) throws -> (envelope: [UInt8], blobKey: SymmetricKey) {
        do {
            let sender = try HPKE.Sender(
                recipientKey: try recipient.agreementKey,
                ciphersuite: ciphersuite,
                info: info(blobID: blobID)
            )
            let blobKey = try sender.exportSecret(context: exporterContext, outputByteCount: 32)
            return ([currentVersion] + Array(sender.encapsulatedKey), blobKey)
        } catch let error as TernCryptoError {
            throw error
        } catch {
            throw TernCryptoError(.primitiveFailure, "HPKE encapsulation failed: \(error)")
        }
    }

    /// The blob key inside `envelope`, recovered with the recipient's private key.
    static func open(
        _ envelope: some Collection<UInt8>,
        keys: UserKeys,
        blobID: some Collection<UInt8>
    ) throws -> SymmetricKey {
        var reader = ByteReader(Array(envelope), what: "recipient envelope")
        let version = try reader.readByte()
        guard version == currentVersion else {
            throw TernCryptoError(.unsupportedVersion, "recipient envelope version \(version)")
        }
        let encapsulated = try reader.readBytes(32)
        try reader.expectEnd()
        do {
            let recipient = try HPKE.Recipient(
                privateKey: keys.agreementKey,
                ciphersuite: ciphersuite,
                info: info(blobID: blobID),
                encapsulatedKey: Data(encapsulated)
            )
            return try recipient.exportSecret(context: exporterContext, outputByteCount: 32)
        } catch {
            // An altered encapsulated key usually still decapsulates, to a wrong blob key that the
            // first chunk then rejects; a degenerate point is caught here.
            throw TernCryptoError(.authenticationFailed, "recipient envelope did not open")
        }
    }
}
