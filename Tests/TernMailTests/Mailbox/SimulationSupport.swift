import NIOCore

@testable import TernMail

/// Pieces shared by the seeded simulations (`ConvergenceSimulation`, one mailbox;
/// `MultiMailboxSimulation`, a mailbox list and moves): one frontend's replica of one mailbox
/// log, the history of everything exposed (invariant 1), a reconnecting CONDSTORE/QRESYNC client,
/// and the replay checks after quiescence.

/// One frontend's copy of one mailbox log: what it applied, and the step at which each log
/// entry becomes visible to its listing.
struct SimulatedReplica {
    var state: MailboxState
    var delivery = CausalDelivery()
    var visibleAt: [Int]
    var delivered: [Bool]
    var lastView: MailboxView?

    init(uidValidityBase: UInt32, visibleAt: [Int]) {
        state = MailboxState(uidValidityBase: uidValidityBase)
        self.visibleAt = visibleAt
        delivered = Array(repeating: false, count: visibleAt.count)
    }

    /// A new log entry, visible to this replica from `step` on.
    mutating func noteWritten(visibleAt step: Int) {
        visibleAt.append(step)
        delivered.append(false)
    }

    func visible(at now: Int) -> [Int] { visibleAt.indices.filter { visibleAt[$0] <= now } }

    /// Delivers the entries `indices` of `log` not delivered yet, in random order; false when
    /// nothing was new.
    mutating func deliver(
        _ indices: some Sequence<Int>,
        of log: [MailboxOperation],
        using rng: inout SeededGenerator
    ) throws(MailboxLogError) -> Bool {
        var ops: [MailboxOperation] = []
        for i in indices where !delivered[i] {
            delivered[i] = true
            ops.append(log[i])
        }
        guard !ops.isEmpty else { return false }
        ops.shuffle(using: &rng)
        try delivery.deliver(ops, into: &state)
        return true
    }
}

/// Every (mailbox, UIDVALIDITY, UID) any frontend ever exposed, and the per-replica checks
/// made on each exposed state.
struct ExposureLedger {
    struct PairKey: Hashable {
        let mailbox: MailboxID
        let uidValidity: UInt32
        let uid: UInt32
    }

    var pairs: [PairKey: MessageID] = [:]

    /// Invariant 1 over the whole history, UIDVALIDITY never down, UIDs above the announced
    /// UIDNEXT under an unchanged UIDVALIDITY, distinct MODSEQs. Returns the failures.
    mutating func expose(_ replica: inout SimulatedReplica, mailbox: MailboxID) -> [String] {
        var failures: [String] = []
        let view = replica.state.view
        let expunged = replica.state.messages.values.filter { !$0.expungeOperations.isEmpty }.map {
            ($0.append.uid, $0.append.messageID)
        }
        for (uid, id) in view.messages.map({ ($0.uid, $0.messageID) }) + expunged {
            let key = PairKey(mailbox: mailbox, uidValidity: view.uidValidity, uid: uid)
            if let other = pairs[key], other != id {
                failures.append("(\(key.uidValidity), \(uid)) named two messages")
            }
            pairs[key] = id
        }
        if let last = replica.lastView {
            if view.uidValidity < last.uidValidity { failures.append("UIDVALIDITY went down") }
            if view.uidValidity == last.uidValidity {
                let known = Set(last.messages.map(\.uid) + last.vanished.map(\.uid))
                for message in view.messages
                where !known.contains(message.uid) && message.uid < last.uidNext {
                    failures.append("new UID \(message.uid) below announced UIDNEXT \(last.uidNext)")
                }
            }
        }
        replica.lastView = view
        if let failure = Self.modSeqsAreDistinct(replica.state) { failures.append(failure) }
        if let failure = Self.movedMessagesShownOnce(view) { failures.append(failure) }
        return failures
    }

    /// MOVE exactly once, at most once in every view: no two shown messages share a move origin.
    static func movedMessagesShownOnce(_ view: MailboxView) -> String? {
        let origins = view.messages.compactMap(\.moveOrigin)
        return Set(origins).count == origins.count ? nil : "a moved message is shown twice"
    }

    /// No two operations share a MODSEQ, and none exceeds HIGHESTMODSEQ.
    static func modSeqsAreDistinct(_ state: MailboxState) -> String? {
        var seen = Set<UInt64>()
        for log in state.writers.values {
            for op in log.operations {
                let value = state.modSeq(of: .init(writerID: op.writer.id, sequence: op.sequence))
                if !seen.insert(value).inserted || value > state.highestModSeq {
                    return "MODSEQ \(value) tied or too high"
                }
            }
        }
        return nil
    }

