/// A credential check the shell must run (limiter, user lookup, password hash) before answering with
/// `DovecotAuthStateMachine.verificationFinished(requestID:_:)`.
public struct CredentialCheck: Hashable, Sendable {
    public var requestID: UInt32
    /// The authentication id as the client sent it.
    public var user: String
    public var password: [UInt8]
    public var mechanism: String
    /// `service=` (smtp, imap, ...), `rip=`, `lip=` and `secured` from the AUTH line.
    public var service: String
    public var remoteAddress: String?
    public var localAddress: String?
    public var secured: Bool

    public init(
        requestID: UInt32,
        user: String,
        password: [UInt8],
        mechanism: String,
        service: String,
        remoteAddress: String?,
        localAddress: String?,
        secured: Bool
    ) {
        self.requestID = requestID
        self.user = user
        self.password = password
        self.mechanism = mechanism
        self.service = service
        self.remoteAddress = remoteAddress
        self.localAddress = localAddress
        self.secured = secured
    }
}

/// The shell's answer to a `CredentialCheck`.
public enum CredentialCheckResult: Hashable, Sendable {
    /// Valid; `user` is the canonical name returned in `OK ... user=`.
    case accepted(user: String)
    /// Wrong password, unknown user or refused by the limiter: one answer for all, so none can be told apart.
    case rejected
    /// The user store is unavailable: FAIL with `temp`, the client answers 454 and may retry.
    case temporaryFailure
}

public enum DovecotAuthAction: Hashable, Sendable {
    /// Write this line followed by `\n`.
    case send(String)
    case verify(CredentialCheck)
    /// Close the connection (after writing what was sent before).
    case close(reason: String)
}
