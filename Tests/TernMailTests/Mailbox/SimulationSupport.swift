import Foundation
import NIOCore

@testable import TernMail

/// Pieces shared by the seeded simulations (`ConvergenceSimulation`, one mailbox;
/// `MultiMailboxSimulation`, a mailbox list and moves): one frontend's replica of one mailbox
/// log, the history of everything exposed (invariant 1), a reconnecting CONDSTORE/QRESYNC client,
/// and the replay checks after quiescence.

/// How many seeded schedules a simulation test runs, and from which seed: a CI-sized count with a
/// seed that rotates every run (printed; each failure names its own schedule's seed), or
/// `TERN_SIMULATION_SCHEDULES=N` (the long job: 100,000 and more) and `TERN_SIMULATION_SEED=S`
/// (replay: `TERN_SIMULATION_SEED=<failing seed> TERN_SIMULATION_SCHEDULES=1`).
enum SimulationSchedules {
    static func count(default value: Int) -> Int {
        ProcessInfo.processInfo.environment["TERN_SIMULATION_SCHEDULES"].flatMap(Int.init) ?? value
    }

    static func baseSeed(_ test: String) -> UInt64 {
        if let fixed = ProcessInfo.processInfo.environment["TERN_SIMULATION_SEED"].flatMap(UInt64.init) {
            return fixed
        }
        let seed = UInt64(Date().timeIntervalSince1970 * 1_000) & 0xFFFF_FFFF_FFFF
        print("\(test): base seed \(seed) (replay with TERN_SIMULATION_SEED)")
        return seed
    }
}

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

    /// What the product does after a session's sync (`MailboxLogStore.sync(reissuing:)`): the one
    /// reissue operation this view needs, built by the same `MailboxWriter.reissue`; nil when
    /// every message shows.
    func reissue(
        writer: inout MailboxWriter, physicalMillis: UInt64, using rng: inout SeededGenerator
    ) throws(MailboxLogError) -> MailboxOperation? {
        try writer.reissue(in: state, physicalMillis: physicalMillis, using: &rng)
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

    /// Invariant 1 over the whole history, UIDVALIDITY constant, UIDs above the announced
    /// UIDNEXT, a hidden UID never shown again, distinct MODSEQs. Returns the failures.
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
        if view.uidValidity != replica.state.uidValidityBase { failures.append("UIDVALIDITY changed") }
        if let last = replica.lastView {
            // Every UID the last view did not show is in its VANISHED list (hidden or expunged).
            let hidden = Set(last.vanished.map(\.uid))
            for message in view.messages where hidden.contains(message.uid) {
                failures.append("hidden UID \(message.uid) shown again")
            }
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

    /// Every acknowledged message (append, copy or reissue-followed incarnation) is shown exactly
    /// once after quiescence, through one incarnation of its group, unless an EXPUNGE removed it.
    static func shownExactlyOnce(_ ids: [MessageID], in state: MailboxState) -> [String] {
        let view = state.view
        var failures: [String] = []
        for id in ids {
            guard let entry = state.messages[id] else {
                failures.append("acknowledged message \(id) lost")
                continue
            }
            let members = Set(state.groupMembers[MailboxState.groupKey(of: entry.append)] ?? [id])
            let expunged = members.contains { state.messages[$0]?.expungeOperations.isEmpty == false }
            let shown = view.messages.filter { members.contains($0.messageID) }.count
            if shown != (expunged ? 0 : 1) {
                failures.append("acknowledged message \(id) shown \(shown) times (expunged: \(expunged))")
            }
        }
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
            if uidValidity != nil {
                fullResyncs += 1
                failure = "UIDVALIDITY changed from \(uidValidity ?? 0) to \(view.uidValidity)"
            }
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
