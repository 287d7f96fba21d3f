import Testing

@testable import TernNetwork

@Suite struct DeadlineQueueTests {
    /// A seeded generator, so a failing seed can be replayed.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func dueDeadlinesComeOutEarliestFirst() {
        var queue = DeadlineQueue<Int, String>()
        _ = queue.insert(30, "c")
        _ = queue.insert(10, "a")
        _ = queue.insert(20, "b")
        _ = queue.insert(40, "d")
        #expect(queue.earliest() == 10)
        #expect(queue.takeDue(at: 25) == ["a", "b"])
        #expect(queue.earliest() == 30)
        #expect(queue.count == 2)
        #expect(queue.takeDue(at: 100) == ["c", "d"])
        #expect(queue.earliest() == nil)
    }

    @Test func aRemovedDeadlineNeverFires() {
        var queue = DeadlineQueue<Int, String>()
        let first = queue.insert(10, "a")
        _ = queue.insert(20, "b")
        #expect(queue.remove(first) == "a")
        #expect(queue.remove(first) == nil)
        #expect(queue.earliest() == 20)
        #expect(queue.takeDue(at: 30) == ["b"])
    }

    /// Clients that start and end IDLE over and over leave no pile of dead entries behind.
    @Test func removedEntriesDoNotAccumulate() {
        var queue = DeadlineQueue<Int, Int>()
        let keep = (0..<10).map { queue.insert(1_000_000 + $0, $0) }
        for round in 0..<100_000 {
            let id = queue.insert(500_000 + round % 977, round)
            queue.remove(id)
        }
        #expect(queue.count == keep.count)
        #expect(queue.storedCount <= 2 * keep.count + 65)
        #expect(queue.takeDue(at: 2_000_000) == Array(0..<10))
    }

    @Test func matchesASortedModel() {
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
        var random = SplitMix64(state: seed)
        var queue = DeadlineQueue<Int, Int>()
        var model: [UInt64: Int] = [:]
        var ids: [UInt64] = []
        var now = 0
        for step in 0..<5_000 {
            switch random.next() % 3 {
            case 0:
                let instant = now + Int(random.next() % 1000)
                let id = queue.insert(instant, step)
                model[id] = instant
                ids.append(id)
            case 1 where !ids.isEmpty:
                let id = ids.remove(at: Int(random.next() % UInt64(ids.count)))
                #expect(queue.remove(id) != nil || model[id] == nil, "seed \(seed)")
                model[id] = nil
            default:
                now += Int(random.next() % 200)
                let due = queue.takeDue(at: now)
                let expected = model.filter { $0.value <= now }
                #expect(due.count == expected.count, "seed \(seed)")
                for id in expected.keys { model[id] = nil }
            }
        }
    }
}
