/// Connection counts against the process cap, the per-address cap and the per-(user, address) cap. Pure; the
/// `SessionRegistry` holds one under a lock.
///
/// Bounded by construction: an entry exists only while a connection it counts is open, and the process cap
/// bounds open connections, so neither table can hold more than `maxConnections` keys.
struct ConnectionCaps: Sendable, Equatable {
    struct Limits: Sendable, Hashable {
        /// Open IMAP connections per process.
        var maxConnections: Int
        /// Open connections from one address (IPv6: one /64), logged in or not.
        var maxPerAddress: Int
        /// Logged-in connections of one user from one address (Dovecot's mail_max_userip_connections).
        var maxPerUserAddress: Int
    }

    /// Why a new connection was refused.
    enum Refusal: Sendable, Equatable {
        case processFull
        case addressFull
    }

    let limits: Limits
    private(set) var open = 0
    private(set) var byAddress: [String: Int] = [:]
    private(set) var byUserAddress: [String: Int] = [:]

    init(limits: Limits) { self.limits = limits }

    /// Counts a new connection from `address` (a limiter address key), or says why it is refused.
    mutating func openConnection(address: String) -> Refusal? {
        guard open < limits.maxConnections else { return .processFull }
        guard byAddress[address, default: 0] < limits.maxPerAddress else { return .addressFull }
        open += 1
        byAddress[address, default: 0] += 1
        return nil
    }

    mutating func closeConnection(address: String) {
        open = max(0, open - 1)
        Self.decrement(&byAddress, address)
    }

    /// Counts a login of `user` on a connection from `address`; false when that pair is at its cap.
    mutating func admitUser(_ user: String, address: String) -> Bool {
        let key = Self.userKey(user, address: address)
        guard byUserAddress[key, default: 0] < limits.maxPerUserAddress else { return false }
        byUserAddress[key, default: 0] += 1
        return true
    }

    mutating func releaseUser(_ user: String, address: String) {
        Self.decrement(&byUserAddress, Self.userKey(user, address: address))
    }

    private static func userKey(_ user: String, address: String) -> String { user.lowercased() + " " + address }

    private static func decrement(_ table: inout [String: Int], _ key: String) {
        guard let count = table[key] else { return }
        table[key] = count > 1 ? count - 1 : nil
    }
}
