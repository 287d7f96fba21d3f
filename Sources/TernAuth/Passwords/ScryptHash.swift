import Crypto
import Foundation
import _CryptoExtras

/// scrypt in PHC string format: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, salt and hash in unpadded base64
/// (the format passlib and others write).
public struct ScryptHash: Hashable, Sendable {
    public struct Parameters: Hashable, Sendable {
        public var logRounds: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(logRounds: Int, blockSize: Int, parallelism: Int) {
            self.logRounds = logRounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^15, r = 8, p = 1: 32 MiB and roughly 0.1 s per check (the current common recommendation).
        public static let standard = Parameters(logRounds: 15, blockSize: 8, parallelism: 1)

        /// Memory scrypt needs, in bytes (128 * r * N * p bounds what BoringSSL allocates).
        var memoryBytes: Int { 128 * blockSize * (1 << logRounds) * parallelism }

        /// Bounds a stored hash must respect: a hostile user file must not make one check cost gigabytes.
        static let maxMemoryBytes = 256 * 1024 * 1024
        var isAcceptable: Bool {
            (1...20).contains(logRounds) && (1...32).contains(blockSize) && (1...16).contains(parallelism)
                && memoryBytes <= Self.maxMemoryBytes
        }
    }

    public var parameters: Parameters
    public var salt: [UInt8]
    public var hash: [UInt8]

    static let saltBytes = 8...64
    static let hashBytes = 16...64

    /// Parses the PHC string; nil if it is not `$scrypt$`, throws if it is but is malformed.
    public static func parse(_ text: String) throws(PasswordHashError) -> ScryptHash? {
        guard text.hasPrefix("$scrypt$") else { return nil }
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        // "", "scrypt", params, salt, hash
        guard fields.count == 5 else { throw PasswordHashError(.malformed, "scrypt hash needs params, salt and hash") }
        let values = fields[2].split(separator: ",", omittingEmptySubsequences: false)
        guard values.count == 3, values[0].hasPrefix("ln="), values[1].hasPrefix("r="), values[2].hasPrefix("p="),
            let logRounds = Int(values[0].dropFirst(3)), let blockSize = Int(values[1].dropFirst(2)),
            let parallelism = Int(values[2].dropFirst(2))
        else { throw PasswordHashError(.malformed, "scrypt parameters must read ln=..,r=..,p=..") }
        let parameters = Parameters(logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        guard parameters.isAcceptable else { throw PasswordHashError(.malformed, "scrypt parameters out of bounds") }
        guard let salt = Base64.decodeUnpadded(Array(fields[3].utf8)), saltBytes.contains(salt.count),
            let hash = Base64.decodeUnpadded(Array(fields[4].utf8)), hashBytes.contains(hash.count)
        else {
            throw PasswordHashError(.malformed, "scrypt salt or hash is not valid unpadded base64 of a sane length")
        }
        return ScryptHash(parameters: parameters, salt: salt, hash: hash)
    }

    /// Hashes `password` with a fresh salt from `generator`.
    public static func create(
        password: [UInt8],
        parameters: Parameters = .standard,
        using generator: inout some RandomNumberGenerator
    ) throws -> ScryptHash {
        guard parameters.isAcceptable else { throw PasswordHashError(.malformed, "scrypt parameters out of bounds") }
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hash = try derive(password: password, salt: salt, parameters: parameters, length: 32)
        return ScryptHash(parameters: parameters, salt: salt, hash: hash)
    }

    public var phcString: String {
        "$scrypt$ln=\(parameters.logRounds),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + "\(Base64.encode(salt, padded: false))$\(Base64.encode(hash, padded: false))"
    }

    public func verify(_ password: [UInt8]) -> Bool {
        guard let derived = try? Self.derive(password: password, salt: salt, parameters: parameters, length: hash.count)
        else { return false }
        return ConstantTime.equals(derived, hash)
    }

    static func derive(password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: password,
            salt: salt,
            outputByteCount: length,
            rounds: 1 << parameters.logRounds,
            blockSize: parameters.blockSize,
            parallelism: parameters.parallelism
        )
        return key.withUnsafeBytes { Array($0) }
    }
}
