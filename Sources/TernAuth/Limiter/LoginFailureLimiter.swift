/// Slows down and then refuses password guessing, for every entry point (IMAP LOGIN/AUTHENTICATE, the SASL
/// endpoint, ...). Pure: the caller passes the time in and applies the decision.
///
/// Three budgets, so that nobody but the guesser pays for the guessing:
/// - per remote address (IPv6 by /64, see `addressKey`): delays, then refuses that address for every user. One
///   host trying many users is stopped; other hosts are not affected.
/// - per (address, user): delays, then refuses that address for that user. One host hammering one user is
///   stopped sooner than the address budget would.
/// - per user, across addresses: only delays, never refuses. Failures from many addresses (a botnet, or forged
///   addresses) slow the account's logins down but can never lock its owner out.
///
/// Use: `decision(...)` before checking a password; on `.refuse` answer exactly as for a wrong password, without
/// checking it; on `.proceed(delay)` wait `delay`, check, then `recordFailure` or `recordSuccess`. Unknown users
/// are counted like known ones, so the limiter reveals nothing about which users exist.
public struct LoginFailureLimiter: Sendable {
    public struct Policy: Hashable, Sendable {
        /// Failures per address, and per (address, user), answered without delay.
        public var failuresBeforeDelay: Int
        /// Delay after the first delayed failure; it doubles with each further failure, up to `maxDelay`.
        public var baseDelay: Duration
        public var maxDelay: Duration
        /// Failures after which an address is refused outright, for every user, for `refusalDuration`.
        public var addressRefusalThreshold: Int
        /// Failures for one user from one address after which that pair is refused for `refusalDuration`.
        public var pairRefusalThreshold: Int
        /// Failures for one user, from all addresses together, answered without delay; past it every check for
        /// the user waits (doubling up to `maxDelay`). The user is never refused.
        public var userFailuresBeforeDelay: Int
        public var refusalDuration: Duration
        /// A key with no failure for this long starts over from zero.
        public var forgetAfter: Duration
        /// Keys held per table (addresses, pairs and users each); beyond it the least recently failed are
        /// forgotten.
        public var capacity: Int

        public init(
            failuresBeforeDelay: Int = 3,
            baseDelay: Duration = .milliseconds(500),
            maxDelay: Duration = .seconds(8),
            addressRefusalThreshold: Int = 20,
            pairRefusalThreshold: Int = 10,
            userFailuresBeforeDelay: Int = 10,
            refusalDuration: Duration = .seconds(15 * 60),
            forgetAfter: Duration = .seconds(15 * 60),
            capacity: Int = 50_000
        ) {
            self.failuresBeforeDelay = failuresBeforeDelay
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.addressRefusalThreshold = addressRefusalThreshold
            self.pairRefusalThreshold = pairRefusalThreshold
            self.userFailuresBeforeDelay = userFailuresBeforeDelay
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
    private var pairs: BoundedFailureTable
    private var users: BoundedFailureTable

    public init(policy: Policy = Policy()) {
        self.policy = policy
        self.addresses = BoundedFailureTable(capacity: policy.capacity)
        self.pairs = BoundedFailureTable(capacity: policy.capacity)
        self.users = BoundedFailureTable(capacity: policy.capacity)
    }

    /// Keys currently held (for tests and metrics).
    public var trackedAddresses: Int { addresses.count }
    public var trackedPairs: Int { pairs.count }
    public var trackedUsers: Int { users.count }

    public func decision(address: String, user: String?, now: ContinuousClock.Instant) -> Decision {
        let addressRecord = live(addresses[address], now: now)
        let pairRecord = user.flatMap { live(pairs[Self.pairKey(address: address, user: $0)], now: now) }
        let userRecord = user.flatMap { live(users[Self.userKey($0)], now: now) }
        let refusals = [addressRecord, pairRecord].compactMap { $0?.refusedUntil }.filter { $0 > now }
        if let until = refusals.max() { return .refuse(until: until) }
        let delays = [
            delay(afterFailures: addressRecord?.failures ?? 0, allowed: policy.failuresBeforeDelay),
            delay(afterFailures: pairRecord?.failures ?? 0, allowed: policy.failuresBeforeDelay),
            delay(afterFailures: userRecord?.failures ?? 0, allowed: policy.userFailuresBeforeDelay),
        ]
        return .proceed(delay: delays.max() ?? .zero)
    }

    public mutating func recordFailure(address: String, user: String?, now: ContinuousClock.Instant) {
        Self.count(in: &addresses, key: address, refusalThreshold: policy.addressRefusalThreshold, policy, now)
        guard let user else { return }
        Self.count(
            in: &pairs, key: Self.pairKey(address: address, user: user),
            refusalThreshold: policy.pairRefusalThreshold, policy, now)
        Self.count(in: &users, key: Self.userKey(user), refusalThreshold: nil, policy, now)
    }

    /// A correct password clears the user's records (its pair with this address, and its slow-down); the address
    /// keeps its count (one valid account must not let an address reset its guessing budget) and forgets it with
    /// time.
    public mutating func recordSuccess(address: String, user: String, now: ContinuousClock.Instant) {
        pairs.remove(Self.pairKey(address: address, user: user))
        users.remove(Self.userKey(user))
    }

    func delay(afterFailures failures: Int, allowed: Int) -> Duration {
        let excess = failures - allowed
        guard excess >= 0 else { return .zero }
        // Doubling stops well before Duration could overflow.
        let factor = 1 << min(excess, 20)
        return min(policy.baseDelay * factor, policy.maxDelay)
    }

    private func live(_ record: BoundedFailureTable.Record?, now: ContinuousClock.Instant) -> BoundedFailureTable.Record? {
        guard let record, !Self.isExpired(record, policy: policy, now: now) else { return nil }
        return record
    }

    /// Counts one failure; `refusalThreshold` nil = this table only ever delays.
    private static func count(
        in table: inout BoundedFailureTable,
        key: String,
        refusalThreshold: Int?,
        _ policy: Policy,
        _ now: ContinuousClock.Instant
    ) {
        var record = BoundedFailureTable.Record(failures: 0, lastFailure: now, refusedUntil: nil)
        if let existing = table[key], !isExpired(existing, policy: policy, now: now) {
            record = existing
        }
        record.failures += 1
        record.lastFailure = now
        if let refusalThreshold, record.failures >= refusalThreshold {
            record.refusedUntil = now + policy.refusalDuration
        }
        table.set(key, record)
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

    static func pairKey(address: String, user: String) -> String { address + " " + userKey(user) }

    /// User names are compared case-insensitively, so `Alice` and `alice` share one budget. Keys are capped (login
    /// names are at most `CredentialLimits.maxLoginBytes` at every entry point; this is the last line).
    static func userKey(_ user: String) -> String {
        let lowered = user.lowercased()
        guard lowered.utf8.count > CredentialLimits.maxLoginBytes else { return lowered }
        return String(decoding: lowered.utf8.prefix(CredentialLimits.maxLoginBytes), as: UTF8.self)
    }
}
