import NIOCore
import Testing

@testable import TernMail

/// N frontends (2-5) over one user's shared storage: the mailbox-list log and one log per
/// mailbox. Frontends append, change flags, expunge, MOVE between mailboxes (one batch append in
/// the target, then one expunge in the source) and create, rename and delete mailboxes. Each
/// frontend sees every other write after its own random delay and in random order, for the list
/// and for every mailbox log; a frontend may crash between any write and its acknowledgement.
///
/// Acknowledgement rule (as `Mailbox.finishAppend` does): after an append or a move's batch is
/// durable, the frontend re-reads the whole list (listings show every durable row); only if the
/// mailbox is still live does it acknowledge. So an acknowledged message may only disappear with
/// its mailbox through a delete written after that re-read (mailbox-list.md).
struct MultiMailboxSimulation {
    struct Config {
        var frontends: ClosedRange<Int> = 2...5
        var steps = 60
        var maxDelay = 6
        var crashProbability = 0.05
        /// Share of steps that are writes (the rest are syncs and client reconnects).
        var writeProbability = 0.5
        var clients = 3
        /// Shares of writes that change the list, and that are MOVEs; the rest are appends
        /// (half of them to INBOX, some importing), flag changes and expunges.
        var listShare = 0.15
        var moveShare = 0.25
        var importShare = 0.3
        /// Share of MOVEs that repeat a recent MOVE (same source messages, same target) from this
        /// frontend's view, as a second device running the same filter: concurrent when that
        /// view still shows the messages in the source.
        var repeatedMoveShare = 0.4
    }

    struct Frontend {
        let writer: Writer
        var list = MailboxList(deriveID: MailboxListTests.derive)
        var listClock = HybridLogicalClock.zero
        var listVisibleAt: [Int]
        var listDelivered: [Bool]
        var replicas: [MailboxID: SimulatedReplica] = [:]
        var writers: [MailboxID: MailboxWriter] = [:]
        let skewMillis: UInt64
    }

    struct ClientKey: Hashable {
        let client: Int
        let mailbox: MailboxID
    }

    /// Messages a frontend acknowledged (APPEND OK, or the copies of a MOVE it acknowledged), and
    /// how many list operations were durable when it re-read the list before acknowledging.
    struct Acknowledgement {
        let mailbox: MailboxID
        let messages: [MessageID]
        let listCount: Int
    }

    /// A MOVE whose source expunge was written (durable): from then on the source copies are gone,
    /// so the target copies must never be lost.
    struct Move {
        let source: MailboxID
        let sourceMessages: [MessageID]
        let target: MailboxID
        let targetMessages: [MessageID]
        /// The origin each copy carries (in `targetMessages` order).
        let origins: [MoveOrigin]
        let listCount: Int
        var acknowledged = false
    }

    /// A MOVE some frontend started (its batch written): what a second device's filter repeats.
    struct MoveIntent {
        let source: MailboxID
        let messages: [MessageID]
        let target: MailboxID
    }

    static let uidValidityBase: UInt32 = 100
    static let names = ["A", "B", "C", "A/x", "Drafts", "Trash"]
    let seed: UInt64
    let config: Config
    var rng: SeededGenerator
    var listLog: [MailboxListOperation] = []
    var logs: [MailboxID: [MailboxOperation]] = [:]
    var frontends: [Frontend] = []
    var clients: [ClientKey: SimulatedClient] = [:]
    var ledger = ExposureLedger()
    var acknowledgements: [Acknowledgement] = []
    var moves: [Move] = []
    var moveIntents: [MoveIntent] = []
    var checkpoints: [MailboxID: ByteBuffer] = [:]
    var now = 0
    var incarnations: UInt64 = 0
    var failures: [String] = []
    var statistics = Statistics()

    struct Statistics {
        var crashes = 0
        var movesAcknowledged = 0
        /// MOVEs refused because a delete of the target won (the messages stay in the source).
        var movesRefused = 0
        var appendsRefused = 0
        var listWrites = 0
        var deletes = 0
        var renames = 0
        var incrementalResyncs = 0
        /// MOVEs that repeated another one's source messages and target and wrote copies.
        var repeatedMoves = 0
        /// At quiescence: moved messages whose copies a concurrent MOVE doubled (one shown).
        var doubledMoves = 0
        /// At quiescence, over the live mailboxes: messages appended or moved in (reissues not
        /// counted), reissued messages, late incarnations.
        var appendedMessages: UInt64 = 0
        var reissuedMessages: UInt64 = 0
        var lateIncarnations: UInt64 = 0
        var liveMailboxes = 0
    }

