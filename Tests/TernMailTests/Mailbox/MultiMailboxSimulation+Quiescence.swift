@testable import TernMail

/// After every write has reached every frontend: identical lists, identical states of every live
/// mailbox (and equal to a full replay and to checkpoint + later operations), acknowledged
/// messages present, moved messages neither lost nor duplicated, clients' caches exact.
extension MultiMailboxSimulation {
    mutating func quiesce() {
        for index in frontends.indices { syncList(index, everything: true) }
        let entries = frontends[0].list.entries()
        for frontend in frontends where frontend.list.entries() != entries {
            fail("mailbox lists diverged")
        }
        let deleted = Set(
            listLog.compactMap { op -> MailboxID? in
                if case .delete(let mailbox, _) = op.kind { return mailbox } else { return nil }
            }
        )
        if entries.contains(where: { deleted.contains($0.mailbox) }) {
            fail("a deleted mailbox is listed")
        }

        var replays: [MailboxID: MailboxState] = [:]
        for entry in entries {
            settleReissues(in: entry.mailbox)
            let log = logs[entry.mailbox, default: []]
            guard let reference = frontends[0].replicas[entry.mailbox]?.state.view.encoded() else {
                continue
            }
            for frontend in frontends
            where frontend.replicas[entry.mailbox]?.state.view.encoded() != reference {
                fail("mailbox \(entry.name) diverged after quiescence")
            }
            let (replay, replayFailures) = ReplayCheck.check(
                log,
                uidValidityBase: Self.uidValidityBase,
                reference: reference,
                checkpoint: checkpoints[entry.mailbox],
                using: &rng
            )
            for failure in replayFailures { fail("mailbox \(entry.name): \(failure)") }
            replays[entry.mailbox] = replay
            statistics.appendedMessages += replay.appendCount - UInt64(replay.reissuedMessages)
            statistics.reissuedMessages += UInt64(replay.reissuedMessages)
            statistics.lateIncarnations += UInt64(replay.lateIncarnations)
        }
        statistics.liveMailboxes += entries.count
        checkAcknowledgements(replays)
        checkMoves(replays)
        for key in clients.keys.sorted(by: { ($0.client, $0.mailbox) < ($1.client, $1.mailbox) })
        where replays[key.mailbox] != nil {
            reconnect(key, to: Int.random(in: 0..<frontends.count, using: &rng))
        }
    }

    /// Every write reaches every frontend; then each frontend in turn syncs the mailbox (and
    /// reissues what its view hides), each reissue reaching all before the next, until none is needed.
    mutating func settleReissues(in mailbox: MailboxID) {
        for round in 0..<4 {
            let before = logs[mailbox, default: []].count
            for index in frontends.indices {
                for other in frontends.indices {
                    deliver(Array(logs[mailbox, default: []].indices), of: mailbox, to: other)
                }
                reissue(in: mailbox, at: index)
            }
            let after = logs[mailbox, default: []].count
            for other in frontends.indices { deliver(Array(0..<after), of: mailbox, to: other) }
            if after == before { return }
            if round == 3 { fail("reissues did not settle after quiescence") }
        }
    }

    /// Whether a delete of `mailbox` was written after `listCount` list operations were durable.
    func deletedLater(_ mailbox: MailboxID, after listCount: Int) -> Bool {
        listLog[listCount...].contains { op in
            if case .delete(let deleted, _) = op.kind { return deleted == mailbox } else { return false }
        }
    }

    /// Every acknowledged message (APPEND, or the copies of an acknowledged MOVE) is in its
    /// mailbox (live or expunged by a later command), unless a delete of that mailbox was written
    /// after the acknowledging frontend's re-read of the list.
    mutating func checkAcknowledgements(_ replays: [MailboxID: MailboxState]) {
        for ack in acknowledgements {
            if let replay = replays[ack.mailbox] {
                for failure in ExposureLedger.shownExactlyOnce(ack.messages, in: replay) { fail(failure) }
            } else if !deletedLater(ack.mailbox, after: ack.listCount) {
                fail("mailbox of an acknowledged message vanished without a later delete")
            }
        }
    }

    /// A MOVE whose source expunge is durable has its copies in the target (unless the target was
    /// deleted after the mover's re-read), each moved message shown exactly once there unless a
    /// later EXPUNGE removed it (MOVE exactly once, concurrent MOVEs included); an acknowledged
    /// MOVE also left no live source copy.
    mutating func checkMoves(_ replays: [MailboxID: MailboxState]) {
        var doubled = Set<MoveOrigin>()
        for move in moves {
            if let target = replays[move.target] {
                for id in move.targetMessages where !target.containsMessage(id) {
                    fail("moved message \(id) lost")
                }
                let shown = target.view.messages.compactMap(\.moveOrigin)
                for origin in move.origins {
                    let count = shown.filter { $0 == origin }.count
                    if count > 1 || (count == 0 && !isExpunged(origin, in: target)) {
                        fail("moved message with origin \(origin.message) shown \(count) times")
                    }
                    let copies = (target.groupMembers[.moved(origin)] ?? []).filter {
                        target.messages[$0]?.append.reissueOf == nil
                    }
                    if copies.count > 1 { doubled.insert(origin) }
                }
            } else if !deletedLater(move.target, after: move.listCount) {
                fail("MOVE target vanished without a later delete")
            }
            guard move.acknowledged, let source = replays[move.source] else { continue }
            let stillLive = Set(source.view.messages.map(\.messageID))
            for id in move.sourceMessages where stillLive.contains(id) {
                fail("acknowledged MOVE left \(id) in the source")
            }
        }
        statistics.doubledMoves += doubled.count
    }

    /// Whether some copy with `origin` was expunged (by a later command: that expunges them all).
    func isExpunged(_ origin: MoveOrigin, in state: MailboxState) -> Bool {
        state.messages.values.contains { $0.append.moveOrigin == origin && !$0.expungeOperations.isEmpty }
    }
}
