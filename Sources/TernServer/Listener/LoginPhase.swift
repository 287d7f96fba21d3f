/// Where one connection is on its way to a login, for the pre-login deadline and the per-user cap. Pure; the
/// listener keeps one per connection under a lock, shared by the deadline timer and the session's login.
///
/// The deadline runs from the moment the connection is accepted and nothing but a successful login stops it:
/// commands, failed logins, STARTTLS and bytes trickling in do not move it, so a client cannot hold a slot by
/// talking without logging in.
struct LoginPhase: Sendable, Equatable {
    enum State: Sendable, Equatable {
        case preLogin
        /// The deadline passed before a login: the connection is being closed.
        case expired
        /// Logged in and counted under `user` in the per-user cap.
        case loggedIn(user: String)
    }

    private(set) var state = State.preLogin

    /// The deadline fired: true when the connection must be closed now (no login came first).
    mutating func deadlinePassed() -> Bool {
        guard state == .preLogin else { return false }
        state = .expired
        return true
    }

    /// A login succeeded; `admit` asks the per-user cap. False when the connection must end instead: the
    /// deadline already passed, or the cap refused.
    mutating func loggedIn(user: String, admit: (String) -> Bool) -> Bool {
        guard state == .preLogin, admit(user) else { return false }
        state = .loggedIn(user: user)
        return true
    }

    /// The user to release from the per-user cap when the connection ends.
    var countedUser: String? {
        if case .loggedIn(let user) = state { return user }
        return nil
    }
}