    init(seed: UInt64, config: Config) {
        self.seed = seed
        self.config = config
        rng = SeededGenerator(seed: seed)
        let count = Int.random(in: config.frontends, using: &rng)
        for _ in 0..<count { frontends.append(newIncarnation()) }
    }

    mutating func newIncarnation() -> Frontend {
        incarnations += 1
        // A restart is a new writer with a slot its predecessor never used (see Writer).
        let writer = try! Writer(
            id: incarnations * 7_919,
            slot: UInt8(incarnations % UInt64(Writer.slotCount))
        )
        return Frontend(
            writer: writer,
            listVisibleAt: listLog.map { _ in delay() },
            listDelivered: listLog.map { _ in false },
            skewMillis: UInt64.random(in: 0...50, using: &rng)
        )
    }

    mutating func delay() -> Int { now + Int.random(in: 0...config.maxDelay, using: &rng) }

    mutating func fail(_ message: String) {
        if failures.count < 5 { failures.append("seed \(seed), step \(now): \(message)") }
    }

    func physicalMillis(_ index: Int) -> UInt64 { UInt64(now) * 10 + frontends[index].skewMillis }

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
                reconnect(client: Int.random(in: 0..<config.clients, using: &rng), to: index)
            }
            if now == config.steps / 2 { takeCheckpoints() }
        }
        if failures.isEmpty { quiesce() }
    }

    mutating func takeCheckpoints() {
        do {
            for (mailbox, replica) in frontends[0].replicas {
                checkpoints[mailbox] = try MailboxCheckpoint(replica.state).encoded()
            }
        } catch {
            fail("checkpoint encoding threw \(error)")
        }
    }

    // MARK: - Visibility

    /// Merges the list operations visible to the frontend (all of them with `everything`: the
    /// re-read before an acknowledgement sees every durable row).
    mutating func syncList(_ index: Int, everything: Bool = false) {
        var incoming: [MailboxListOperation] = []
        for i in listLog.indices where !frontends[index].listDelivered[i] {
            guard everything || frontends[index].listVisibleAt[i] <= now else { continue }
            frontends[index].listDelivered[i] = true
            incoming.append(listLog[i])
        }
        guard !incoming.isEmpty else { return }
        incoming.shuffle(using: &rng)
        do {
            try frontends[index].list.merge(incoming)
        } catch {
            fail("list merge threw \(error)")
        }
        for op in incoming {
            frontends[index].listClock = frontends[index].listClock.receive(
                op.id.clock,
                physicalMillis: physicalMillis(index)
            )
        }
    }

    /// The frontend's replica of `mailbox`, created when it first opens the mailbox (log
    /// entries written before then become visible after a random delay from now).
    mutating func openReplica(_ index: Int, _ mailbox: MailboxID) {
        guard frontends[index].replicas[mailbox] == nil else { return }
        let visibleAt = logs[mailbox, default: []].map { _ in delay() }
        frontends[index].replicas[mailbox] = SimulatedReplica(
            uidValidityBase: Self.uidValidityBase,
            visibleAt: visibleAt
        )
    }

    mutating func deliver(_ indices: [Int], of mailbox: MailboxID, to index: Int) {
        openReplica(index, mailbox)
        // Taken out while it changes, so the state's storage is not copied (copy-on-write).
        guard var replica = frontends[index].replicas.removeValue(forKey: mailbox) else { return }
        do {
            if try replica.deliver(indices, of: logs[mailbox, default: []], using: &rng) {
                for failure in ledger.expose(&replica, mailbox: mailbox) { fail(failure) }
            }
        } catch {
            fail("delivery threw \(error)")
        }
        frontends[index].replicas[mailbox] = replica
    }

    /// A session's sync of one mailbox: apply what is visible, then write the reissue the view
    /// needs, as the product does.
    mutating func syncMailbox(_ index: Int, _ mailbox: MailboxID) {
        openReplica(index, mailbox)
        deliver(frontends[index].replicas[mailbox]?.visible(at: now) ?? [], of: mailbox, to: index)
        reissue(in: mailbox, at: index)
    }

    /// Writes the one reissue operation the frontend's view of `mailbox` needs (durable, applied).
    mutating func reissue(in mailbox: MailboxID, at index: Int) {
        var writer = frontends[index].writers[mailbox] ?? MailboxWriter(writer: frontends[index].writer)
        guard let op = makeReissue(in: mailbox, at: index, writer: &writer) else { return }
        let logIndex = persist(op, in: mailbox)
        frontends[index].writers[mailbox] = writer
        deliver([logIndex], of: mailbox, to: index)
    }

    /// Built in its own function so the view's state is released before the frontend applies it.
    mutating func makeReissue(in mailbox: MailboxID, at index: Int, writer: inout MailboxWriter) -> MailboxOperation? {
        do {
            return try frontends[index].replicas[mailbox]?.reissue(
                writer: &writer, physicalMillis: physicalMillis(index), using: &rng)
        } catch {
            fail("reissue threw \(error)")
            return nil
        }
    }

    mutating func sync(_ index: Int) {
        syncList(index)
        for mailbox in frontends[index].replicas.keys.sorted() { syncMailbox(index, mailbox) }
    }

    /// Persists `op` in `mailbox`'s log (durable); returns its index.
    mutating func persist(_ op: MailboxOperation, in mailbox: MailboxID) -> Int {
        logs[mailbox, default: []].append(op)
        for i in frontends.indices where frontends[i].replicas[mailbox] != nil {
            let step = delay()
            frontends[i].replicas[mailbox]?.noteWritten(visibleAt: step)
        }
        return logs[mailbox, default: []].count - 1
    }

    mutating func persist(_ op: MailboxListOperation) {
        listLog.append(op)
        for i in frontends.indices {
            let step = delay()
            frontends[i].listVisibleAt.append(step)
            frontends[i].listDelivered.append(false)
        }
    }

    /// A crash between a write and its acknowledgement (the write is durable).
    mutating func crashes(_ index: Int) -> Bool {
        guard rng.chance(config.crashProbability) && incarnations < UInt64(Writer.slotCount) - 1 else {
            return false
        }
        frontends[index] = newIncarnation()
        statistics.crashes += 1
        return true
    }

    func isLive(_ mailbox: MailboxID, on index: Int) -> Bool {
        frontends[index].list.entries().contains { $0.mailbox == mailbox }
    }

    // MARK: - Clients

    /// A CONDSTORE/QRESYNC client reconnects to a mailbox the frontend lists. The frontend first
    /// catches up to the client's last position (monotonic reads), then answers SELECT (QRESYNC).
    mutating func reconnect(client: Int, to index: Int) {
        syncList(index)
        guard let mailbox = pickMailbox(index) else { return }
        reconnect(ClientKey(client: client, mailbox: mailbox), to: index)
    }

    mutating func reconnect(_ key: ClientKey, to index: Int) {
        let position = clients[key, default: SimulatedClient()].position
        let log = logs[key.mailbox, default: []]
        let needed = log.indices.filter {
            position.contains(writerID: log[$0].writer.id, seq: log[$0].sequence)
        }
        deliver(needed, of: key.mailbox, to: index)
        syncMailbox(index, key.mailbox)
        guard let state = frontends[index].replicas[key.mailbox]?.state else { return }
        let outcome = clients[key, default: SimulatedClient()].reconnect(to: state)
        if outcome.incremental { statistics.incrementalResyncs += 1 }
        if let failure = outcome.failure { fail("mailbox \(key.mailbox): \(failure)") }
    }

    /// INBOX half of the time, else any mailbox the frontend lists.
    mutating func pickMailbox(_ index: Int) -> MailboxID? {
        let entries = frontends[index].list.entries()
        if rng.chance(0.5), let inbox = entries.first(where: { $0.name == MailboxList.inbox }) {
            return inbox.mailbox
        }
        return entries.randomElement(using: &rng)?.mailbox
    }
}
