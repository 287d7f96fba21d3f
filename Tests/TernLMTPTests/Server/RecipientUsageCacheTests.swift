import Testing

@testable import TernLMTP

/// The per-connection usage memory: hits while fresh, recounts when old, never holds more than its capacity.
@Suite struct RecipientUsageCacheTests {
    let start = ContinuousClock.now

    @Test func freshEntryIsReusedAndDeliveriesAddToIt() {
        var cache = RecipientUsageCache(capacity: 4, maxAge: .seconds(60))
        #expect(cache.bytes(for: "alice", now: start) == nil)
        cache.record(1_000, for: "alice", now: start)
        #expect(cache.bytes(for: "alice", now: start + .seconds(59)) == 1_000)
        cache.add(250, for: "alice")
        #expect(cache.bytes(for: "alice", now: start + .seconds(1)) == 1_250)
        // A delivery for a user never counted does not invent an entry.
        cache.add(99, for: "bob")
        #expect(cache.bytes(for: "bob", now: start) == nil)
    }

    @Test func oldEntryIsCountedAgain() {
        var cache = RecipientUsageCache(capacity: 4, maxAge: .seconds(60))
        cache.record(1_000, for: "alice", now: start)
        #expect(cache.bytes(for: "alice", now: start + .seconds(60)) == nil)
        // Adding does not make an old count fresh.
        cache.add(10, for: "alice")
        #expect(cache.bytes(for: "alice", now: start + .seconds(61)) == nil)
        cache.record(7, for: "alice", now: start + .seconds(61))
        #expect(cache.bytes(for: "alice", now: start + .seconds(62)) == 7)
    }

    @Test func capacityEvictsTheOldestCount() {
        var cache = RecipientUsageCache(capacity: 3, maxAge: .seconds(600))
        for (offset, login) in ["a", "b", "c", "d", "e"].enumerated() {
            cache.record(UInt64(offset), for: login, now: start + .seconds(offset))
            #expect(cache.count <= 3)
        }
        let now = start + .seconds(10)
        #expect(cache.bytes(for: "a", now: now) == nil)
        #expect(cache.bytes(for: "b", now: now) == nil)
        #expect(cache.bytes(for: "c", now: now) == 2)
        #expect(cache.bytes(for: "e", now: now) == 4)
        // Recounting a user already held replaces its entry and evicts nobody.
        cache.record(40, for: "c", now: now)
        #expect(cache.count == 3)
        #expect(cache.bytes(for: "d", now: now) == 3)
    }
}
