import NIOCore
import Testing

@testable import TernMail

/// N frontends over one shared in-memory log. Each frontend sees the others' writes after a
/// random per-frontend delay and in random order; writers sync before they write and may crash
/// between the write and the acknowledgement. Every exposed state is checked as it appears.
/// (`MultiMailboxSimulation` adds the mailbox list and moves; both share SimulationSupport.swift.)
struct ConvergenceSimulation {
    struct Config {
        var frontends: ClosedRange<Int> = 2...5
        var steps = 60
        var maxDelay = 6
        var crashProbability = 0.05
        /// Share of steps that are writes (the rest are syncs and client reconnects).
        var writeProbability = 0.45
        var clients = 3
        /// Share of appends that import a message from a small pool of incoming ids.
        var importShare = 0.3
    }

    struct Frontend {
        var replica: SimulatedReplica
        var writer: MailboxWriter
        let skewMillis: UInt64

        var state: MailboxState { replica.state }
    }

    static let mailbox = MailboxID(high: 0, low: 0)
    let seed: UInt64
    let config: Config
    var rng: SeededGenerator
    var log: [MailboxOperation] = []
    var frontends: [Frontend] = []
    var clients: [SimulatedClient]
    var ledger = ExposureLedger()
    var acknowledged: [MessageID] = []
    var now = 0
    var incarnations: UInt64 = 0
    var failures: [String] = []
    var crashes = 0
    var incrementalResyncs = 0
    /// Imports of one message by concurrent frontends (views show one of them).
    var duplicateImports = 0
    /// Messages frontends announced again under a new UID (reissues), and late incarnations.
    var reissues = 0
    var lateIncarnations = 0
    var checkpoint: ByteBuffer?
    static let flagPool = ["\\Seen", "\\Flagged", "\\Answered", "$Junk", "work"]

    init(seed: UInt64, config: Config) {
        self.seed = seed
        self.config = config
        rng = SeededGenerator(seed: seed)
        clients = Array(repeating: SimulatedClient(), count: config.clients)
        let count = Int.random(in: config.frontends, using: &rng)
        for _ in 0..<count { frontends.append(newIncarnation()) }
    }

    mutating func newIncarnation() -> Frontend {
        incarnations += 1
        // A restart is a new writer with a slot its predecessor never used (see Writer).
        let writer = try! Writer(id: incarnations * 7_919, slot: UInt8(incarnations % UInt64(Writer.slotCount)))
        let visibleAt = log.indices.map { _ in now + Int.random(in: 0...config.maxDelay, using: &rng) }
        return Frontend(
            replica: SimulatedReplica(uidValidityBase: 100, visibleAt: visibleAt),
            writer: MailboxWriter(writer: writer),
            skewMillis: UInt64.random(in: 0...50, using: &rng)
        )
    }

    mutating func fail(_ message: String) {
        if failures.count < 5 { failures.append("seed \(seed), step \(now): \(message)") }
    }

    // MARK: - Running

    mutating func run() {
        while now < config.steps && failures.isEmpty {
            now += 1
            let index = Int.random(in: 0..<frontends.count, using: &rng)
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll < config.writeProbability {
                write(at: index)
            } else if roll < config.writeProbability + (1 - config.writeProbability) * 0.55 {
                sync(index)
            } else {
                reconnect(client: Int.random(in: 0..<clients.count, using: &rng), to: index)
            }
            if now == config.steps / 2 {
                do {
                    checkpoint = try MailboxCheckpoint(frontends[0].state).encoded()
                } catch {
                    fail("checkpoint encoding threw \(error)")
                }
            }
        }
        if failures.isEmpty { quiesce() }
    }

    mutating func deliver(_ indices: [Int], to index: Int) {
        do {
            guard try frontends[index].replica.deliver(indices, of: log, using: &rng) else { return }
        } catch {
            fail("delivery threw \(error)")
        }
        for failure in ledger.expose(&frontends[index].replica, mailbox: Self.mailbox) { fail(failure) }
    }

    /// A session's sync: apply what is visible, then write the reissue the view needs, as the
    /// product does.
    mutating func sync(_ index: Int) {
        deliver(frontends[index].replica.visible(at: now), to: index)
        reissue(at: index)
    }

    /// Writes the one reissue operation the frontend's view needs (durable, then applied).
    mutating func reissue(at index: Int) {
        var writer = frontends[index].writer
        let physical = UInt64(now) * 10 + frontends[index].skewMillis
        let op: MailboxOperation
        do {
            guard let built = try frontends[index].replica.reissue(writer: &writer, physicalMillis: physical, using: &rng)
            else { return }
            op = built
        } catch {
            fail("reissue threw \(error)")
            return
        }
        log.append(op)
        for i in frontends.indices {
            frontends[i].replica.noteWritten(visibleAt: now + Int.random(in: 0...config.maxDelay, using: &rng))
        }
        frontends[index].writer = writer
        deliver([log.count - 1], to: index)
        reissues += op.payload.appends.count
    }

