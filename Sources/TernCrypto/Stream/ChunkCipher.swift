@preconcurrency import Crypto
import Foundation
import NIOCore

/// Seals and opens single chunks of one stream with AES-256-GCM: the pure, per-chunk core that
/// every streaming and random-access path goes through (the unit to benchmark: one call per chunk).
/// AES-GCM rather than ChaCha20-Poly1305 because with AES instructions (x86-64 AES-NI, ARMv8) it
/// is about 5x faster here (see docs/internals/crypto.md); nonces cannot repeat under one key,
/// since every sealing derives a fresh key.
///
/// - key: HKDF-SHA256(blob key, salt: header key salt, info: "tern/chunk-key/v1")
/// - nonce (12 bytes): header nonce prefix (7) ‖ chunk index (UInt32 big-endian) ‖ final flag (1)
/// - associated data: the serialized header ‖ blob id
///
/// The index in the nonce catches reordering and dropped chunks, the final flag a dropped tail or
/// appended chunks, the blob id and per-stream key splicing between blobs.
///
/// `@unchecked Sendable`: holds only an immutable `SymmetricKey` (not annotated in swift-crypto).
public struct ChunkCipher: @unchecked Sendable {
    public static let tagLength = 16
    public let header: SealedStreamHeader
    private let key: SymmetricKey
    private let associatedData: [UInt8]
    private let allocator = ByteBufferAllocator()

    public init(blobKey: SymmetricKey, blobID: some Collection<UInt8>, header: SealedStreamHeader) {
        self.header = header
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: blobKey,
            salt: header.keySalt,
            info: Array("tern/chunk-key/v1".utf8),
            outputByteCount: 32
        )
        self.associatedData = header.serialized + Array(blobID)
    }

    public var chunkSize: Int { header.chunkSize }

    /// Seals chunk `index`. Every chunk but the final one must hold exactly `chunkSize` bytes; the
    /// final one holds 1...chunkSize bytes, or 0 only when it is the only chunk (empty blob).
    public func seal(_ plaintext: ByteBuffer, index: Int, isFinal: Bool) throws -> ByteBuffer {
        let count = plaintext.readableBytes
        let sizeIsValid = isFinal ? (count <= chunkSize && (count > 0 || index == 0)) : count == chunkSize
        guard sizeIsValid else {
            throw TernCryptoError(.invalidParameter, "chunk \(index) of \(count) bytes (final: \(isFinal))")
        }
        let nonce = try self.nonce(index: index, isFinal: isFinal)
        let box: AES.GCM.SealedBox
        do {
            box = try plaintext.withUnsafeReadableBytes { bytes in
                try AES.GCM.seal(bytes, using: key, nonce: nonce, authenticating: associatedData)
            }
        } catch {
            throw TernCryptoError(.primitiveFailure, "sealing chunk \(index) failed: \(error)")
        }
        var sealed = allocator.buffer(capacity: count + Self.tagLength)
        // Through raw pointers: `writeBytes(Data)` may fall back to copying byte by byte.
        box.ciphertext.withUnsafeBytes { _ = sealed.writeBytes($0) }
        box.tag.withUnsafeBytes { _ = sealed.writeBytes($0) }
        return sealed
    }

    /// Opens chunk `index`; `.authenticationFailed` if it is not exactly what `seal` produced for
    /// this blob, index and final flag.
    public func open(_ sealed: ByteBuffer, index: Int, isFinal: Bool) throws -> ByteBuffer {
        let count = sealed.readableBytes
        guard count >= Self.tagLength, count <= chunkSize + Self.tagLength else {
            throw TernCryptoError(.authenticationFailed, "chunk \(index): impossible sealed size \(count)")
        }
        let nonce = try self.nonce(index: index, isFinal: isFinal)
        let plaintext: Data
        do {
            plaintext = try sealed.withUnsafeReadableBytes { bytes in
                let box = try AES.GCM.SealedBox(
                    nonce: nonce,
                    ciphertext: UnsafeRawBufferPointer(rebasing: bytes[..<(count - Self.tagLength)]),
                    tag: UnsafeRawBufferPointer(rebasing: bytes[(count - Self.tagLength)...])
                )
                return try AES.GCM.open(box, using: key, authenticating: associatedData)
            }
        } catch {
            throw TernCryptoError(.authenticationFailed, "chunk \(index) did not authenticate (final: \(isFinal))")
        }
        var buffer = allocator.buffer(capacity: plaintext.count)
        plaintext.withUnsafeBytes { _ = buffer.writeBytes($0) }
        return buffer
    }

    private func nonce(index: Int, isFinal: Bool) throws -> AES.GCM.Nonce {
        guard index >= 0, index <= Int(UInt32.max) else {
            throw TernCryptoError(.invalidParameter, "chunk index \(index) exceeds the 2^32 chunk limit")
        }
        var bytes = header.noncePrefix
        bytes.appendUInt32(UInt32(index))
        bytes.append(isFinal ? 1 : 0)
        do {
            return try AES.GCM.Nonce(data: bytes)
        } catch {
            throw TernCryptoError(.primitiveFailure, "nonce construction failed")
        }
    }
}
