/// One end of a sequence range: a number or `*` (the largest number in use).
public enum SequenceBound: Hashable, Sendable {
    case number(UInt32)
    /// `*`
    case last
}

/// `seq-number / seq-range`: a single number or `a:b` (in either order, as sent).
///
/// `isSingle` records whether it was written as one number; `5` and `5:5` denote the same messages and
/// compare equal, but each re-encodes as written.
public struct SequenceRange: Hashable, Sendable {
    public let lower: SequenceBound
    public let upper: SequenceBound
    /// Written as a single `seq-number` rather than `a:b`.
    public let isSingle: Bool

    public init(_ single: SequenceBound) {
        self.lower = single
        self.upper = single
        self.isSingle = true
    }

    public init(_ lower: SequenceBound, _ upper: SequenceBound) {
        self.lower = lower
        self.upper = upper
        self.isSingle = false
    }

    public init(_ number: UInt32) { self.init(.number(number)) }
    public init(_ lower: UInt32, _ upper: UInt32) { self.init(.number(lower), .number(upper)) }

    public static func == (lhs: SequenceRange, rhs: SequenceRange) -> Bool {
        lhs.lower == rhs.lower && lhs.upper == rhs.upper
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lower)
        hasher.combine(upper)
    }

    /// The closed range of numbers this denotes once `*` is known (`a:b` and `b:a` are the same set).
    public func resolved(largest: UInt32) -> ClosedRange<UInt32> {
        func value(_ bound: SequenceBound) -> UInt32 {
            switch bound {
            case .number(let number): return number
            case .last: return largest
            }
        }
        let a = value(lower)
        let b = value(upper)
        return min(a, b)...max(a, b)
    }
}

/// `sequence-set` of RFC 9051 §9, used for both message sequence numbers and UIDs in commands,
/// including the `$` reference to the last saved SEARCH result (RFC 5182 / RFC 9051 §6.4.4.1).
public enum SequenceSet: Hashable, Sendable {
    /// Comma-separated ranges, in the order sent (never empty).
    case ranges([SequenceRange])
    /// `$`: the result saved by `SEARCH RETURN (SAVE)`.
    case lastSearchResult

    public init(_ ranges: [SequenceRange]) { self = .ranges(ranges) }

    /// `1:*`
    public static let all = SequenceSet.ranges([SequenceRange(.number(1), .last)])

    /// Whether `number` is in the set, given the largest number in use (for `*`). `$` is never resolved here.
    public func contains(_ number: UInt32, largest: UInt32) -> Bool {
        guard case .ranges(let ranges) = self else { return false }
        return ranges.contains { $0.resolved(largest: largest).contains(number) }
    }
}
