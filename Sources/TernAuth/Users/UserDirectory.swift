/// The users of a static user file, validated and indexed: login and address lookups, recipient resolution.
/// Pure and immutable once built; `StaticUserFile` swaps in a new one on reload.
///
/// Matching rules:
/// - Logins compare case-insensitively; the canonical spelling is the one in the file.
/// - A login without `@` receives mail at `login@d` for every `d` in `domains`; a login with `@` at itself.
///   Aliases add addresses. Every address compares case-insensitively (local part too, as Postfix's lookups do).
/// - With `subaddressSeparator` set, `alice+lists@d` that matches no address is looked up as `alice@d`.
public struct UserDirectory: Sendable {
    /// A user file larger than this is refused (it would be read into memory whole).
    public static let maxFileBytes = 16 * 1024 * 1024
    static let maxNameBytes = 255

    public let domains: [String]
    public let subaddressSeparator: Character?
    /// Sorted by login.
    public let users: [UserRecord]
    /// Users whose stored hash can't be used (unknown or unsupported scheme): they exist but can't log in.
    public let unusableHashes: [String: PasswordHashError]

    private let loginIndex: [String: Int]
    private let addressIndex: [String: Int]
    private let hashes: [PasswordHash?]

    /// Validates and indexes. `previous` lends already parsed hashes (crypt hashes cost a probe each to parse).
    public init(
        domains: [String],
        subaddressSeparator: Character?,
        users: [UserRecord],
        reusingHashesOf previous: UserDirectory? = nil
    ) throws(UserFileError) {
        self.domains = domains.map { $0.lowercased() }
        self.subaddressSeparator = subaddressSeparator
        for domain in self.domains where !Self.isValidName(domain) || domain.contains("@") {
            throw UserFileError(.invalid, "invalid domain '\(domain)'")
        }
        let sorted = users.sorted { $0.login < $1.login }
        var loginIndex: [String: Int] = [:]
        var addressIndex: [String: Int] = [:]
        var hashes: [PasswordHash?] = []
        var unusable: [String: PasswordHashError] = [:]
        for (index, user) in sorted.enumerated() {
            guard Self.isValidName(user.login) else { throw UserFileError(.invalid, "invalid login '\(user.login)'") }
            guard loginIndex.updateValue(index, forKey: user.login.lowercased()) == nil else {
                throw UserFileError(.invalid, "login '\(user.login)' appears twice (logins are case-insensitive)")
            }
            var addresses = user.login.contains("@") ? [user.login] : self.domains.map { "\(user.login)@\($0)" }
            for alias in user.aliases {
                guard Self.isValidAddress(alias) else {
                    throw UserFileError(.invalid, "user '\(user.login)': invalid alias '\(alias)'")
                }
                addresses.append(alias)
            }
            for address in addresses {
                guard addressIndex.updateValue(index, forKey: address.lowercased()) == nil else {
                    throw UserFileError(.invalid, "address '\(address)' belongs to two users")
                }
            }
            if let reused = previous?.parsedHash(text: user.passwordHash, login: user.login) {
                hashes.append(reused)
            } else {
                do throws(PasswordHashError) {
                    hashes.append(try PasswordHash(parsing: user.passwordHash))
                } catch {
                    hashes.append(nil)
                    unusable[user.login] = error
                }
            }
        }
        self.users = sorted
        self.loginIndex = loginIndex
        self.addressIndex = addressIndex
        self.hashes = hashes
        self.unusableHashes = unusable
    }

    public static let empty: UserDirectory = {
        // Nothing to validate in an empty directory, so this cannot throw.
        do { return try UserDirectory(domains: [], subaddressSeparator: nil, users: []) } catch {
            preconditionFailure()
        }
    }()

    /// The canonical login for what a client typed at login: a login (any case), an address or an alias.
    public func canonicalLogin(for name: String) -> String? {
        let key = name.lowercased()
        guard let index = loginIndex[key] ?? addressIndex[key] else { return nil }
        return users[index].login
    }

    /// The parsed hash of a canonical login; nil for an unknown login or an unusable hash.
    public func passwordHash(forLogin login: String) -> PasswordHash? {
        guard let index = loginIndex[login.lowercased()] else { return nil }
        return hashes[index]
    }

    public func user(named login: String) -> UserRecord? {
        loginIndex[login.lowercased()].map { users[$0] }
    }

    /// The user receiving mail at `address` (`local@domain` or the bare `postmaster`), or nil.
    public func login(forRecipient address: String) -> String? {
        let key = address.lowercased()
        if let index = addressIndex[key] { return users[index].login }
        guard let separator = subaddressSeparator, let at = key.lastIndex(of: "@") else { return nil }
        let local = key[..<at]
        guard let split = local.firstIndex(of: separator), split != local.startIndex else { return nil }
        return addressIndex[String(local[..<split]) + key[at...]].map { users[$0].login }
    }

    private func parsedHash(text: String, login: String) -> PasswordHash? {
        guard let index = loginIndex[login.lowercased()], users[index].passwordHash == text else { return nil }
        return hashes[index]
    }

    /// A login or domain: 1...255 bytes of printable non-space characters.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxNameBytes
            && !name.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "\\" }
    }

    static func isValidAddress(_ address: String) -> Bool {
        guard isValidName(address) else { return false }
        if address.lowercased() == "postmaster" { return true }
        guard let at = address.lastIndex(of: "@") else { return false }
        return at != address.startIndex && address.index(after: at) != address.endIndex
    }
}
