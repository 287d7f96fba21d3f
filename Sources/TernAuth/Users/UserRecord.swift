/// One user of a static user file: a login, the stored password hash (as written in the file) and the extra
/// addresses that deliver to them.
public struct UserRecord: Hashable, Sendable {
    /// The canonical login, as IMAP LOGIN, SASL `OK user=` and `MailService` name it.
    public var login: String
    /// The stored hash text: PHC `$scrypt$`, `{SHA512-CRYPT}...`, `{BLF-CRYPT}...` and the others `PasswordHash` reads.
    public var passwordHash: String
    /// Addresses (`local@domain`, or the bare `postmaster`) that deliver to this user besides `login@<domain>`.
    public var aliases: [String]

    public init(login: String, passwordHash: String, aliases: [String] = []) {
        self.login = login
        self.passwordHash = passwordHash
        self.aliases = aliases
    }
}
