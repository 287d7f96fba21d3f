import TernIMAP

/// Compact UID sets over *existing* messages. Tern's UIDs are sparse (each writer takes every 64th
/// number, docs/internals/uid-conflicts.md), so numeric runs are rare: `64,128,192` is one run of
/// existing messages and may be sent as `64:192`, since a UID range names the messages that exist
/// in it (RFC 9051 §9 `seq-range`, RFC 4315 §4). A range is only ever widened across numbers where
/// no *blocker* lies: a message the receiver may know that is not in the set. Pure.
extension UIDSet {
    /// `uids` as ranges that cover no UID of `blockers` except those in `uids` themselves.
    /// - Parameters:
    ///   - uids: the set, in any order (duplicates allowed).
    ///   - blockers: UIDs that must not be covered unless in the set, ascending (typically every
    ///     message the client knows in the mailbox; members of `uids` may be among them).
    public static func compacting(_ uids: [UInt32], over blockers: [UInt32]) -> UIDSet? {
        var sorted = uids.sorted()
        sorted.removeDuplicates()
        var ranges: [ClosedRange<UID>] = []
        var next = 0  // first blocker not yet passed
        for uid in sorted {
            if let last = ranges.last {
                // Skip blockers at or below the range's end; the first one left decides.
                while next < blockers.count && blockers[next] <= last.upperBound.rawValue { next += 1 }
                if next == blockers.count || blockers[next] >= uid {
                    ranges[ranges.count - 1] = last.lowerBound...UID(uid)
                    continue
                }
            }
            ranges.append(UID(uid)...UID(uid))
        }
        return ranges.isEmpty ? nil : UIDSet(ranges)
    }

    /// The two sets of COPYUID (RFC 4315 §3), compacted together: the n-th source UID was copied to
    /// the n-th destination UID, and clients pair them by expanding both sets number by number. So
    /// two neighbouring pairs share a range only when both sides step by the same amount (the numbers
    /// in between then pair non-existent UIDs with non-existent UIDs) and no source blocker lies
    /// between them. The destination UIDs of one copy are one batch of one writer, with no other
    /// message between them unless a late concurrent append moved UIDVALIDITY anyway (rule 5 of
    /// docs/internals/uid-conflicts.md).
    public static func compactingPairs(
        source: [UInt32], destination: [UInt32], sourceBlockers: [UInt32]
    ) -> (source: UIDSet, destination: UIDSet)? {
        guard !source.isEmpty, source.count == destination.count else { return nil }
        var sourceRanges: [ClosedRange<UID>] = []
        var destinationRanges: [ClosedRange<UID>] = []
        var previous: (source: UInt32, destination: UInt32)?
        for (from, to) in zip(source, destination) {
            if let previous, from > previous.source, to > previous.destination,
                from - previous.source == to - previous.destination,
                !Self.anyBlocker(in: sourceBlockers, above: previous.source, below: from)
            {
                sourceRanges[sourceRanges.count - 1] = sourceRanges[sourceRanges.count - 1].lowerBound...UID(from)
                destinationRanges[destinationRanges.count - 1] =
                    destinationRanges[destinationRanges.count - 1].lowerBound...UID(to)
            } else {
                sourceRanges.append(UID(from)...UID(from))
                destinationRanges.append(UID(to)...UID(to))
            }
            previous = (from, to)
        }
        return (UIDSet(sourceRanges), UIDSet(destinationRanges))
    }

    /// Some blocker strictly between `low` and `high` (binary search in the ascending `blockers`).
    static func anyBlocker(in blockers: [UInt32], above low: UInt32, below high: UInt32) -> Bool {
        var lower = 0
        var upper = blockers.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if blockers[middle] <= low { lower = middle + 1 } else { upper = middle }
        }
        return lower < blockers.count && blockers[lower] < high
    }
}

extension Array where Element == UInt32 {
    /// Drops repeated neighbours (of a sorted array).
    fileprivate mutating func removeDuplicates() {
        var kept = 0
        for index in indices where kept == 0 || self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
