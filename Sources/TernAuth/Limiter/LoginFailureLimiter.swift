/// Slows down and then refuses password guessing, per remote address and per user, for every entry point (IMAP,
/// the SASL endpoint, ...). Pure: the caller passes the time in and applies the decision.
///
/// Use: `decision(...)` before checking a password; on `.refuse` answer exactly as for a wrong password, without
/// checking it; on `.proceed(delay)` wait `delay`, check, then `recordFailure` or `recordSuccess`. Unknown users
/// are counted like known ones, so the limiter reveals nothing about which users exist.
public struct LoginFailureLimiter: Sendable {
    public struct Policy: Hashable, Sendable {
        /// Failures (per key) answered without delay.
        public var failuresBeforeDelay: Int
        /// Delay after the first delayed failure; it doubles with each further failure, up to `maxDelay`.
        public var baseDelay: Duration
        public var maxDelay: Duration
        /// Failures after which an address, or a user, is refused outright for `refusalDuration`.
        public var addressRefusalThreshold: Int
        /// Higher than the address threshold: refusing a user also locks out its owner, from everywhere.
        public var userRefusalThreshold: Int
        public var refusalDuration: Duration
        /// A key with no failure for this long starts over from zero.
        public var forgetAfter: Duration
        /// Keys held per table (addresses and users each); beyond it the least recently failed are forgotten.
        public var capacity: Int

        public init(
            failuresBeforeDelay: Int = 3,
            baseDelay: Duration = .milliseconds(500),
            maxDelay: Duration = .seconds(8),
            addressRefusalThreshold: Int = 20,
            userRefusalThreshold: Int = 50,
            refusalDuration: Duration = .seconds(15 * 60),
            forgetAfter: Duration = .seconds(15 * 60),
            capacity: Int = 50_000
        ) {
            self.failuresBeforeDelay = failuresBeforeDelay
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.addressRefusalThreshold = addressRefusalThreshold
            self.userRefusalThreshold = userRefusalThreshold
            self.refusalDuration = refusalDuration
            self.forgetAfter = forgetAfter
            self.capacity = capacity
        }
    }

    public enum Decision: Hashable, Sendable {
        /// Check the password after waiting `delay` (zero for the first few failures).
        case proceed(delay: Duration)
        /// Do not check; answer as for a wrong password. Refused until `until`.
        case refuse(until: ContinuousClock.Instant)
    }

    public let policy: Policy
    private var addresses: BoundedFailureTable
    private var users: BoundedFailureTable

    public init(policy: Policy = Policy()) {
        self.policy = policy
        self.addresses = BoundedFailureTable(capacity: policy.capacity)
        self.users = BoundedFailureTable(capacity: policy.capacity)
    }

    /// Keys currently held (for tests and metrics).
    public var trackedAddresses: Int { addresses.count }
    public var trackedUsers: Int { users.count }

    public func decision(address: String, user: String?, now: ContinuousClock.Instant) -> Decision {
        let records = [addresses[address], user.flatMap { users[Self.userKey($0)] }].compactMap { $0 }
        let live = records.filter { !isExpired($0, now: now) }
        let refusals = live.compactMap(\.refusedUntil).filter { $0 > now }
        if let until = refusals.max() { return .refuse(until: until) }
        let failures = live.map { record in record.refusedUntil == nil ? record.failures : 0 }.max() ?? 0
        return .proceed(delay: delay(afterFailures: failures))
    }

    public mutating func recordFailure(address: String, user: String?, now: ContinuousClock.Instant) {
        Self.count(in: &addresses, key: address, threshold: policy.addressRefusalThreshold, policy: policy, now: now)
        if let user {
            Self.count(
                in: &users,
                key: Self.userKey(user),
                threshold: policy.userRefusalThreshold,
                policy: policy,
                now: now
            )
        }
    }

    /// A correct password clears the user's record; the address keeps its count (one valid account must not let
    /// an address reset its guessing budget) and forgets it with time.
    public mutating func recordSuccess(address: String, user: String, now: ContinuousClock.Instant) {
        users.remove(Self.userKey(user))
    }

    func delay(afterFailures failures: Int) -> Duration {
        let excess = failures - policy.failuresBeforeDelay
        guard excess >= 0 else { return .zero }
        // Doubling stops well before Duration could overflow.
        let factor = 1 << min(excess, 20)
        return min(policy.baseDelay * factor, policy.maxDelay)
    }

    private func isExpired(_ record: BoundedFailureTable.Record, now: ContinuousClock.Instant) -> Bool {
        Self.isExpired(record, policy: policy, now: now)
    }

    /// A record stops counting once its refusal is over, or (never refused) once it is older than `forgetAfter`.
    private static func isExpired(
        _ record: BoundedFailureTable.Record,
        policy: Policy,
        now: ContinuousClock.Instant
    ) -> Bool {
        if let until = record.refusedUntil { return until <= now }
        return record.lastFailure + policy.forgetAfter <= now
    }

    private static func count(
        in table: inout BoundedFailureTable,
        key: String,
        threshold: Int,
        policy: Policy,
        now: ContinuousClock.Instant
    ) {
        var record = BoundedFailureTable.Record(failures: 0, lastFailure: now, refusedUntil: nil)
        if let existing = table[key], !isExpired(existing, policy: policy, now: now) {
            record = existing
        }
        record.failures += 1
        record.lastFailure = now
        if record.failures >= threshold {
            record.refusedUntil = now + policy.refusalDuration
        }
        table.set(key, record)
    }

    /// User names are compared case-insensitively, so `Alice` and `alice` share one budget.
    static func userKey(_ user: String) -> String { user.lowercased() }
}
