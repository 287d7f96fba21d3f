@preconcurrency import Crypto

/// Entry points for sealing and opening blobs. Two kinds exist; which one a blob is follows from
/// where it is stored (a user's own data vs. mail delivered to a public key):
///
/// - `.user`: `[stream header][chunks]`, blob key = `UserKeys.blobKey(blobID:)`.
/// - `.recipient`: `[recipient envelope][stream header][chunks]`, blob key exported by HPKE.
public enum SealedBlobKind: Hashable, Sendable {
    case user
    case recipient

    /// Bytes in front of chunk 0; fixed per kind, so ranged reads can fetch them blindly.
    public var preambleLength: Int {
        switch self {
        case .user: SealedStreamHeader.byteCount
        case .recipient: RecipientEnvelope.byteCount + SealedStreamHeader.byteCount
        }
    }
}

public enum SealedBlob {
    /// A sealer for a blob of the user's own data.
    public static func sealer(
        keys: UserKeys,
        blobID: some Collection<UInt8>,
        chunkSize: Int = SealedStreamHeader.defaultChunkSize
    ) throws -> StreamSealer {
        let header = try SealedStreamHeader.random(chunkSize: chunkSize)
        return StreamSealer(cipher: ChunkCipher(blobKey: keys.blobKey(blobID: blobID), blobID: blobID, header: header))
    }

    /// A sealer for a blob only the holder of `recipient`'s private key can open.
    public static func sealer(
        recipient: RecipientPublicKey,
        blobID: some Collection<UInt8>,
        chunkSize: Int = SealedStreamHeader.defaultChunkSize
    ) throws -> StreamSealer {
        let header = try SealedStreamHeader.random(chunkSize: chunkSize)
        let (envelope, blobKey) = try RecipientEnvelope.seal(to: recipient, blobID: blobID)
        return StreamSealer(cipher: ChunkCipher(blobKey: blobKey, blobID: blobID, header: header), envelope: envelope)
    }

    /// Parses a blob's preamble (its first `kind.preambleLength` bytes) and derives the chunk key.
    public static func openPreamble(
        _ preamble: some Collection<UInt8>,
        kind: SealedBlobKind,
        keys: UserKeys,
        blobID: some Collection<UInt8>
    ) throws -> OpenedPreamble {
        let bytes = Array(preamble)
        guard bytes.count == kind.preambleLength else {
            throw TernCryptoError(.malformed, "preamble of \(bytes.count) bytes, expected \(kind.preambleLength)")
        }
        let blobKey: SymmetricKey
        let headerBytes: ArraySlice<UInt8>
        switch kind {
        case .user:
            blobKey = keys.blobKey(blobID: blobID)
            headerBytes = bytes[...]
        case .recipient:
            blobKey = try RecipientEnvelope.open(bytes.prefix(RecipientEnvelope.byteCount), keys: keys, blobID: blobID)
            headerBytes = bytes.dropFirst(RecipientEnvelope.byteCount)
        }
        let header = try SealedStreamHeader(parsing: headerBytes)
        return OpenedPreamble(cipher: ChunkCipher(blobKey: blobKey, blobID: blobID, header: header), kind: kind)
    }
}

/// A parsed and keyed preamble: everything needed to open any chunk of the blob.
public struct OpenedPreamble: Sendable {
    public let cipher: ChunkCipher
    public let kind: SealedBlobKind

    public var layout: SealedStreamLayout {
        SealedStreamLayout(chunkSize: cipher.chunkSize, preambleLength: kind.preambleLength)
    }
}
