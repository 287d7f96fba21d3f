import NIOConcurrencyHelpers

/// A count of open connections with a ceiling, shared by the listeners it is given to (so several
/// addresses of one protocol can share one cap).
public final class ConnectionCap: Sendable {
    public let limit: Int
    private let open = NIOLockedValueBox(0)

    public init(limit: Int) { self.limit = limit }

    /// Counts a new connection, or returns false when `limit` are open.
    public func acquire() -> Bool {
        open.withLockedValue { open in
            guard open < limit else { return false }
            open += 1
            return true
        }
    }

    public func release() { open.withLockedValue { $0 = max(0, $0 - 1) } }

    public var openCount: Int { open.withLockedValue { $0 } }
}
