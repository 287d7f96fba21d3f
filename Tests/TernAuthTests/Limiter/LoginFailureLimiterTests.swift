import TernAuth
import Testing

@Suite struct LoginFailureLimiterTests {
    let start = ContinuousClock.now
    static let policy = LoginFailureLimiter.Policy(
        failuresBeforeDelay: 2,
        baseDelay: .seconds(1),
        maxDelay: .seconds(4),
        addressRefusalThreshold: 8,
        pairRefusalThreshold: 6,
        userFailuresBeforeDelay: 4,
        refusalDuration: .seconds(600),
        forgetAfter: .seconds(300),
        capacity: 4
    )

    func at(_ seconds: Int) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func delaysGrowThenCap() {
        var limiter = LoginFailureLimiter(policy: Self.policy)
        var delays: [Duration] = []
        for second in 0..<6 {
            guard case .proceed(let delay) = limiter.decision(address: "192.0.2.1", user: "alice", now: at(second))
            else {
                Issue.record("refused too early at \(second)")
                return
            }
            delays.append(delay)
            limiter.recordFailure(address: "192.0.2.1", user: "alice", now: at(second))
        }
        #expect(delays == [.zero, .zero, .seconds(1), .seconds(2), .seconds(4), .seconds(4)])
    }

    /// One host trying many users (issue #17 point 1): slowed, then refused for everyone; other hosts unaffected.
    @Test func addressRefusedPastThresholdForAllUsers() {
        var limiter = LoginFailureLimiter(policy: Self.policy)
        for index in 0..<8 { limiter.recordFailure(address: "192.0.2.1", user: "user\(index)", now: at(index)) }
        #expect(limiter.decision(address: "192.0.2.1", user: "somebody", now: at(10)) == .refuse(until: at(7 + 600)))
        #expect(limiter.decision(address: "192.0.2.1", user: nil, now: at(606)) == .refuse(until: at(607)))
        // Another address is not affected; the refusal ends on time and the count starts over.
        #expect(limiter.decision(address: "192.0.2.2", user: "somebody", now: at(10)) == .proceed(delay: .zero))
        #expect(limiter.decision(address: "192.0.2.1", user: nil, now: at(607)) == .proceed(delay: .zero))
    }

    /// One host hammering one user is refused for that user only, before its address budget runs out.
    @Test func pairRefusedForThatUserOnly() {
        var limiter = LoginFailureLimiter(policy: Self.policy)
        for index in 0..<6 { limiter.recordFailure(address: "192.0.2.1", user: "alice", now: at(index)) }
        #expect(limiter.decision(address: "192.0.2.1", user: "ALICE", now: at(10)) == .refuse(until: at(5 + 600)))
        #expect(limiter.decision(address: "192.0.2.1", user: "bob", now: at(10)) == .proceed(delay: .seconds(4)))
        // From elsewhere alice is only slowed by her per-user budget (6 failures, 4 free: 1 s doubled twice).
        #expect(limiter.decision(address: "198.51.100.1", user: "alice", now: at(10)) == .proceed(delay: .seconds(4)))
    }

    /// Issue #17 point 4: failures for one user from any number of addresses (forged or a botnet) slow the user's
    /// logins down, up to `maxDelay`, but never refuse them: nobody can lock an owner out.
    @Test func userIsSlowedButNeverRefused() {
        var limiter = LoginFailureLimiter(policy: LoginFailureLimiter.Policy(
            failuresBeforeDelay: 2, baseDelay: .seconds(1), maxDelay: .seconds(4), addressRefusalThreshold: 8,
            pairRefusalThreshold: 6, userFailuresBeforeDelay: 4, refusalDuration: .seconds(600),
            forgetAfter: .seconds(300), capacity: 1000))
        for index in 0..<500 { limiter.recordFailure(address: "10.0.\(index / 250).\(index % 250)", user: "alice", now: at(1)) }
        #expect(limiter.decision(address: "203.0.113.9", user: "alice", now: at(2)) == .proceed(delay: .seconds(4)))
        #expect(limiter.decision(address: "203.0.113.9", user: "bob", now: at(2)) == .proceed(delay: .zero))
    }

    /// Unknown users are tracked exactly like real ones: nothing here depends on whether the user exists.
    @Test func successClearsTheUserButNotTheAddress() {
        var limiter = LoginFailureLimiter(policy: Self.policy)
        for second in 0..<5 { limiter.recordFailure(address: "192.0.2.1", user: "alice", now: at(second)) }
        limiter.recordSuccess(address: "192.0.2.1", user: "ALICE", now: at(5))
        #expect(limiter.decision(address: "192.0.2.9", user: "alice", now: at(6)) == .proceed(delay: .zero))
        #expect(limiter.decision(address: "192.0.2.1", user: "alice", now: at(6)) == .proceed(delay: .seconds(4)))
    }

    @Test func failuresAreForgottenAfterAQuietPeriod() {
        var limiter = LoginFailureLimiter(policy: Self.policy)
        for second in 0..<5 { limiter.recordFailure(address: "192.0.2.1", user: "alice", now: at(second)) }
        #expect(limiter.decision(address: "192.0.2.1", user: "alice", now: at(303)) == .proceed(delay: .seconds(4)))
        #expect(limiter.decision(address: "192.0.2.1", user: "alice", now: at(304)) == .proceed(delay: .zero))
        limiter.recordFailure(address: "192.0.2.1", user: "alice", now: at(400))
        #expect(limiter.decision(address: "192.0.2.1", user: "alice", now: at(401)) == .proceed(delay: .zero))
    }

    @Test func memoryIsBoundedAndLeastRecentlyFailedGoFirst() {
        var limiter = LoginFailureLimiter(policy: Self.policy)
        for index in 0..<4 {
            for _ in 0..<3 { limiter.recordFailure(address: "10.0.0.\(index)", user: nil, now: at(index)) }
        }
        // Touch 10.0.0.0 again so that 10.0.0.1 becomes the least recently failed.
        limiter.recordFailure(address: "10.0.0.0", user: nil, now: at(10))
        limiter.recordFailure(address: "10.0.0.9", user: nil, now: at(11))
        #expect(limiter.trackedAddresses == 4)
        #expect(limiter.decision(address: "10.0.0.1", user: nil, now: at(12)) == .proceed(delay: .zero))
        #expect(limiter.decision(address: "10.0.0.0", user: nil, now: at(12)) == .proceed(delay: .seconds(4)))
        for index in 0..<10_000 { limiter.recordFailure(address: "flood-\(index)", user: "u\(index)", now: at(20)) }
        #expect(limiter.trackedAddresses == 4)
        #expect(limiter.trackedPairs == 4)
        #expect(limiter.trackedUsers == 4)
    }
}

@Suite struct LimiterAddressKeyTests {
    /// The port never counts (issue #17 point 1: `ip:port` gave every connection a fresh budget).
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("192.0.2.1:55084", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::ffff", "2001:db8:1:2::/64"),
        ("[2001:db8:1:2::7]:993", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("[::ffff:198.51.100.7]:143", "198.51.100.7"),
        ("::1", "0:0:0:0::/64"),
        ("[::1]:40000", "0:0:0:0::/64"),
        ("unix:/run/socket", "unix:/run/socket"),
        ("", ""),
    ])
    func keys(address: String, key: String) {
        #expect(LoginFailureLimiter.addressKey(forRemoteAddress: address) == key)
    }
}
