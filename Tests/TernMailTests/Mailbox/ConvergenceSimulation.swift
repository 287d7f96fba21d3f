import NIOCore
import Testing

@testable import TernMail

/// N frontends over one shared in-memory log. Each frontend sees the others' writes after a
/// random per-frontend delay and in random order; writers sync before they write and may crash
/// between the write and the acknowledgement. Every exposed state is checked as it appears.
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
        var state: MailboxState
        var delivery = CausalDelivery()
        var writer: MailboxWriter
        /// Step at which each log entry becomes visible to this frontend's listing.
        var visibleAt: [Int]
        var delivered: [Bool]
        var lastView: MailboxView?
        let skewMillis: UInt64
    }

    struct Client {
        var uidValidity: UInt32?
        var highestModSeq: UInt64 = 0
        var uidNext: UInt32 = 0
        var cache: [UInt32: [String]] = [:]
        var position = VersionVector()
        var fullResyncs = 0
    }

    struct PairKey: Hashable {
        let uidValidity: UInt32
        let uid: UInt32
    }

    let seed: UInt64
    let config: Config
    var rng: SeededGenerator
    var log: [MailboxOperation] = []
    var frontends: [Frontend] = []
    var clients: [Client]
    var pairs: [PairKey: MessageID] = [:]
    var acknowledged: [MessageID] = []
    var now = 0
    var incarnations: UInt64 = 0
    var failures: [String] = []
    var crashes = 0
    var incrementalResyncs = 0
    /// Imports of one message by concurrent frontends (views show one of them).
    var duplicateImports = 0
    var checkpoint: ByteBuffer?
    static let flagPool = ["\\Seen", "\\Flagged", "\\Answered", "$Junk", "work"]

    init(seed: UInt64, config: Config) {
        self.seed = seed
        self.config = config
        rng = SeededGenerator(seed: seed)
        clients = Array(repeating: Client(), count: config.clients)
        let count = Int.random(in: config.frontends, using: &rng)
        for _ in 0..<count { frontends.append(newIncarnation()) }
    }

    mutating func newIncarnation() -> Frontend {
        incarnations += 1
        // A restart is a new writer with a slot its predecessor never used (see Writer).
        let writer = try! Writer(id: incarnations * 7_919, slot: UInt8(incarnations % UInt64(Writer.slotCount)))
        return Frontend(
            state: MailboxState(uidValidityBase: 100), writer: MailboxWriter(writer: writer),
            visibleAt: log.indices.map { _ in now + Int.random(in: 0...config.maxDelay, using: &rng) },
            delivered: Array(repeating: false, count: log.count),
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
        var ops: [MailboxOperation] = []
        for i in indices where !frontends[index].delivered[i] {
            frontends[index].delivered[i] = true
            ops.append(log[i])
        }
        guard !ops.isEmpty else { return }
        ops.shuffle(using: &rng)
        var delivery = frontends[index].delivery
        var state = frontends[index].state
        do {
            try delivery.deliver(ops, into: &state)
        } catch {
            fail("delivery threw \(error)")
        }
        frontends[index].delivery = delivery
        frontends[index].state = state
        expose(index)
    }

    mutating func sync(_ index: Int) {
        let visible = log.indices.filter { frontends[index].visibleAt[$0] <= now }
        deliver(visible, to: index)
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
            frontends[i].visibleAt.append(now + Int.random(in: 0...config.maxDelay, using: &rng))
            frontends[i].delivered.append(false)
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

    // MARK: - Checks on every exposed state

    /// Invariant 1 over everything any frontend ever exposed, and UID ascent per frontend.
    mutating func expose(_ index: Int) {
        let view = frontends[index].state.view
        for (uid, id) in view.messages.map({ ($0.uid, $0.messageID) }) + expungedIDs(index) {
            let key = PairKey(uidValidity: view.uidValidity, uid: uid)
            if let other = pairs[key], other != id { fail("(\(key.uidValidity), \(uid)) named two messages") }
            pairs[key] = id
        }
        if let last = frontends[index].lastView {
            if view.uidValidity < last.uidValidity { fail("UIDVALIDITY went down") }
            if view.uidValidity == last.uidValidity {
                let known = Set(last.messages.map(\.uid) + last.vanished.map(\.uid))
                for message in view.messages where !known.contains(message.uid) && message.uid < last.uidNext {
                    fail("new UID \(message.uid) below announced UIDNEXT \(last.uidNext)")
                }
            }
        }
        frontends[index].lastView = view
        checkModSeqsAreDistinct(frontends[index].state)
    }

    /// The lemma behind MODSEQ: rank(x) = |W| - |{z : x <= z}| + 1, counted here from the
    /// dependency vectors directly rather than incrementally.
    mutating func checkRanksMatchTheCausalOrder(_ state: MailboxState) {
        let all = state.writers.values.flatMap(\.operations)
        for log in state.writers.values {
            for (index, op) in log.operations.enumerated() {
                let after = all.filter {
                    $0.id == op.id || $0.dependencies.contains(writerID: op.writer.id, seq: op.sequence)
                }
                if log.ranks[index] != UInt64(all.count - after.count + 1) {
                    fail("rank of \(op.id) is not its causal count")
                }
            }
        }
    }

    /// No two operations share a MODSEQ, and none exceeds HIGHESTMODSEQ.
    mutating func checkModSeqsAreDistinct(_ state: MailboxState) {
        var seen = Set<UInt64>()
        for log in state.writers.values {
            for op in log.operations {
                let value = state.modSeq(of: .init(writerID: op.writer.id, sequence: op.sequence))
                if !seen.insert(value).inserted || value > state.highestModSeq {
                    fail("MODSEQ \(value) tied or too high")
                }
            }
        }
    }

    func expungedIDs(_ index: Int) -> [(UInt32, MessageID)] {
        frontends[index].state.messages.values.filter { !$0.expungeOperations.isEmpty }.map {
            ($0.append.uid, $0.append.messageID)
        }
    }

    /// A CONDSTORE/QRESYNC client reconnects. The frontend first catches up to the client's
    /// last position (monotonic reads; see uid-conflicts.md), then answers SELECT (QRESYNC).
    mutating func reconnect(client index: Int, to frontendIndex: Int) {
        let position = clients[index].position
        let needed = log.indices.filter { position.contains(writerID: log[$0].writer.id, seq: log[$0].sequence) }
        deliver(needed, to: frontendIndex)
        sync(frontendIndex)
        let state = frontends[frontendIndex].state
        let view = state.view
        var client = clients[index]
        if client.uidValidity != view.uidValidity {
            client.fullResyncs += client.uidValidity == nil ? 0 : 1
            client.cache = Dictionary(uniqueKeysWithValues: view.messages.map { ($0.uid, $0.flags) })
        } else {
            incrementalResyncs += 1
            for message in view.messages where message.modSeq > client.highestModSeq {
                if client.cache[message.uid] == nil && message.uid < client.uidNext {
                    fail("client got new UID \(message.uid) below its UIDNEXT \(client.uidNext)")
                }
                client.cache[message.uid] = message.flags
            }
            for gone in view.vanished where gone.modSeq > client.highestModSeq { client.cache[gone.uid] = nil }
            let truth = Dictionary(uniqueKeysWithValues: view.messages.map { ($0.uid, $0.flags) })
            if client.cache != truth {
                fail("CHANGEDSINCE \(client.highestModSeq)/VANISHED missed a change: cache \(client.cache) vs \(truth)")
            }
        }
        client.uidValidity = view.uidValidity
        client.highestModSeq = view.highestModSeq
        client.uidNext = view.uidNext
        client.position = state.position
        clients[index] = client
    }

    // MARK: - Quiescence

    mutating func quiesce() {
        for index in frontends.indices { deliver(Array(log.indices), to: index) }
        let reference = frontends[0].state.view.encoded()
        for frontend in frontends where frontend.state.view.encoded() != reference {
            fail("frontends diverged after quiescence")
        }
        var replay = MailboxState(uidValidityBase: 100)
        var delivery = CausalDelivery()
        do {
            try delivery.deliver(log.shuffled(using: &rng), into: &replay)
            if replay.view.encoded() != reference { fail("incremental state differs from a full replay") }
            if let checkpoint {
                var restored = try MailboxCheckpoint.decode(checkpoint)
                var later = CausalDelivery()
                try later.deliver(log.shuffled(using: &rng), into: &restored)
                if restored.view.encoded() != reference {
                    fail("checkpoint + later operations differ from full replay")
                }
            }
        } catch {
            fail("replay threw \(error)")
        }
        for id in acknowledged where replay.messages[id] == nil { fail("acknowledged append \(id) lost") }
        let imports = replay.view.messages.map(\.blobReference).filter(MailboxState.isImportReference)
        if Set(imports).count != imports.count { fail("an imported message is shown twice") }
        let allImports = replay.messages.values.map(\.append.blobReference).filter(MailboxState.isImportReference)
        duplicateImports += allImports.count - Set(allImports).count
        checkRanksMatchTheCausalOrder(replay)
        for index in clients.indices { reconnect(client: index, to: Int.random(in: 0..<frontends.count, using: &rng)) }
    }
}
