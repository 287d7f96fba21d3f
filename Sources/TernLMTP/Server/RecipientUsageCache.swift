/// What a connection remembers of each recipient's storage usage, so that RCPTs for the same user (and the
/// delivery after them) do not each list every object the user has. Postfix sends a list's hundred RCPTs, or a
/// day's mail for one user, down one connection.
///
/// Bounded: at most `capacity` users (the oldest entry makes room). An entry older than `maxAge` is counted
/// again, so what other sessions stored or expunged is seen within that time; a successful delivery adds its
/// bytes at once. Quota is a soft limit checked before a message is stored, so a count up to `maxAge` old can
/// let one more message in, never lose one. Pure: the shell passes the time in.
struct RecipientUsageCache {
    private struct Entry {
        var bytes: UInt64
        let countedAt: ContinuousClock.Instant
    }

    let capacity: Int
    let maxAge: Duration
    private var entries: [String: Entry] = [:]

    init(capacity: Int, maxAge: Duration) {
        self.capacity = max(1, capacity)
        self.maxAge = maxAge
    }

    var count: Int { entries.count }

    /// The remembered usage of `login`, or nil when unknown or too old to trust.
    func bytes(for login: String, now: ContinuousClock.Instant) -> UInt64? {
        guard let entry = entries[login], now - entry.countedAt < maxAge else { return nil }
        return entry.bytes
    }

    /// Remembers usage counted from storage at `now`.
    mutating func record(_ bytes: UInt64, for login: String, now: ContinuousClock.Instant) {
        if entries[login] == nil, entries.count >= capacity,
            let oldest = entries.min(by: { $0.value.countedAt < $1.value.countedAt })?.key
        {
            entries[oldest] = nil
        }
        entries[login] = Entry(bytes: bytes, countedAt: now)
    }

    /// A copy of `bytes` was stored for `login`: counts it without listing again (keeps the entry's age).
    mutating func add(_ bytes: Int, for login: String) {
        entries[login]?.bytes += UInt64(max(0, bytes))
    }
}
