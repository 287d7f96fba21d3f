/// What one pack writes: nothing, a new segment of the unpacked records (folding small segments
/// into it), or all live records into fresh segments. Pure: `Mailbox.pack` supplies the counts.
///
/// Quiet packs (`Mailbox+QuietPack.swift`) write small segments, a few messages each. Left alone
/// they would fill the `maxSegments` slots and force a merge of the whole mailbox every few
/// packs; so a new segment takes in the small segments (fewer live records than `smallBelow`)
/// no larger than what it holds so far, smallest first, as a binary counter carries: a record
/// is rewritten about log2(`smallBelow`) times before it sits in a large segment. When the slots
/// still run out, every small segment is folded in; only large segments force a full merge.
struct SegmentPackPlan: Equatable, Sendable {
    enum Action: Equatable, Sendable {
        case none
        /// A new segment holding the unpacked records and those of `folding`, which it supersedes.
        case add(folding: Set<String>)
        /// Every live record into fresh segments; every segment is superseded.
        case mergeAll
    }

    let action: Action

    /// - Parameters:
    ///   - liveCounts: live records per segment in use (a message's newest location).
    ///   - singles: live records with only a per-message object.
    ///   - needed: segments the live records need at `segmentCapacity`.
    ///   - compact: `checkpoint()`: as few segments as `needed`.
    init(
        liveCounts: [String: Int], singles: Int, needed: Int, smallBelow: Int, maxSegments: Int, compact: Bool
    ) {
        let inUse = liveCounts.count
        if compact {
            let merge = inUse + (singles == 0 ? 0 : 1) > needed
            action = merge ? .mergeAll : (singles == 0 ? .none : .add(folding: []))
            return
        }
        guard singles > 0 else {
            action = inUse + 1 > maxSegments && inUse > needed ? .mergeAll : .none
            return
        }
        let small = liveCounts.filter { $0.value < smallBelow }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        var folding = Set<String>()
        var total = singles
        for (segment, count) in small where count <= total {
            folding.insert(segment)
            total += count
        }
        if inUse - folding.count + 1 > maxSegments { folding = Set(small.map(\.key)) }
        action = inUse - folding.count + 1 > maxSegments ? .mergeAll : .add(folding: folding)
    }
}
