/// One writer of a mailbox log: a process incarnation (a restart is a new writer).
///
/// `slot` partitions the UID space: the writer only announces UIDs with `uid % slotCount ==
/// slot`, so two writers that append concurrently from the same view can never announce the
/// same UID (see docs/internals/uid-conflicts.md). Writers whose operations may be concurrent
/// (live at the same time, or a restart whose predecessor's writes it may not have seen) must
/// hold distinct slots.
public struct Writer: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let slotCount: UInt32 = 64

    public let id: UInt64
    public let slot: UInt8

    public init(id: UInt64, slot: UInt8) throws(MailboxLogError) {
        guard UInt32(slot) < Self.slotCount else {
            throw MailboxLogError(.invalidWriter, "writer slot \(slot) is not below \(Self.slotCount)")
        }
        self.id = id
        self.slot = slot
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.id < rhs.id }

    public var description: String { "w\(id)/\(slot)" }
}

/// Identifies an operation: unique because one writer's clock strictly increases. Sorting by
/// it gives the canonical replay order, which extends causality (the HLC merges every
/// dependency before the writer ticks).
public struct OperationID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let clock: HybridLogicalClock
    public let writerID: UInt64

    public init(clock: HybridLogicalClock, writerID: UInt64) {
        self.clock = clock
        self.writerID = writerID
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.clock.packed, lhs.writerID) < (rhs.clock.packed, rhs.writerID)
    }

    public var description: String { "\(clock)-\(writerID)" }
}
