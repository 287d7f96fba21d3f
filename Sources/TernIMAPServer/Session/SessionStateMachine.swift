import TernIMAP

/// The IMAP session states of RFC 9051 §3 as a pure machine: not authenticated -> authenticated ->
/// selected -> logout, plus the TLS negotiation window after STARTTLS.
///
/// The connection loop feeds it every command (`commandReceived`) and every outcome of a handler
/// (`authenticated`, `selected`, `deselected`, ...); it answers whether the command may run in the
/// current state and counts bad commands. It performs no I/O.
public struct SessionStateMachine: Sendable {
    /// What to do with a command.
    public enum Admission: Hashable, Sendable {
        /// Run the handler.
        case proceed
        /// Answer with a tagged BAD and this text (the command is not valid in this state).
        case rejectBad(String)
        /// Answer with a tagged NO and this text.
        case rejectNo(ResponseCode?, String)
    }

    /// What to do after a bad command.
    public enum BadCommandAction: Hashable, Sendable {
        case continueSession
        /// Too many bad commands: send BYE and close.
        case disconnect
    }

    private enum State: Hashable, Sendable {
        case notAuthenticated
        /// STARTTLS answered OK; nothing is processed until the handshake completes.
        case negotiatingTLS
        case authenticated(login: String)
        case selected(login: String, mailbox: String, readOnly: Bool)
        case logout
    }

    private var state: State = .notAuthenticated
    public private(set) var isTLS: Bool
    public let canStartTLS: Bool
    public let loginDisabledWithoutTLS: Bool
    public let maxBadCommands: Int
    public private(set) var badCommandCount = 0
    /// COMPRESS DEFLATE answered OK: both directions are compressed for the rest of the connection.
    public private(set) var isCompressed = false

    public init(isTLS: Bool, canStartTLS: Bool, loginDisabledWithoutTLS: Bool, maxBadCommands: Int = 20) {
        self.isTLS = isTLS
        self.canStartTLS = canStartTLS
        self.loginDisabledWithoutTLS = loginDisabledWithoutTLS
        self.maxBadCommands = max(1, maxBadCommands)
    }

    // MARK: - Queries

    public var login: String? {
        switch state {
        case .authenticated(let login), .selected(let login, _, _): return login
        case .notAuthenticated, .negotiatingTLS, .logout: return nil
        }
    }

    public var selectedMailbox: String? {
        if case .selected(_, let mailbox, _) = state { return mailbox }
        return nil
    }

    public var isReadOnly: Bool {
        if case .selected(_, _, let readOnly) = state { return readOnly }
        return false
    }

    public var isAuthenticated: Bool { login != nil }
    public var isLoggedOut: Bool { state == .logout }

    /// Plaintext logins are refused: LOGINDISABLED is in effect (RFC 9051 §6.2.3).
    public var isLoginDisabled: Bool { loginDisabledWithoutTLS && !isTLS }

    // MARK: - Inputs

    /// A complete command arrived: may it run now?
    public func commandReceived(_ command: Command) -> Admission {
        switch state {
        case .negotiatingTLS:
            return .rejectBad("TLS negotiation in progress")
        case .logout:
            return .rejectBad("logging out")
        case .notAuthenticated, .authenticated, .selected:
            break
        }
        switch command {
        case .capability, .noop, .logout, .id:
            return .proceed
        case .compress(let mechanism):
            // RFC 4978 3: authenticated or selected state, once per connection, DEFLATE only.
            guard isAuthenticated else { return .rejectBad("log in first") }
            guard mechanism == "DEFLATE" else { return .rejectBad("unknown compression mechanism") }
            guard !isCompressed else { return .rejectNo(.compressionActive, "DEFLATE is already active") }
            return .proceed
        case .startTLS:
            guard state == .notAuthenticated else { return .rejectBad("STARTTLS is only valid before authentication") }
            guard !isTLS else { return .rejectBad("TLS is already active") }
            guard canStartTLS else { return .rejectBad("STARTTLS is not available on this connection") }
            return .proceed
        case .login, .authenticate:
            guard state == .notAuthenticated else { return .rejectBad("already authenticated") }
            guard !isLoginDisabled else { return .rejectNo(.privacyRequired, "use STARTTLS before logging in") }
            return .proceed
        case .enable, .select, .examine, .create, .delete, .rename, .subscribe, .unsubscribe, .list, .lsub,
            .namespace, .status, .idle, .getQuota, .getQuotaRoot, .setQuota:
            guard isAuthenticated else { return .rejectBad("log in first") }
            return .proceed
        case .check, .close, .unselect, .expunge, .uidExpunge, .search, .fetch, .store, .copy, .move, .sort,
            .thread:
            guard isAuthenticated else { return .rejectBad("log in first") }
            guard selectedMailbox != nil else { return .rejectBad("no mailbox selected") }
            return .proceed
        }
    }

    /// APPEND is streamed and never arrives as a `Command`; it is valid once authenticated.
    public func appendReceived() -> Admission {
        switch state {
        case .authenticated, .selected: return .proceed
        case .notAuthenticated: return .rejectBad("log in first")
        case .negotiatingTLS: return .rejectBad("TLS negotiation in progress")
        case .logout: return .rejectBad("logging out")
        }
    }

    /// A command was answered with BAD (or could not be parsed).
    public mutating func badCommandReceived() -> BadCommandAction {
        badCommandCount += 1
        return badCommandCount >= maxBadCommands ? .disconnect : .continueSession
    }

    /// STARTTLS was answered OK: wait for the handshake.
    public mutating func startTLSAccepted() {
        guard state == .notAuthenticated else { return }
        state = .negotiatingTLS
    }

    /// The TLS handshake completed.
    public mutating func tlsEstablished() {
        isTLS = true
        if state == .negotiatingTLS { state = .notAuthenticated }
    }

    /// COMPRESS was answered OK.
    public mutating func compressionStarted() {
        isCompressed = true
    }

    public mutating func authenticated(login: String) {
        guard state == .notAuthenticated else { return }
        state = .authenticated(login: login)
    }

    /// SELECT/EXAMINE succeeded (replacing any selected mailbox).
    public mutating func selected(mailbox: String, readOnly: Bool) {
        guard let login else { return }
        state = .selected(login: login, mailbox: mailbox, readOnly: readOnly)
    }

    /// CLOSE, UNSELECT, a failed SELECT, or the selected mailbox went away.
    public mutating func deselected() {
        guard case .selected(let login, _, _) = state else { return }
        state = .authenticated(login: login)
    }

    /// The selected mailbox was renamed (RENAME of the selected mailbox keeps it selected).
    public mutating func selectedMailboxRenamed(to name: String) {
        guard case .selected(let login, _, let readOnly) = state else { return }
        state = .selected(login: login, mailbox: name, readOnly: readOnly)
    }

    public mutating func loggedOut() {
        state = .logout
    }
}
