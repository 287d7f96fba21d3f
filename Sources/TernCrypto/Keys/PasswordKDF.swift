@preconcurrency import Crypto
import _CryptoExtras

/// scrypt cost parameters (RFC 7914), stored beside the wrapped keys so that a later change of
/// defaults never locks anyone out. Memory used is about `128 * r * 2^log2N` bytes.
public struct ScryptParameters: Hashable, Sendable {
    /// log2 of the CPU/memory cost N.
    public let log2N: UInt8
    /// Block size r.
    public let blockSize: UInt32
    /// Parallelism p (run sequentially by BoringSSL, so it multiplies time, not memory).
    public let parallelism: UInt32

    /// Upper bounds applied to parameters read from storage, so a hostile key file cannot make a
    /// login allocate gigabytes or spin for hours.
    public static let maxMemoryBytes = 1 << 30
    public static let maxLog2N: UInt8 = 24
    // 16 keeps us inside the memory budget swift-crypto 3.12.3 passes to BoringSSL
    // (128·N·r·p + one page; its `maxMemory` argument is not forwarded).
    public static let maxBlockSize: UInt32 = 16
    public static let maxParallelism: UInt32 = 16

    /// N = 2^15, r = 8, p = 1: 32 MiB and roughly 0.1 s per derivation on one core.
    public static let `default` = ScryptParameters(uncheckedLog2N: 15, blockSize: 8, parallelism: 1)
    /// Cheap setting for tests only: 1 KiB of memory.
    public static let testing = ScryptParameters(uncheckedLog2N: 3, blockSize: 1, parallelism: 1)

    public init(log2N: UInt8, blockSize: UInt32, parallelism: UInt32) throws {
        self.init(uncheckedLog2N: log2N, blockSize: blockSize, parallelism: parallelism)
        try validate()
    }

    private init(uncheckedLog2N: UInt8, blockSize: UInt32, parallelism: UInt32) {
        self.log2N = uncheckedLog2N
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// Memory the derivation needs, as BoringSSL counts it (V plus the B and T scratch blocks).
    public var memoryBytes: Int {
        128 * Int(blockSize) * ((1 << Int(log2N)) + Int(parallelism) + 1)
    }

    func validate() throws {
        guard log2N >= 1, log2N <= Self.maxLog2N,
            blockSize >= 1, blockSize <= Self.maxBlockSize,
            parallelism >= 1, parallelism <= Self.maxParallelism,
            memoryBytes <= Self.maxMemoryBytes,
            Int(log2N) < 16 * Int(blockSize)  // RFC 7914: N < 2^(128·r/8)
        else {
            throw TernCryptoError(
                .invalidParameter,
                "scrypt parameters out of bounds: log2N=\(log2N) r=\(blockSize) p=\(parallelism)"
            )
        }
    }
}

/// Derives the key-encryption key from a password. The password's UTF-8 bytes are used as given;
/// callers that accept passwords from several clients should normalise them (e.g. NFC) first.
enum PasswordKDF {
    static let saltLength = 16

    static func deriveKeyEncryptionKey(
        password: some Collection<UInt8>,
        salt: [UInt8],
        parameters: ScryptParameters
    ) throws -> SymmetricKey {
        try parameters.validate()
        do {
            return try KDF.Scrypt.deriveKey(
                from: Array(password),
                salt: salt,
                outputByteCount: 32,
                rounds: 1 << Int(parameters.log2N),
                blockSize: Int(parameters.blockSize),
                parallelism: Int(parameters.parallelism)
            )
        } catch {
            throw TernCryptoError(.primitiveFailure, "scrypt failed: \(error)")
        }
    }
}
