/// A stored password hash, in any of the formats a Tern user file may hold:
/// - `$scrypt$ln=..,r=..,p=..$salt$hash` (PHC; what Tern writes),
/// - Dovecot-style `{SHA512-CRYPT}$6$...`, `{SHA256-CRYPT}$5$...`, `{BLF-CRYPT}$2y$...`, `{CRYPT}<crypt string>`,
/// - a bare crypt string `$6$`, `$5$`, `$2a$`/`$2b$`/`$2y$`, `$y$` (yescrypt) or `$7$` (scrypt), via libxcrypt,
/// - Argon2id in PHC form, bare or as Dovecot's `{ARGON2ID}` (libargon2, the reference implementation, through `CArgon2`).
///
/// Argon2i and Argon2d (`$argon2i$`, `$argon2d$`, `{ARGON2I}`) are recognised and refused as unsupported.
public enum PasswordHash: Hashable, Sendable {
    case scrypt(ScryptHash)
    case argon2id(Argon2idHash)
    /// A crypt(3) string verified by libxcrypt; `scheme` is the prefix it was recognised by, e.g. `$6$`.
    case crypt(scheme: String, hash: String)

    static let cryptPrefixes = ["$6$", "$5$", "$2a$", "$2b$", "$2y$", "$y$", "$7$"]
    /// Dovecot scheme names and the crypt prefixes each may carry.
    static let dovecotSchemes: [String: [String]] = [
        "SHA512-CRYPT": ["$6$"],
        "SHA256-CRYPT": ["$5$"],
        "BLF-CRYPT": ["$2a$", "$2b$", "$2y$"],
        "CRYPT": cryptPrefixes,
    ]

    public init(parsing stored: String) throws(PasswordHashError) {
        var text = Substring(stored)
        var allowedPrefixes = Self.cryptPrefixes
        if text.hasPrefix("{") {
            guard let close = text.firstIndex(of: "}") else {
                throw PasswordHashError(.unknownScheme, "unclosed {SCHEME}")
            }
            let scheme = text[text.index(after: text.startIndex)..<close].uppercased()
            text = text[text.index(after: close)...]
            if scheme == "ARGON2ID" {
                guard let argon2 = try Argon2idHash.parse(String(text)) else {
                    throw PasswordHashError(.malformed, "{ARGON2ID} must be followed by a $argon2id$ hash")
                }
                self = .argon2id(argon2)
                return
            }
            if scheme.hasPrefix("ARGON2") {
                throw PasswordHashError(.unsupportedScheme, "only the Argon2id variant is supported")
            }
            guard let prefixes = Self.dovecotSchemes[scheme] else {
                throw PasswordHashError(.unknownScheme, "unknown scheme {\(scheme)}")
            }
            allowedPrefixes = prefixes
        } else if let argon2 = try Argon2idHash.parse(String(text)) {
            self = .argon2id(argon2)
            return
        } else if text.hasPrefix("$argon2") {
            throw PasswordHashError(.unsupportedScheme, "only the Argon2id variant is supported")
        } else if let scrypt = try ScryptHash.parse(String(text)) {
            self = .scrypt(scrypt)
            return
        }
        guard let prefix = allowedPrefixes.first(where: { text.hasPrefix($0) }) else {
            throw PasswordHashError(.unknownScheme, "not a supported crypt hash")
        }
        // A complete hash, used as its own setting, yields a string of its own length; a bare setting (no hash
        // part) or anything libxcrypt refuses would be a hash no password can match.
        guard text.utf8.count <= 256,
            let probe = CryptFunction.hash(password: Array("probe".utf8), setting: String(text)),
            probe.count == text.utf8.count
        else { throw PasswordHashError(.malformed, "not a complete \(prefix) hash") }
        self = .crypt(scheme: prefix, hash: String(text))
    }

    /// Whether `password` matches. The final comparison is constant-time.
    public func verify(_ password: [UInt8]) -> Bool {
        switch self {
        case .scrypt(let scrypt):
            return scrypt.verify(password)
        case .argon2id(let argon2):
            return argon2.verify(password)
        case .crypt(_, let hash):
            guard let computed = CryptFunction.hash(password: password, setting: hash) else { return false }
            return ConstantTime.equals(computed, Array(hash.utf8))
        }
    }
}
