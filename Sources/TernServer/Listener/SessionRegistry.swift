import NIOConcurrencyHelpers

/// Counts open IMAP connections against the process limit and hands out session ids
/// (a per-process random prefix and a counter, so log lines of one session grep together).
final class SessionRegistry: Sendable {
    private struct State {
        var open = 0
        var issued: UInt64 = 0
    }

    let maxConnections: Int
    private let prefix: String
    private let state = NIOLockedValueBox(State())

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
        prefix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    var openCount: Int { state.withLockedValue { $0.open } }

    func nextID() -> String {
        let number = state.withLockedValue { state in
            state.issued += 1
            return state.issued
        }
        return "\(prefix)-\(number)"
    }

    /// Takes a connection slot; false when the process is at its limit.
    func open() -> Bool {
        state.withLockedValue { state in
            guard state.open < maxConnections else { return false }
            state.open += 1
            return true
        }
    }

    func close() {
        state.withLockedValue { $0.open -= 1 }
    }
}
