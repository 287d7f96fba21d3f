import NIOConcurrencyHelpers

/// Counts open IMAP connections against the process, per-address and per-(user, address) caps
/// (`ConnectionCaps`), and hands out session ids (a per-process random prefix and a counter, so log lines of
/// one session grep together).
final class SessionRegistry: Sendable {
    private struct State {
        var caps: ConnectionCaps
        var issued: UInt64 = 0
    }

    let limits: ConnectionCaps.Limits
    private let prefix: String
    private let state: NIOLockedValueBox<State>

    init(limits: ConnectionCaps.Limits) {
        self.limits = limits
        state = NIOLockedValueBox(State(caps: ConnectionCaps(limits: limits)))
        prefix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    /// Only the process cap (tests and callers without per-address caps).
    convenience init(maxConnections: Int) {
        self.init(
            limits: ConnectionCaps.Limits(
                maxConnections: maxConnections, maxPerAddress: maxConnections, maxPerUserAddress: maxConnections))
    }

    var openCount: Int { state.withLockedValue { $0.caps.open } }

    func nextID() -> String {
        let number = state.withLockedValue { state in
            state.issued += 1
            return state.issued
        }
        return "\(prefix)-\(number)"
    }

    /// Takes a connection slot for `address` (a limiter address key); the refusal when a cap is reached.
    func open(address: String) -> ConnectionCaps.Refusal? {
        state.withLockedValue { $0.caps.openConnection(address: address) }
    }

    func close(address: String) {
        state.withLockedValue { $0.caps.closeConnection(address: address) }
    }

    func admitUser(_ user: String, address: String) -> Bool {
        state.withLockedValue { $0.caps.admitUser(user, address: address) }
    }

    func releaseUser(_ user: String, address: String) {
        state.withLockedValue { $0.caps.releaseUser(user, address: address) }
    }
}
