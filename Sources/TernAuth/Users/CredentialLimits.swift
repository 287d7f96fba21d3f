/// The longest login name and password any entry point accepts (IMAP LOGIN and AUTHENTICATE, the SASL
/// endpoint). Longer ones are refused before the limiter or a hash sees them: each distinct login name would
/// otherwise become a limiter key of any size, and a password of megabytes would be hashed.
public enum CredentialLimits {
    /// Bytes of UTF-8; the same bound Dovecot uses for user names.
    public static let maxLoginBytes = 255
    public static let maxPasswordBytes = 1024

    /// Why a login name or password is refused unseen, or nil when both are acceptable. Control characters are
    /// refused in login names: no user name has one, and they are what log injection is made of.
    public static func violation(login: String, password: String) -> String? {
        if login.isEmpty { return "Empty login name" }
        if login.utf8.count > maxLoginBytes { return "Login name too long (at most \(maxLoginBytes) bytes)" }
        if login.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "Control character in login name" }
        if password.utf8.count > maxPasswordBytes { return "Password too long (at most \(maxPasswordBytes) bytes)" }
        return nil
    }
}
