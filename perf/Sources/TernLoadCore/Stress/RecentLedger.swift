/// Which stress session was first shown \Recent for each UID of the one mailbox all sessions share.
/// RFC 3501 §2.3.2: a message is recent in one session only, the first to be notified of it; a
/// second session claiming the same UID is a violation. Pure; the shell keeps one under a lock.
public struct RecentLedger: Sendable {
    /// At most this many UIDs are remembered; past it the lowest half is forgotten (UIDs ascend, so
    /// those are the oldest messages, long past any session's first notification).
    public static let limit = 262_144

    private var claims: [UInt32: Int] = [:]
    private let limit: Int

    public init(limit: Int = RecentLedger.limit) { self.limit = limit }

    public var count: Int { claims.count }

    /// Session `session` saw \Recent on `uid`: nil if no other session claimed it before.
    public mutating func claim(uid: UInt32, session: Int) -> StressViolation? {
        if let owner = claims[uid] {
            guard owner != session else { return nil }
            return StressViolation(.recentInTwoSessions, "UID \(uid) is \\Recent in session \(owner) and in session \(session)")
        }
        if claims.count >= limit {
            let keep = claims.keys.sorted().suffix(limit / 2)
            claims = Dictionary(uniqueKeysWithValues: keep.map { ($0, claims[$0]!) })
        }
        claims[uid] = session
        return nil
    }
}
