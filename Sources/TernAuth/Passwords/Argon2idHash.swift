/// Argon2id in PHC string format: `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, salt and hash in
/// unpadded base64 (what the reference `argon2` tool, libsodium, passlib and Dovecot's `{ARGON2ID}` write).
/// Verification only: Tern creates scrypt hashes.
public struct Argon2idHash: Hashable, Sendable {
    public var memoryKiB: Int
    public var iterations: Int
    public var parallelism: Int
    public var salt: [UInt8]
    public var hash: [UInt8]

    /// A hostile user file must not make one check cost gigabytes or minutes.
    static let maxMemoryKiB = 256 * 1024
    static let iterationRange = 1...16
    static let parallelismRange = 1...16

    /// Parses the PHC string; nil if it is not `$argon2id$`, throws if it is but is malformed or out of bounds.
    public static func parse(_ text: String) throws(PasswordHashError) -> Argon2idHash? {
        guard text.hasPrefix("$argon2id$") else { return nil }
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        // "", "argon2id", "v=19", params, salt, hash
        guard fields.count == 6 else {
            throw PasswordHashError(.malformed, "argon2id hash needs version, params, salt and hash")
        }
        guard fields[2] == "v=19" else { throw PasswordHashError(.unsupportedScheme, "only Argon2 version 19 (1.3)") }
        let values = fields[3].split(separator: ",", omittingEmptySubsequences: false)
        guard values.count == 3, values[0].hasPrefix("m="), values[1].hasPrefix("t="), values[2].hasPrefix("p="),
            let memory = Int(values[0].dropFirst(2)), let iterations = Int(values[1].dropFirst(2)),
            let parallelism = Int(values[2].dropFirst(2))
        else { throw PasswordHashError(.malformed, "argon2id parameters must read m=..,t=..,p=..") }
        guard parallelismRange.contains(parallelism), iterationRange.contains(iterations),
            (8 * parallelism...maxMemoryKiB).contains(memory)
        else { throw PasswordHashError(.malformed, "argon2id parameters out of bounds") }
        guard let salt = Base64.decodeUnpadded(Array(fields[4].utf8)), (8...64).contains(salt.count),
            let hash = Base64.decodeUnpadded(Array(fields[5].utf8)), (16...64).contains(hash.count)
        else {
            throw PasswordHashError(.malformed, "argon2id salt or hash is not valid unpadded base64 of a sane length")
        }
        return Argon2idHash(memoryKiB: memory, iterations: iterations, parallelism: parallelism, salt: salt, hash: hash)
    }

    public var phcString: String {
        "$argon2id$v=19$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$"
            + "\(Base64.encode(salt, padded: false))$\(Base64.encode(hash, padded: false))"
    }

    public func verify(_ password: [UInt8]) -> Bool {
        guard
            let derived = Argon2id.hash(
                password: password,
                salt: salt,
                parameters: .init(memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism),
                tagLength: hash.count
            )
        else { return false }
        return ConstantTime.equals(derived, hash)
    }
}