    /// The lemma behind MODSEQ: rank(x) = |W| - |{z : x <= z}| + 1, counted here from the
    /// dependency vectors directly rather than incrementally.
    static func ranksMatchTheCausalOrder(_ state: MailboxState) -> String? {
        let all = state.writers.values.flatMap(\.operations)
        for log in state.writers.values {
            for (index, op) in log.operations.enumerated() {
                let after = all.filter {
                    $0.id == op.id || $0.dependencies.contains(writerID: op.writer.id, seq: op.sequence)
                }
                if log.ranks[index] != UInt64(all.count - after.count + 1) {
                    return "rank of \(op.id) is not its causal count"
                }
            }
        }
        return nil
    }
}

/// A CONDSTORE/QRESYNC client of one mailbox: its cache and what it was last told.
struct SimulatedClient {
    var uidValidity: UInt32?
    var highestModSeq: UInt64 = 0
    var uidNext: UInt32 = 0
    var cache: [UInt32: [String]] = [:]
    var position = VersionVector()
    var fullResyncs = 0

    /// SELECT (QRESYNC) on a frontend whose state already covers `position` (monotonic reads):
    /// with an unchanged UIDVALIDITY, CHANGEDSINCE and VANISHED must bring the cache to the
    /// view exactly. Returns whether it was incremental, and a failure if it missed a change.
    mutating func reconnect(to state: MailboxState) -> (incremental: Bool, failure: String?) {
        let view = state.view
        var incremental = false
        var failure: String?
        if uidValidity != view.uidValidity {
            fullResyncs += uidValidity == nil ? 0 : 1
            cache = Dictionary(uniqueKeysWithValues: view.messages.map { ($0.uid, $0.flags) })
        } else {
            incremental = true
            for message in view.messages where message.modSeq > highestModSeq {
                if cache[message.uid] == nil && message.uid < uidNext {
                    failure = "client got new UID \(message.uid) below its UIDNEXT \(uidNext)"
                }
                cache[message.uid] = message.flags
            }
            for gone in view.vanished where gone.modSeq > highestModSeq { cache[gone.uid] = nil }
            let truth = Dictionary(uniqueKeysWithValues: view.messages.map { ($0.uid, $0.flags) })
            if cache != truth {
                failure =
                    "CHANGEDSINCE \(highestModSeq)/VANISHED missed a change: cache \(cache) vs \(truth)"
            }
        }
        uidValidity = view.uidValidity
        highestModSeq = view.highestModSeq
        uidNext = view.uidNext
        position = state.position
        return (incremental, failure)
    }
}

enum ReplayCheck {
    /// After quiescence: a full replay of `log` in random order, and `checkpoint` plus the log,
    /// must both equal `reference` (the frontends' common view). Returns the replay and failures.
    static func check(
        _ log: [MailboxOperation],
        uidValidityBase: UInt32,
        reference: ByteBuffer,
        checkpoint: ByteBuffer?,
        using rng: inout SeededGenerator
    ) -> (replay: MailboxState, failures: [String]) {
        var failures: [String] = []
        var replay = MailboxState(uidValidityBase: uidValidityBase)
        var delivery = CausalDelivery()
        do {
            try delivery.deliver(log.shuffled(using: &rng), into: &replay)
            if replay.view.encoded() != reference {
                failures.append("incremental state differs from a full replay")
            }
            if let checkpoint {
                var restored = try MailboxCheckpoint.decode(checkpoint)
                var later = CausalDelivery()
                try later.deliver(log.shuffled(using: &rng), into: &restored)
                if restored.view.encoded() != reference {
                    failures.append("checkpoint + later operations differ from full replay")
                }
            }
        } catch {
            failures.append("replay threw \(error)")
        }
        if let failure = ExposureLedger.ranksMatchTheCausalOrder(replay) { failures.append(failure) }
        let imports = replay.view.messages.map(\.blobReference).filter(MailboxState.isImportReference)
        if Set(imports).count != imports.count { failures.append("an imported message is shown twice") }
        if let failure = ExposureLedger.movedMessagesShownOnce(replay.view) { failures.append(failure) }
        return (replay, failures)
    }
}
