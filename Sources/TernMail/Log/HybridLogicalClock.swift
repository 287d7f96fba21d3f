/// A hybrid logical clock timestamp (Kulkarni et al.): the larger of physical time and every
/// timestamp seen so far, plus a logical counter that orders events within one millisecond.
///
/// Packed as `wallMillis << 16 | logical` so timestamps compare as one integer and sort the
/// same way in storage keys. Physical time is always passed in: this type never reads a clock.
public struct HybridLogicalClock: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch; 48 bits last until the year 10889.
    public let wallMillis: UInt64
    /// Orders events that share `wallMillis`.
    public let logical: UInt16

    public static let zero = HybridLogicalClock(wallMillis: 0, logical: 0)
    public static let maxWallMillis: UInt64 = (1 << 48) - 1

    public init(wallMillis: UInt64, logical: UInt16) {
        self.wallMillis = min(wallMillis, Self.maxWallMillis)
        self.logical = logical
    }

    public init(packed: UInt64) {
        self.init(wallMillis: packed >> 16, logical: UInt16(truncatingIfNeeded: packed))
    }

    public var packed: UInt64 { wallMillis << 16 | UInt64(logical) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.packed < rhs.packed }

    public var description: String { "\(wallMillis).\(logical)" }

    /// The timestamp for a local event (an operation this writer is about to write): strictly
    /// greater than `self` and never behind `physicalMillis`.
    public func tick(physicalMillis: UInt64) -> HybridLogicalClock {
        Self.successor(of: self, atLeast: physicalMillis)
    }

    /// Merges a timestamp received from another writer, so that anything this writer does next
    /// is ordered after it. The merge is unconditional (the canonical order must extend
    /// causality); use `exceedsDrift` to detect and report a sender whose clock runs ahead.
    public func receive(_ remote: HybridLogicalClock, physicalMillis: UInt64) -> HybridLogicalClock {
        let wall = max(wallMillis, remote.wallMillis, min(physicalMillis, Self.maxWallMillis))
        if wall == wallMillis && wall == remote.wallMillis {
            return Self.bumped(wall: wall, logical: max(logical, remote.logical))
        }
        if wall == wallMillis { return Self.bumped(wall: wall, logical: logical) }
        if wall == remote.wallMillis { return Self.bumped(wall: wall, logical: remote.logical) }
        return HybridLogicalClock(wallMillis: wall, logical: 0)
    }

    /// True when `remote` is more than `maxDriftMillis` ahead of local physical time: merging it
    /// would drag this writer's clock into the future, which the shell should log and alert on.
    public static func exceedsDrift(
        _ remote: HybridLogicalClock,
        physicalMillis: UInt64,
        maxDriftMillis: UInt64
    ) -> Bool {
        remote.wallMillis > physicalMillis &+ maxDriftMillis
    }

    private static func successor(of clock: HybridLogicalClock, atLeast physical: UInt64) -> HybridLogicalClock {
        let physical = min(physical, maxWallMillis)
        if physical > clock.wallMillis { return HybridLogicalClock(wallMillis: physical, logical: 0) }
        return bumped(wall: clock.wallMillis, logical: clock.logical)
    }

    /// One logical step after (wall, logical); a full counter carries into the next millisecond,
    /// which keeps the clock strictly increasing at the cost of 1 ms of extra drift.
    private static func bumped(wall: UInt64, logical: UInt16) -> HybridLogicalClock {
        if logical == UInt16.max { return HybridLogicalClock(wallMillis: wall + 1, logical: 0) }
        return HybridLogicalClock(wallMillis: wall, logical: logical + 1)
    }
}
