import TernIMAP

/// Turns a sequence set (message sequence numbers or UIDs, with `*` and `$`) into positions in the
/// session's message list. Pure.
///
/// - Sequence numbers: `*` is the message count; a number above the count is an error (BAD), except
///   that a set using only `*`-ranges on an empty mailbox selects nothing.
/// - UIDs: `*` is the largest UID in use (RFC 9051 §6.4.8: `n:*` always includes the last message);
///   UIDs that do not exist are ignored.
/// - `$` (SEARCHRES) is the saved result, a list of UIDs; nil when nothing was saved (the empty set).
/// Result: ascending, distinct positions (0-based indices into `uids`).
public enum SequenceResolver {
    public struct Failure: Error, Hashable, Sendable {
        public let message: String
    }

    /// - Parameter uids: the UIDs of the session's messages in sequence order (ascending).
    public static func resolve(
        _ set: SequenceSet, isUID: Bool, uids: [UInt32], savedResult: [UInt32]? = nil
    ) throws(Failure) -> [Int] {
        switch set {
        case .lastSearchResult:
            return (savedResult ?? []).compactMap { index(ofUID: $0, in: uids) }.sortedUnique()
        case .ranges(let ranges):
            return isUID ? resolveUIDs(ranges, uids: uids) : try resolveNumbers(ranges, count: uids.count)
        }
    }

    private static func resolveNumbers(_ ranges: [SequenceRange], count: Int) throws(Failure) -> [Int] {
        var marks = RangeAccumulator()
        for range in ranges {
            if count == 0 {
                if range.lower == .last || range.upper == .last { continue }
                throw Failure(message: "invalid message sequence number: the mailbox is empty")
            }
            let closed = range.resolved(largest: UInt32(count))
            guard closed.lowerBound >= 1 else { throw Failure(message: "message sequence numbers start at 1") }
            guard closed.upperBound <= UInt32(count) else {
                throw Failure(message: "invalid message sequence number \(closed.upperBound) (\(count) messages)")
            }
            marks.add(Int(closed.lowerBound) - 1...Int(closed.upperBound) - 1)
        }
        return marks.positions()
    }

    private static func resolveUIDs(_ ranges: [SequenceRange], uids: [UInt32]) -> [Int] {
        guard let largest = uids.last else { return [] }
        var marks = RangeAccumulator()
        for range in ranges {
            let closed = range.resolved(largest: largest)
            let start = lowerBoundIndex(of: closed.lowerBound, in: uids)
            var end = lowerBoundIndex(of: closed.upperBound, in: uids)
            if end < uids.count && uids[end] == closed.upperBound { end += 1 }
            if start < end { marks.add(start...end - 1) }
        }
        return marks.positions()
    }

    static func index(ofUID uid: UInt32, in uids: [UInt32]) -> Int? {
        let index = lowerBoundIndex(of: uid, in: uids)
        return index < uids.count && uids[index] == uid ? index : nil
    }

    /// First index whose UID is ≥ `uid`.
    static func lowerBoundIndex(of uid: UInt32, in uids: [UInt32]) -> Int {
        var low = 0
        var high = uids.count
        while low < high {
            let middle = (low + high) / 2
            if uids[middle] < uid { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Collects closed index ranges and yields their union in ascending order.
struct RangeAccumulator {
    private var ranges: [ClosedRange<Int>] = []

    mutating func add(_ range: ClosedRange<Int>) { ranges.append(range) }

    func positions() -> [Int] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var result: [Int] = []
        var next = Int.min
        for range in sorted {
            let start = max(range.lowerBound, next)
            guard start <= range.upperBound else { continue }
            result.append(contentsOf: start...range.upperBound)
            next = range.upperBound + 1
        }
        return result
    }
}

extension Array where Element == Int {
    func sortedUnique() -> [Int] {
        var result: [Int] = []
        for value in sorted() where result.last != value { result.append(value) }
        return result
    }
}

extension UIDSet {
    /// The shortest range form of ascending or unordered UIDs (`1:3,7`), or nil when empty.
    public static func compressing(_ uids: some Sequence<UInt32>) -> UIDSet? {
        let sorted = uids.sorted()
        var ranges: [ClosedRange<UID>] = []
        for uid in sorted {
            if let last = ranges.last, last.upperBound.rawValue &+ 1 == uid {
                ranges[ranges.count - 1] = last.lowerBound...UID(uid)
            } else if let last = ranges.last, last.upperBound.rawValue == uid {
                continue
            } else {
                ranges.append(UID(uid)...UID(uid))
            }
        }
        return ranges.isEmpty ? nil : UIDSet(ranges)
    }

    /// Keeps the given order (COPYUID pairs source and destination UIDs position by position).
    public static func inOrder(_ uids: [UInt32]) -> UIDSet? {
        var ranges: [ClosedRange<UID>] = []
        for uid in uids {
            if let last = ranges.last, last.upperBound.rawValue &+ 1 == uid, uid != 0 {
                ranges[ranges.count - 1] = last.lowerBound...UID(uid)
            } else {
                ranges.append(UID(uid)...UID(uid))
            }
        }
        return ranges.isEmpty ? nil : UIDSet(ranges)
    }
}
