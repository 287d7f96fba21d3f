/// The header in front of every sealed chunk stream. Byte layout (version 1, 28 bytes):
///
///     0       version        0x01 (AES-256-GCM, HKDF-SHA256)
///     1..4    chunk size     UInt32 big-endian, plaintext bytes per chunk
///     5..11   nonce prefix   7 random bytes
///     12..27  key salt       16 random bytes
///
/// The header is authenticated as associated data of every chunk.
public struct SealedStreamHeader: Hashable, Sendable {
    public static let currentVersion: UInt8 = 1
    public static let byteCount = 28
    public static let noncePrefixLength = 7
    public static let keySaltLength = 16
    /// 64 KiB minus the tag, so a sealed chunk is exactly 64 KiB. NIO rounds buffer capacities up
    /// to a power of two: a 64 KiB plaintext chunk would need a 128 KiB buffer once sealed (twice
    /// the memory, and past glibc's mmap threshold: page faults on every chunk, measured 4x slower).
    public static let defaultChunkSize = 64 * 1024 - ChunkCipher.tagLength
    /// Bounds the buffer a reader allocates for one chunk, whatever a stored header claims.
    public static let maxChunkSize = 1024 * 1024

    public let version: UInt8
    public let chunkSize: Int
    public let noncePrefix: [UInt8]
    public let keySalt: [UInt8]

    public init(chunkSize: Int, noncePrefix: [UInt8], keySalt: [UInt8]) throws {
        guard (1...Self.maxChunkSize).contains(chunkSize) else {
            throw TernCryptoError(.invalidParameter, "chunk size \(chunkSize) outside 1...\(Self.maxChunkSize)")
        }
        guard noncePrefix.count == Self.noncePrefixLength, keySalt.count == Self.keySaltLength else {
            throw TernCryptoError(.invalidParameter, "nonce prefix must be 7 bytes and key salt 16 bytes")
        }
        self.version = Self.currentVersion
        self.chunkSize = chunkSize
        self.noncePrefix = noncePrefix
        self.keySalt = keySalt
    }

    /// A header with a fresh random nonce prefix and key salt.
    public static func random(chunkSize: Int = defaultChunkSize) throws -> SealedStreamHeader {
        try SealedStreamHeader(
            chunkSize: chunkSize,
            noncePrefix: secureRandomBytes(noncePrefixLength),
            keySalt: secureRandomBytes(keySaltLength)
        )
    }

    public init(parsing bytes: some Collection<UInt8>) throws {
        var reader = ByteReader(Array(bytes), what: "sealed stream header")
        let version = try reader.readByte()
        guard version == Self.currentVersion else {
            throw TernCryptoError(.unsupportedVersion, "sealed stream version \(version)")
        }
        let chunkSize = try reader.readUInt32()
        let prefix = try reader.readBytes(Self.noncePrefixLength)
        let salt = try reader.readBytes(Self.keySaltLength)
        try reader.expectEnd()
        do {
            try self.init(chunkSize: Int(chunkSize), noncePrefix: prefix, keySalt: salt)
        } catch {
            throw TernCryptoError(.malformed, "sealed stream header: chunk size \(chunkSize) out of bounds")
        }
    }

    public var serialized: [UInt8] {
        var bytes = [version]
        bytes.reserveCapacity(Self.byteCount)
        bytes.appendUInt32(UInt32(chunkSize))
        bytes += noncePrefix
        bytes += keySalt
        return bytes
    }
}
