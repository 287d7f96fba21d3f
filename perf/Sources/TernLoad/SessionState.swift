import NIOCore
import TernIMAP
import TernLoadCore

/// One simulated user: the script and what survives a reconnect. Confined to one event loop.
final class SessionState {
    let credentials: Credentials
    var script: any SessionScript
    /// Ask for a new connection for this session (mixed profile's reconnects).
    var reconnect: ((SessionState) -> Void)?
    var ended = false

    init(credentials: Credentials, script: any SessionScript) {
        self.credentials = credentials
        self.script = script
    }
}

/// What every session shares: where to record, the clock, the generator for APPEND.
struct SessionContext: Sendable {
    let metrics: Metrics
    let clock: RunClock
    /// Run clock second at which scripts stop.
    let end: Double
    let generator: MessageGenerator
}

/// `user{n}` -> user1, user2, ...
struct UserPattern: Sendable {
    let pattern: String

    func name(_ index: Int) -> String {
        pattern.split(separator: "{n}", omittingEmptySubsequences: false).joined(separator: String(index))
    }
}
