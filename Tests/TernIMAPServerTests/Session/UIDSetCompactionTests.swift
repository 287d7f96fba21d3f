import TernIMAP
import Testing

@testable import TernIMAPServer

/// UID sets compacted over existing messages (issue 13 point 3; RFC 9051 §9 `seq-range`, RFC 4315).
@Suite struct UIDSetCompactionTests {
    func text(_ set: UIDSet?) -> String {
        guard let set else { return "" }
        return set.ranges.map { range in
            range.lowerBound == range.upperBound
                ? "\(range.lowerBound.rawValue)" : "\(range.lowerBound.rawValue):\(range.upperBound.rawValue)"
        }.joined(separator: ",")
    }

    @Test func runsOfExistingMessagesBecomeOneRange() {
        let existing: [UInt32] = [64, 128, 192, 256, 320, 384, 448]
        #expect(text(UIDSet.compacting([64, 128, 192, 320, 384, 448], over: existing)) == "64:192,320:448")
        #expect(text(UIDSet.compacting(existing, over: existing)) == "64:448")
        #expect(text(UIDSet.compacting([448, 64], over: existing)) == "64,448")
        #expect(text(UIDSet.compacting([128, 128, 192], over: existing)) == "128:192")
        #expect(UIDSet.compacting([], over: existing) == nil)
        // Without blockers numbers merge freely; numeric neighbours always merge.
        #expect(text(UIDSet.compacting([1, 2, 9], over: [1, 2, 5, 9])) == "1:2,9")
    }

    /// RFC 4731 §3.1 ESEARCH ALL of a whole 10,000-message mailbox: one range, not 10,000 numbers.
    @Test func aWholeLargeMailboxIsOneRange() {
        let existing = (1...10_000).map { UInt32($0) * 64 + 1 }
        #expect(text(UIDSet.compacting(existing, over: existing)) == "65:640001")
    }

    /// Correctness: a range never covers a known message outside the set, and covers every member.
    @Test func rangesNeverCoverAnotherKnownMessage() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let count = Int.random(in: 0...60, using: &generator)
            var known = Set<UInt32>()
            while known.count < count { known.insert(UInt32.random(in: 1...400, using: &generator)) }
            let existing = known.sorted()
            // Members: some known messages and some UIDs the client does not know (expunged ones).
            var members = existing.filter { _ in Bool.random(using: &generator) }
            members += (0..<3).map { _ in UInt32.random(in: 1...400, using: &generator) }
            guard let set = UIDSet.compacting(members, over: existing) else {
                #expect(members.isEmpty)
                continue
            }
            let memberSet = Set(members)
            for uid in existing where !memberSet.contains(uid) {
                #expect(!set.contains(UID(uid)), "\(text(set)) covers \(uid) of \(existing)")
            }
            for uid in memberSet { #expect(set.contains(UID(uid))) }
            for (a, b) in zip(set.ranges, set.ranges.dropFirst()) { #expect(a.upperBound < b.lowerBound) }
        }
    }

    /// RFC 4315 §3 COPYUID: clients pair the n-th source UID with the n-th destination UID after
    /// expanding both sets number by number, so the sets only share ranges in lockstep.
    @Test func copyUIDPairsStayInLockstep() throws {
        let known: [UInt32] = [65, 129, 193, 257, 321]
        let sets = try #require(
            UIDSet.compactingPairs(
                source: [65, 129, 193, 321], destination: [1025, 1089, 1153, 1217], sourceBlockers: known))
        // 257 is known and not copied: 193 and 321 may not share a range.
        #expect(text(sets.source) == "65:193,321")
        #expect(text(sets.destination) == "1025:1153,1217")
        // Unequal steps (65 -> 66 is a message of another writer's slot) break the range on both
        // sides; equal steps (66 -> 130 and 1089 -> 1153) share one.
        let mixed = try #require(
            UIDSet.compactingPairs(
                source: [65, 66, 130], destination: [1025, 1089, 1153], sourceBlockers: [65, 66, 130]))
        #expect(text(mixed.source) == "65,66:130")
        #expect(text(mixed.destination) == "1025,1089:1153")
        #expect(UIDSet.compactingPairs(source: [], destination: [], sourceBlockers: []) == nil)
        // Expanded number by number, every copied source UID still meets its own destination UID.
        let expandedSource = sets.source.ranges.flatMap { Array($0.lowerBound.rawValue...$0.upperBound.rawValue) }
        let expandedDestination = sets.destination.ranges.flatMap {
            Array($0.lowerBound.rawValue...$0.upperBound.rawValue)
        }
        #expect(expandedSource.count == expandedDestination.count)
        let pairs = Dictionary(uniqueKeysWithValues: zip(expandedSource, expandedDestination))
        #expect(pairs[129] == 1089)
        #expect(pairs[321] == 1217)
    }
}
