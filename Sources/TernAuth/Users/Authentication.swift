/// What a password check came to. Unknown user, wrong password and a limiter refusal after a check are all
/// `.failure`; `.temporarilyRefused` means the limiter refused without checking (callers may answer it exactly as
/// `.failure`, which is what the SASL endpoint does, so the refusal tells an attacker nothing more).
public enum AuthenticationOutcome: Sendable, Equatable {
    /// `login` is the canonical user name (an alias or address given at login resolves to it).
    case success(login: String)
    case failure
    case temporarilyRefused
}

/// The password check every entry point (IMAP LOGIN/AUTHENTICATE, the SASL endpoint, ...) goes through.
public protocol PasswordAuthenticator: Sendable {
    /// Same latency and answer for unknown user and wrong password; applies the failure limiter (per remote
    /// address and per login). `login` may be an address or alias: the canonical login is returned on success.
    func authenticate(login: String, password: String, remoteAddress: String?) async -> AuthenticationOutcome
}

/// Maps an LMTP recipient address to the user whose INBOX receives it.
public protocol RecipientResolver: Sendable {
    /// The canonical login for `address` (`local@domain`, domain case-insensitive, aliases and optional `+detail`
    /// applied), or nil when no user receives mail there.
    func login(forRecipient address: String) async -> String?
}
