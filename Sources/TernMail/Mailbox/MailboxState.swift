/// The deterministic replay of a causally closed set of mailbox operations.
///
/// Everything here is a function of the *set* of applied operations, never of their arrival
/// order (invariant 5); `apply` maintains it incrementally. The rules (UIDs, a constant
/// UIDVALIDITY, hidden late messages and their reissues, MODSEQ) and their proofs are in
/// docs/internals/uid-conflicts.md.
public struct MailboxState: Sendable {
    /// MODSEQ values are `(rank - 1) * modSeqStride + 1 + slot`; HIGHESTMODSEQ is
    /// `operationCount * modSeqStride`. The stride keeps concurrent operations (distinct slots)
    /// from ever sharing a MODSEQ.
    public static let modSeqStride = UInt64(Writer.slotCount)
    /// Until compaction folds stable operations away, a state holds every applied operation.
    public static let maxOperations: UInt64 = 50_000_000
    /// Every writer appears in later dependency vectors, which are limited in size.
    public static let maxWriters = MailboxOperationLimits.maxDependencies

    struct OperationRef: Hashable, Sendable {
        let writerID: UInt64
        let sequence: UInt64
    }

    struct WriterLog: Sendable {
        let writer: Writer
        var operations: [MailboxOperation] = []
        /// Per operation: how many applied operations are not causally after it (itself
        /// included). Rises by one whenever a concurrent operation arrives.
        var ranks: [UInt64] = []
        /// Sequence numbers of this writer's appends, ascending (their UIDs ascend too).
        var appendSequences: [UInt64] = []
    }

    struct MessageEntry: Sendable {
        let append: AppendPayload
        let appendRef: OperationRef
        /// Flag operations in canonical (clock, writer) order.
        var flagOperations: [OperationRef] = []
        var expungeOperations: [OperationRef] = []
        var flags: [String]
        var modSeq: UInt64 = 0
        /// Set once some concurrent append carries a UID at or above this one (a view holding
        /// that one but not this one announced a UIDNEXT above this UID): the late-maker first
        /// in canonical order, whose MODSEQ the hidden UID's VANISHED entry carries.
        var lateMaker: LateMaker?

        var isLate: Bool { lateMaker != nil }
    }

    /// An operation that made a message late; any one works for VANISHED (a view that showed the
    /// message holds none of them), the first in canonical order keeps it a function of the set.
    struct LateMaker: Sendable {
        let id: OperationID
        let ref: OperationRef
    }

    public let uidValidityBase: UInt32
    var writers: [UInt64: WriterLog] = [:]
    var messages: [MessageID: MessageEntry] = [:]
    /// Incarnations of every move and import group, and of every plain group with a reissue
    /// (`MailboxState+Groups.swift`), ascending by arrival. A message not listed is alone in its
    /// group: it hides no other and is hidden by none unless late.
    var groupMembers: [MessageGroupKey: [MessageID]] = [:]
    /// The late incarnations: the only candidates for a reissue.
    var lateMessages: Set<MessageID> = []
    public internal(set) var operationCount: UInt64 = 0
    public internal(set) var appendCount: UInt64 = 0
    /// Incarnations that arrived late (each hidden; the counter to report where UIDVALIDITY
    /// changes were counted before reissues).
    public internal(set) var lateIncarnations: UInt32 = 0
    /// Appends that re-announce a late message (`AppendPayload.reissueOf`).
    public internal(set) var reissuedMessages: UInt32 = 0
    public internal(set) var maxUID: UInt32 = 0
    public internal(set) var maxClock: HybridLogicalClock = .zero
    public internal(set) var position = VersionVector()

    /// - Parameter uidValidityBase: the UIDVALIDITY the mailbox was created with.
    public init(uidValidityBase: UInt32) {
        self.uidValidityBase = uidValidityBase
    }

    /// Constant: concurrency hides and reissues late messages instead of moving it.
    public var uidValidity: UInt32 { uidValidityBase }

    public var uidNext: UInt32 { maxUID == UInt32.max ? UInt32.max : maxUID + 1 }

    public var highestModSeq: UInt64 { operationCount * Self.modSeqStride }

    /// A client HIGHESTMODSEQ above this view's proves the client was shown a larger view by
    /// another frontend: sync again before answering CHANGEDSINCE / QRESYNC (monotonic reads,
    /// see docs/internals/uid-conflicts.md). False does not prove the view covers the client's.
    public func lagsBehind(clientModSeq: UInt64) -> Bool { clientModSeq > highestModSeq }

    func operation(_ ref: OperationRef) -> MailboxOperation? {
        guard let log = writers[ref.writerID], ref.sequence >= 1, ref.sequence <= log.operations.count else {
            return nil
        }
        return log.operations[Int(ref.sequence - 1)]
    }

    func modSeq(of ref: OperationRef) -> UInt64 {
        guard let log = writers[ref.writerID], ref.sequence >= 1, ref.sequence <= log.ranks.count else {
            return 0
        }
        let rank = log.ranks[Int(ref.sequence - 1)]
        return (rank - 1) * Self.modSeqStride + 1 + UInt64(log.writer.slot)
    }

    /// The smallest UID above every UID this view knows that lies in `writer`'s slot: the UID
    /// that writer announces for its next append from this view.
    public func nextUID(for writer: Writer) throws(MailboxLogError) -> UInt32 {
        let stride = UInt64(Writer.slotCount)
        let slot = UInt64(writer.slot)
        var candidate = (UInt64(maxUID) / stride) * stride + slot
        if candidate <= UInt64(maxUID) { candidate += stride }
        guard candidate <= UInt64(UInt32.max) else {
            throw MailboxLogError(.uidSpaceExhausted, "no UID left in slot \(writer.slot)")
        }
        return UInt32(candidate)
    }

    /// Highest UID among the appends inside `view` (a causally closed sub-view of this state).
    func maxUID(within view: VersionVector) -> UInt32 {
        var result: UInt32 = 0
        for (writerID, count) in view.counts {
            guard let log = writers[writerID] else { continue }
            // Appends of one writer carry ascending UIDs: the last one inside the view is the largest.
            var low = 0
            var high = log.appendSequences.count
            while low < high {
                let mid = (low + high) / 2
                if log.appendSequences[mid] <= count { low = mid + 1 } else { high = mid }
            }
            guard low > 0, let highest = log.operations[Int(log.appendSequences[low - 1] - 1)].payload.highestUID
            else { continue }
            result = max(result, highest)
        }
        return result
    }
}

extension MailboxState {
    /// Whether `id` was appended in this view (expunged or not): operations may name it.
    public func containsMessage(_ id: MessageID) -> Bool { messages[id] != nil }
}
