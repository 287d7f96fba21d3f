import Testing

@testable import TernMail

/// Which segments a pack writes and supersedes, from counts alone.
@Suite struct SegmentPackPlanTests {
    private func plan(
        _ counts: [String: Int], singles: Int, needed: Int = 1, compact: Bool = false
    ) -> SegmentPackPlan.Action {
        SegmentPackPlan(
            liveCounts: counts, singles: singles, needed: needed, smallBelow: 256, maxSegments: 4, compact: compact
        ).action
    }

    @Test func nothingUnpackedWritesNothing() {
        #expect(plan([:], singles: 0) == .none)
        #expect(plan(["big": 5000, "a": 10], singles: 0) == .none)
    }

    @Test func smallSegmentsFoldLikeABinaryCounter() {
        // A new segment takes the small ones no larger than what it holds so far, smallest first.
        #expect(plan(["a": 1], singles: 1) == .add(folding: ["a"]))
        #expect(plan(["a": 2], singles: 1) == .add(folding: []))
        #expect(plan(["a": 2, "b": 1], singles: 1) == .add(folding: ["a", "b"]))
        #expect(plan(["a": 40, "b": 30, "c": 5], singles: 10) == .add(folding: ["c"]))
        // Large segments are never folded, whatever the tail.
        #expect(plan(["big": 256, "a": 3], singles: 300) == .add(folding: ["a"]))
    }

    @Test func whenSlotsRunOutEverySmallSegmentFoldsBeforeAFullMerge() {
        #expect(plan(["big": 5000, "a": 200, "b": 100, "c": 50], singles: 1) == .add(folding: ["a", "b", "c"]))
        #expect(plan(["w": 300, "x": 300, "y": 300, "a": 200], singles: 1) == .add(folding: ["a"]))
        #expect(plan(["w": 300, "x": 300, "y": 300, "z": 300], singles: 1) == .mergeAll)
        #expect(plan(["w": 300, "x": 300, "y": 300, "z": 300], singles: 0) == .mergeAll)
    }

    @Test func checkpointPacksIntoAsFewSegmentsAsNeeded() {
        #expect(plan([:], singles: 5, compact: true) == .add(folding: []))
        #expect(plan(["a": 5], singles: 0, compact: true) == .none)
        #expect(plan(["a": 5], singles: 1, compact: true) == .mergeAll)
        #expect(plan(["a": 5, "b": 5], singles: 0, compact: true) == .mergeAll)
        #expect(plan(["a": 16384, "b": 5], singles: 0, needed: 2, compact: true) == .none)
    }
}