    mutating func write(at index: Int) {
        sync(index)
        var frontend = frontends[index]
        let physical = UInt64(now) * 10 + frontend.skewMillis
        let live = frontend.state.view.messages
        let roll = Double.random(in: 0..<1, using: &rng)
        let op: MailboxOperation
        do {
            if roll < 0.5 || live.isEmpty {
                // Some appends import an incoming message, as `Account.importIncoming` does: with
                // the message's deterministic reference, unless the view already shows it. Two
                // frontends may still import one message concurrently; views show it once.
                // (An expunged import is never imported again.)
                let reference = Array("mbox/m/msg/\(MailboxState.importMarker)\(Int.random(in: 0..<6, using: &rng))".utf8)
                let isImport = rng.chance(config.importShare) && !frontend.state.importReferences().contains(reference)
                op = try frontend.writer.append(
                    messageID: MessageID.random(using: &rng), blobReference: isImport ? reference : [1],
                    metadataReference: [2],
                    flags: randomFlags(), internalDateMillis: Int64(now), size: 100, in: frontend.state,
                    physicalMillis: physical
                )
            } else if roll < 0.8 {
                let targets = (0..<Int.random(in: 1...3, using: &rng)).compactMap { _ in
                    live.randomElement(using: &rng)?.messageID
                }
                let mode = [FlagMode.add, .remove, .replace].randomElement(using: &rng) ?? .add
                op = frontend.writer.store(
                    mode, flags: randomFlags(), messages: targets, in: frontend.state, physicalMillis: physical)
            } else {
                let targets = (0..<Int.random(in: 1...2, using: &rng)).compactMap { _ in
                    live.randomElement(using: &rng)?.messageID
                }
                op = frontend.writer.expunge(targets, in: frontend.state, physicalMillis: physical)
            }
        } catch {
            fail("writer threw \(error)")
            return
        }
        // Persist first: the operation is durable and will reach every frontend eventually.
        log.append(op)
        for i in frontends.indices {
            frontends[i].replica.noteWritten(visibleAt: now + Int.random(in: 0...config.maxDelay, using: &rng))
        }
        if rng.chance(config.crashProbability) && incarnations < UInt64(Writer.slotCount) - 1 {
            frontends[index] = newIncarnation()
            crashes += 1
            return
        }
        frontends[index].writer = frontend.writer
        deliver([log.count - 1], to: index)
        if case .append(let append) = op.payload {
            acknowledged.append(append.messageID)
            if !frontends[index].state.view.messages.contains(where: {
                $0.messageID == append.messageID && $0.uid == append.uid
            }) {
                fail("own append not visible under its announced UID")
            }
        }
    }

    func randomFlags() -> [String] {
        var generator = SeededGenerator(seed: UInt64(now) &* 31 &+ seed)
        return Self.flagPool.filter { _ in generator.chance(0.3) }
    }

    /// A CONDSTORE/QRESYNC client reconnects. The frontend first catches up to the client's
    /// last position (monotonic reads; see uid-conflicts.md), then answers SELECT (QRESYNC).
    mutating func reconnect(client index: Int, to frontendIndex: Int) {
        let position = clients[index].position
        let needed = log.indices.filter { position.contains(writerID: log[$0].writer.id, seq: log[$0].sequence) }
        deliver(needed, to: frontendIndex)
        sync(frontendIndex)
        let outcome = clients[index].reconnect(to: frontends[frontendIndex].state)
        if outcome.incremental { incrementalResyncs += 1 }
        if let failure = outcome.failure { fail(failure) }
    }

    // MARK: - Quiescence

    /// Every write reaches every frontend; then each frontend in turn syncs (and reissues what its
    /// view hides), each reissue reaching all before the next, until none is needed.
    mutating func quiesce() {
        for index in frontends.indices { deliver(Array(log.indices), to: index) }
        var rounds = 0
        repeat {
            let before = log.count
            for index in frontends.indices {
                reissue(at: index)
                for other in frontends.indices { deliver(Array(log.indices), to: other) }
            }
            rounds += 1
            if log.count == before { break }
        } while rounds < 4
        if rounds == 4 { fail("reissues did not settle after quiescence") }
        let reference = frontends[0].state.view.encoded()
        for frontend in frontends where frontend.state.view.encoded() != reference {
            fail("frontends diverged after quiescence")
        }
        let (replay, replayFailures) = ReplayCheck.check(
            log, uidValidityBase: 100, reference: reference, checkpoint: checkpoint, using: &rng)
        for failure in replayFailures { fail(failure) }
        for failure in ExposureLedger.shownExactlyOnce(acknowledged, in: replay) { fail(failure) }
        lateIncarnations += Int(replay.lateIncarnations)
        let allImports = replay.messages.values.map(\.append.blobReference).filter(MailboxState.isImportReference)
        duplicateImports += allImports.count - Set(allImports).count
        for index in clients.indices { reconnect(client: index, to: Int.random(in: 0..<frontends.count, using: &rng)) }
    }
}
