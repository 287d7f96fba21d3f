import Testing

@testable import TernMail

/// `MailboxState.view(extending:at:)` (what `Mailbox` computes after every APPEND, COPY and
/// import) must equal the full `view` on any history: seeded random histories of three frontends
/// with concurrent appends, batches, duplicate imports, flag changes and expunges delivered in
/// random order.
@Suite struct IncrementalViewTests {
    /// One frontend's replica and the view it last computed, chained as `Mailbox` chains them.
    struct Replica {
        var state = MailboxState(uidValidityBase: 7_000)
        var delivery = CausalDelivery()
        var writer: MailboxWriter
        var clockMillis: UInt64 = 1_000
        var delivered = Set<OperationID>()
        var last: (position: VersionVector, view: MailboxView)

        init(id: UInt64, slot: UInt8) throws {
            writer = MailboxWriter(writer: try Writer(id: id, slot: slot))
            last = (state.position, state.view)
        }

        /// Compares the extended view with a full recompute; returns whether the extension was
        /// used (not the fallback) and keeps the extended view as the next `previous`.
        mutating func checkView(_ context: String) -> Bool {
            let extended = state.view(extending: last.view, at: last.position)
            #expect(extended == state.view, "\(context): extended view differs from the full view")
            let used = state.messagesAppended(since: last.position) != nil
            last = (state.position, extended)
            return used
        }
    }

    static func message(_ n: UInt64, reference: [UInt8]? = nil, flags: [String] = []) -> NewMessage {
        NewMessage(
            messageID: MessageID(high: n, low: n &* 31), blobReference: reference ?? Array("mbox/m/msg/\(n)".utf8),
            metadataReference: Array("mbox/m/meta/\(n)".utf8), flags: flags, internalDateMillis: Int64(n),
            size: n % 5_000)
    }

    @Test func oneWriterAppendingAlwaysExtends() throws {
        var rng = SeededGenerator(seed: 41)
        var replica = try Replica(id: 1, slot: 3)
        var next: UInt64 = 1
        for step in 0..<200 {
            replica.clockMillis += 1
            let count = rng.chance(0.2) ? Int.random(in: 2...5, using: &rng) : 1
            var batch: [NewMessage] = []
            for _ in 0..<count {
                // A few unique import references: those must not force the full recompute.
                let reference = rng.chance(0.1) ? Array("mbox/m/msg/in-\(next)".utf8) : nil
                batch.append(Self.message(next, reference: reference, flags: rng.chance(0.3) ? ["\\Seen"] : []))
                next += 1
            }
            let op = try replica.writer.append(batch, in: replica.state, physicalMillis: replica.clockMillis)
            #expect(try replica.state.apply(op) == .applied)
            let extended = replica.checkView("step \(step)")
            #expect(extended, "step \(step): an own append fell back to the full view")
        }
        #expect(replica.last.view.messages.count == Int(next - 1))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomHistoriesMatchTheFullView(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var replicas = try (0..<3).map { try Replica(id: 100 + UInt64($0), slot: UInt8(1 + $0)) }
        var log: [MailboxOperation] = []
        var next: UInt64 = 1
        var extended = 0
        var recomputed = 0
        for step in 0..<200 {
            let index = Int.random(in: 0..<replicas.count, using: &rng)
            var replica = replicas[index]
            replica.clockMillis += UInt64.random(in: 1...3, using: &rng)
            let live = replica.state.view.messages
            let roll = Double.random(in: 0..<1, using: &rng)
            var op: MailboxOperation?
            if roll < 0.45 {
                var batch: [NewMessage] = []
                for _ in 0..<(rng.chance(0.25) ? Int.random(in: 2...4, using: &rng) : 1) {
                    // Import references from a small pool: frontends import the same entry at once.
                    let reference = rng.chance(0.2) ? Array("mbox/m/msg/in-\(Int.random(in: 0..<6, using: &rng))".utf8) : nil
                    batch.append(Self.message(next, reference: reference))
                    next += 1
                }
                op = try replica.writer.append(batch, in: replica.state, physicalMillis: replica.clockMillis)
            } else if roll < 0.6, let target = live.randomElement(using: &rng) {
                let mode: FlagMode = rng.chance(0.5) ? .add : .remove
                op = replica.writer.store(
                    mode, flags: ["\\Flagged"], messages: [target.messageID], in: replica.state,
                    physicalMillis: replica.clockMillis)
            } else if roll < 0.7, let target = live.randomElement(using: &rng) {
                op = replica.writer.expunge([target.messageID], in: replica.state, physicalMillis: replica.clockMillis)
            } else {
                // Receive a random part of what the others wrote, in random order.
                let unseen = log.filter { !replica.delivered.contains($0.id) && rng.chance(0.6) }
                for other in unseen { replica.delivered.insert(other.id) }
                try replica.delivery.deliver(unseen.shuffled(using: &rng), into: &replica.state)
            }
            if let op {
                #expect(try replica.state.apply(op) == .applied)
                replica.delivered.insert(op.id)
                log.append(op)
            }
            if replica.checkView("seed \(seed) step \(step)") { extended += 1 } else { recomputed += 1 }
            replicas[index] = replica
        }
        // Both paths ran: the property covers the extension, not only the fallback.
        #expect(extended > 0 && recomputed > 0, "extended \(extended), recomputed \(recomputed)")
    }

    @Test func aDuplicateImportOrAConcurrentAppendFallsBack() throws {
        var a = try Replica(id: 1, slot: 1)
        var b = try Replica(id: 2, slot: 2)
        let reference = Array("mbox/m/msg/in-42".utf8)
        let fromA = try a.writer.append([Self.message(1, reference: reference)], in: a.state, physicalMillis: 2_000)
        let fromB = try b.writer.append([Self.message(2, reference: reference)], in: b.state, physicalMillis: 2_000)
        try a.state.apply(fromA)
        let ownImportExtended = a.checkView("own import")
        #expect(ownImportExtended)
        try a.state.apply(fromB)
        // B's append does not depend on A's and shares its import reference: one of them is hidden.
        #expect(a.state.messagesAppended(since: a.last.position) == nil)
        let duplicateExtended = a.checkView("concurrent duplicate import")
        #expect(!duplicateExtended)
        #expect(a.last.view.messages.count == 1 && a.last.view.vanished.count == 1)
    }
}
