/// `uid-set` of RFC 4315 / RFC 9051 (COPYUID, APPENDUID) and the known-uids of VANISHED (RFC 7162):
/// closed UID ranges with neither `*` nor `$`, kept in the order given.
public struct UIDSet: Hashable, Sendable {
    public var ranges: [ClosedRange<UID>]

    public init(_ ranges: [ClosedRange<UID>]) { self.ranges = ranges }

    public init(_ uid: UID) { self.ranges = [uid...uid] }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ uid: UID) -> Bool { ranges.contains { $0.contains(uid) } }

    /// Number of UIDs covered (ranges assumed disjoint).
    public var count: UInt64 {
        ranges.reduce(0) { $0 + UInt64($1.upperBound.rawValue - $1.lowerBound.rawValue) + 1 }
    }
}
