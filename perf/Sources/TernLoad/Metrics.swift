import Histogram
import NIOConcurrencyHelpers
import NIOCore
import TernLoadCore

/// What all sessions record into, from any event loop: latency histograms per command and counters.
final class Metrics: Sendable {
    private struct State {
        var histograms: [String: Histogram<UInt64>] = [:]
        var counters = RunReport.Counters()
        var active = 0
        var finished = 0
        var allLoggedInAt: Double?
        var recentLedger = RecentLedger()
        var flagLedger = FlagLedger()
    }

    private let state = NIOLockedValueBox(State())
    let expectedSessions: Int
    let clock: RunClock

    init(expectedSessions: Int, clock: RunClock) {
        self.expectedSessions = expectedSessions
        self.clock = clock
    }

    func record(_ name: String, nanoseconds: UInt64) {
        state.withLockedValue { state in
            var histogram = state.histograms[name] ?? LatencySummary.makeHistogram()
            _ = histogram.record(max(1, nanoseconds / 1000))
            state.histograms[name] = histogram
        }
    }

    func count(_ update: @Sendable (inout RunReport.Counters) -> Void) {
        state.withLockedValue { update(&$0.counters) }
    }

    /// stress: session `session` was shown \Recent for `uid`; a second session doing so is a violation.
    func claimRecent(uid: UInt32, session: Int) {
        state.withLockedValue { state in
            state.counters.recentClaims = (state.counters.recentClaims ?? 0) + 1
            if let violation = state.recentLedger.claim(uid: uid, session: session) {
                state.counters.record(violation, session: session)
            }
        }
    }

    /// stress: a session's own-keyword STORE sent or answered, or flags it was shown (checked against the others' STOREs).
    func checkFlags(_ finding: StressFinding, session: Int) {
        state.withLockedValue { state in
            switch finding {
            case .ownKeywordStoreSent(let uid, let flag, let time):
                state.flagLedger.storeSent(owner: session, uid: uid, state: flag, at: time)
            case .ownKeywordStored(let uid, let flag, let time):
                state.flagLedger.stored(owner: session, uid: uid, state: flag, at: time)
            case .ownMessageDeleting(let uid):
                state.flagLedger.forget(uid: uid)
            case .flagsShown(let uid, let flags, let sentAt, let answeredAt):
                let result = state.flagLedger.check(observer: session, uid: uid, flags: flags, sentAt: sentAt, answeredAt: answeredAt)
                state.counters.flagChecks = (state.counters.flagChecks ?? 0) + result.compared
                for violation in result.violations {
                    state.counters.record(violation, session: session)
                }
            case .violation, .recent:
                break
            }
        }
    }

    func loggedIn() {
        let now = clock.now()
        state.withLockedValue { state in
            state.active += 1
            state.counters.peakSessions = max(state.counters.peakSessions, state.active)
            if state.allLoggedInAt == nil && state.active >= expectedSessions { state.allLoggedInAt = now }
        }
    }

    func loggedOut() { state.withLockedValue { $0.active -= 1 } }

    /// A session ended for good (after LOGOUT, a failure, or being cut off at the end).
    func sessionEnded() { state.withLockedValue { $0.finished += 1 } }

    var active: Int { state.withLockedValue { $0.active } }
    var finished: Int { state.withLockedValue { $0.finished } }
    var allLoggedInAt: Double? { state.withLockedValue { $0.allLoggedInAt } }
    var counters: RunReport.Counters { state.withLockedValue { $0.counters } }

    var latencies: [LatencySummary] {
        state.withLockedValue { state in
            state.histograms.keys.sorted().compactMap { name in
                state.histograms[name].map { LatencySummary(name: name, histogram: $0) }
            }
        }
    }
}

/// The run's clock: seconds since the first connection (negative before it).
struct RunClock: Sendable {
    let origin: NIODeadline

    func now() -> Double { Double((NIODeadline.now() - origin).nanoseconds) / 1e9 }

    func deadline(at seconds: Double) -> NIODeadline { origin + .nanoseconds(Int64(seconds * 1e9)) }
}
