import Foundation
import TernAuth
import TernCrypto
#if canImport(Glibc)
import Glibc
#endif

/// The users `tern dev` guarantees: alice / hunter2 (alice@example.tld) and, with `--users N`,
/// user1...userN sharing one password (for the capacity tool). Hashes are cheap on purpose: a dev
/// server creates thousands of users in seconds; `serve` uses real costs.
public struct DevUsers: Sendable {
    public static let domain = "example.tld"
    public static let alice = (login: "alice", password: "hunter2")
    /// scrypt N = 2^10, r = 8: ~1 MiB and a few milliseconds per hash.
    public static let hashParameters = ScryptHash.Parameters(logRounds: 10, blockSize: 8, parallelism: 1)

    /// Storage key KDF for dev users: N = 2^10, r = 8 (the keys' wrap, not only the login check).
    public static let storageKDF: ScryptParameters = {
        // Constant, known-valid parameters; the throwing init only rejects out-of-bound values.
        (try? ScryptParameters(log2N: 10, blockSize: 8, parallelism: 1)) ?? .default
    }()

    public var bulkCount: Int
    public var bulkPassword: String

    public init(bulkCount: Int, bulkPassword: String) {
        self.bulkCount = bulkCount
        self.bulkPassword = bulkPassword
    }

    /// Every (login, password) pair, alice first.
    public var all: [(login: String, password: String)] {
        [Self.alice] + (0..<bulkCount).map { (login: "user\($0 + 1)", password: bulkPassword) }
    }

    /// Adds the missing dev users to the user file (creating it), keeping users and passwords that
    /// are already there. Returns the logins that were added.
    @discardableResult
    public func ensureUserFile(at path: String) throws -> [String] {
        var directory: UserDirectory
        if FileManager.default.fileExists(atPath: path) {
            directory = try UserDirectory.parse(try String(contentsOfFile: path, encoding: .utf8))
        } else {
            directory = try UserDirectory(domains: [Self.domain], subaddressSeparator: "+", users: [])
        }
        var added: [UserRecord] = []
        var generator = SystemRandomNumberGenerator()
        for user in all where directory.user(named: user.login) == nil {
            let hash = try ScryptHash.create(
                password: Array(user.password.utf8), parameters: Self.hashParameters, using: &generator)
            added.append(UserRecord(login: user.login, passwordHash: hash.phcString))
        }
        if !added.isEmpty || !FileManager.default.fileExists(atPath: path) {
            directory = try UserDirectory(
                domains: directory.domains, subaddressSeparator: directory.subaddressSeparator,
                users: directory.users + added, reusingHashesOf: directory)
            // The user file's writer: mode 0600 from creation (the file holds password hashes), written aside
            // and renamed over, so a running server never reads half a file.
            try UserFileWriter.write(directory, to: path)
        }
        // A file left by an older version may be world-readable.
        _ = chmod(path, 0o600)
        return added.map(\.login)
    }
}
