import Testing

@testable import TernMail

@Suite struct HybridLogicalClockTests {
    @Test func tickFollowsPhysicalTimeWhenItIsAhead() {
        let clock = HybridLogicalClock(wallMillis: 100, logical: 7)
        #expect(clock.tick(physicalMillis: 200) == HybridLogicalClock(wallMillis: 200, logical: 0))
    }

    @Test func tickCountsLogicallyWhenPhysicalTimeLagsOrStalls() {
        let clock = HybridLogicalClock(wallMillis: 100, logical: 7)
        #expect(clock.tick(physicalMillis: 100) == HybridLogicalClock(wallMillis: 100, logical: 8))
        #expect(clock.tick(physicalMillis: 50) == HybridLogicalClock(wallMillis: 100, logical: 8))
    }

    @Test func fullLogicalCounterCarriesIntoTheNextMillisecond() {
        let clock = HybridLogicalClock(wallMillis: 100, logical: .max)
        #expect(clock.tick(physicalMillis: 0) == HybridLogicalClock(wallMillis: 101, logical: 0))
    }

    @Test func receiveOrdersAfterBothClocks() {
        let local = HybridLogicalClock(wallMillis: 100, logical: 3)
        let remote = HybridLogicalClock(wallMillis: 100, logical: 9)
        #expect(local.receive(remote, physicalMillis: 90) == HybridLogicalClock(wallMillis: 100, logical: 10))
        let ahead = HybridLogicalClock(wallMillis: 150, logical: 2)
        #expect(local.receive(ahead, physicalMillis: 120) == HybridLogicalClock(wallMillis: 150, logical: 3))
        #expect(local.receive(ahead, physicalMillis: 300) == HybridLogicalClock(wallMillis: 300, logical: 0))
    }

    @Test func driftBeyondTheBoundIsReported() {
        let remote = HybridLogicalClock(wallMillis: 10_000, logical: 0)
        #expect(HybridLogicalClock.exceedsDrift(remote, physicalMillis: 5_000, maxDriftMillis: 1_000))
        #expect(!HybridLogicalClock.exceedsDrift(remote, physicalMillis: 9_500, maxDriftMillis: 1_000))
    }

    @Test func packingPreservesOrderAndValue() {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<1_000 {
            let a = HybridLogicalClock(
                wallMillis: generator.next() >> 16, logical: UInt16.random(in: 0...9, using: &generator))
            let b = HybridLogicalClock(
                wallMillis: generator.next() >> 16, logical: UInt16.random(in: 0...9, using: &generator))
            #expect(HybridLogicalClock(packed: a.packed) == a)
            #expect((a < b) == ((a.wallMillis, a.logical) < (b.wallMillis, b.logical)))
        }
    }

    @Test func receivedThenTickedIsStrictlyAfterEverything() {
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<1_000 {
            let local = HybridLogicalClock(wallMillis: UInt64.random(in: 0...50, using: &generator), logical: 5)
            let remote = HybridLogicalClock(wallMillis: UInt64.random(in: 0...50, using: &generator), logical: 5)
            let physical = UInt64.random(in: 0...50, using: &generator)
            let next = local.receive(remote, physicalMillis: physical).tick(physicalMillis: physical)
            #expect(next > local && next > remote && next.wallMillis >= physical)
        }
    }
}
