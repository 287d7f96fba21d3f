@preconcurrency import Crypto
import NIOCore

/// SHA-256 of a byte stream fed in pieces (a message as it arrives), so the bytes are never held whole.
/// Delivery keys its retry marker on it (`DeliveryMarker` in TernMail); the hash itself never reaches storage.
public struct ContentHash: Sendable {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: ByteBuffer) {
        bytes.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
    }

    /// The 32-byte digest of everything fed so far.
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }
}
