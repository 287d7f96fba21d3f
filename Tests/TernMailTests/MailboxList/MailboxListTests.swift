import NIOCore
import Testing

@testable import TernMail

@Suite struct MailboxListTests {
    /// Stand-in for the keyed hash used in production (deterministic, collision-free enough here).
    static func derive(_ name: String, _ generation: UInt64) -> MailboxID {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return MailboxID(high: hash, low: generation)
    }

    static func list() -> MailboxList { MailboxList(deriveID: derive) }

    static func opID(_ millis: UInt64, _ writer: UInt64) -> OperationID {
        OperationID(clock: HybridLogicalClock(wallMillis: millis, logical: 0), writerID: writer)
    }

    @Test func sixDefaultMailboxesExistFromTheStart() {
        let entries = Self.list().entries()
        #expect(entries.map(\.name) == ["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"])
        #expect(entries.first { $0.name == "Sent" }?.specialUse == .sent)
        #expect(entries.first { $0.name == "INBOX" }?.specialUse == nil)
    }

    @Test func concurrentCreatesOfOneNameYieldOneMailbox() throws {
        var a = Self.list()
        var b = Self.list()
        let fromA = try a.create("Projects", id: Self.opID(10, 1), deriveID: Self.derive)
        let fromB = try b.create("Projects", id: Self.opID(11, 2), deriveID: Self.derive)
        try a.merge([fromA, fromB])
        try b.merge([fromB, fromA])
        #expect(a.entries() == b.entries())
        #expect(a.entries().filter { $0.name.hasPrefix("Projects") }.count == 1)
    }

    /// A delete of a mailbox beats every concurrent rename of it (B renames Old -> New, C then
    /// renames New -> Newer, both without seeing A's delete): in every delivery order, on every
    /// replica, no name points at the deleted mailbox.
    @Test func deleteBeatsConcurrentRenamesInEveryDeliveryOrder() throws {
        var base = Self.list()
        let create = try base.create("Old", id: Self.opID(10, 1), deriveID: Self.derive)
        try base.merge([create])
        let deleted = try #require(base.entry(named: "Old")).mailbox
        let a = base
        let b = base
        let delete = try a.delete("Old", id: Self.opID(20, 1))
        let rename = try b.rename("Old", to: "New", id: Self.opID(21, 2))
        var c = base
        try c.merge([rename])
        let renameAgain = try c.rename("New", to: "Newer", id: Self.opID(22, 3))
        let orders: [[MailboxListOperation]] = [
            [delete, rename, renameAgain], [delete, renameAgain, rename], [rename, delete, renameAgain],
            [rename, renameAgain, delete], [renameAgain, delete, rename], [renameAgain, rename, delete],
        ]
        var results: [[MailboxList.Entry]] = []
        for order in orders {
            var replica = base
            for op in order {
                try replica.merge([op])
                if replica.operations[delete.id] != nil {
                    #expect(!replica.entries().contains { $0.mailbox == deleted })
                }
            }
            results.append(replica.entries())
        }
        #expect(Set(results.map { $0.map(\.name) }).count == 1)
        #expect(results[0].map(\.name) == ["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"])
        // Re-creating the name after the delete derives a new mailbox, which lives.
        var replica = base
        try replica.merge(orders[0])
        let again = try replica.create("Old", id: Self.opID(30, 1), deriveID: Self.derive)
        try replica.merge([again])
        let recreated = try #require(replica.entry(named: "Old"))
        #expect(recreated.mailbox != deleted)
        #expect(throws: MailboxLogError.self) { try replica.delete("INBOX", id: Self.opID(31, 1)) }
    }

    /// A create concurrent with the first create of a name derives the same id (one mailbox), so
    /// it shares that mailbox's fate: a delete of the id removes it too.
    @Test func deleteAlsoBeatsAConcurrentCreateOfTheSameMailbox() throws {
        var a = Self.list()
        var b = Self.list()
        let createA = try a.create("Shared", id: Self.opID(10, 1), deriveID: Self.derive)
        let createB = try b.create("Shared", id: Self.opID(11, 2), deriveID: Self.derive)
        try a.merge([createA])
        let delete = try a.delete("Shared", id: Self.opID(12, 1))
        try a.merge([delete, createB])
        try b.merge([delete, createA])
        #expect(a.entries() == b.entries())
        #expect(a.entry(named: "Shared") == nil)
    }

    @Test func subscriptionsAndSpecialUseAreLastWriterWins() throws {
        var a = Self.list()
        let on = try a.subscribe("Sent", true, id: Self.opID(10, 1))
        let off = try a.subscribe("Sent", false, id: Self.opID(12, 2))
        let use = try a.setSpecialUse(.flagged, of: "Archive", id: Self.opID(13, 2))
        try a.merge([off, on, use])
        // The defaults start subscribed; the later unsubscribe of Sent wins over the earlier subscribe.
        #expect(a.subscriptions() == ["Archive", "Drafts", "INBOX", "Junk", "Trash"])
        #expect(a.entry(named: "Archive")?.specialUse == .flagged)
    }

    /// Replicas act on their own views and merge each other's operation sets at random times.
    @Test func randomSchedulesConvergeToOneConsistentList() throws {
        let names = ["A", "B", "C", "A/x", "Drafts", "Trash"]
        for n in 0..<500 {
            let seed = 0x115_7000 &+ UInt64(n)
            var rng = SeededGenerator(seed: seed)
            var replicas = Array(repeating: Self.list(), count: Int.random(in: 2...5, using: &rng))
            var millis: UInt64 = 0
            for _ in 0..<40 {
                millis += 1
                let index = Int.random(in: 0..<replicas.count, using: &rng)
                if rng.chance(0.4) {
                    let other = replicas[Int.random(in: 0..<replicas.count, using: &rng)]
                    try replicas[index].merge(other.operations.values)
                    continue
                }
                let id = Self.opID(millis, UInt64(index))
                let name = names.randomElement(using: &rng) ?? "A"
                let target = names.randomElement(using: &rng) ?? "B"
                let op: MailboxListOperation? =
                    switch Int.random(in: 0..<5, using: &rng) {
                    case 0: try? replicas[index].create(name, id: id, deriveID: Self.derive)
                    case 1: try? replicas[index].delete(name, id: id)
                    case 2: try? replicas[index].rename(name, to: target, id: id)
                    case 3: try? replicas[index].subscribe(name, rng.chance(0.5), id: id)
                    default:
                        try? replicas[index].setSpecialUse(
                            SpecialUse.allCases.randomElement(using: &rng), of: name, id: id)
                    }
                if let op { try replicas[index].merge([op]) }
                let entries = replicas[index].entries()
                #expect(Set(entries.map(\.name)).count == entries.count, "seed \(seed): duplicate name")
                #expect(Set(entries.map(\.mailbox)).count == entries.count, "seed \(seed): mailbox listed twice")
                #expect(entries.contains { $0.name == "INBOX" }, "seed \(seed): INBOX missing")
                let deleted = Set(replicas[index].operations.values.compactMap { op -> MailboxID? in
                    if case .delete(let mailbox, _) = op.kind { return mailbox } else { return nil }
                })
                #expect(!entries.contains { deleted.contains($0.mailbox) }, "seed \(seed): a deleted mailbox is listed")
            }
            let everything = replicas.flatMap(\.operations.values)
            for index in replicas.indices { try replicas[index].merge(everything.shuffled(using: &rng)) }
            let reference = replicas[0].entries()
            for replica in replicas {
                #expect(replica.entries() == reference, "seed \(seed): replicas diverged")
                #expect(replica.subscriptions() == replicas[0].subscriptions(), "seed \(seed)")
            }
        }
    }
}

@Suite struct MailboxListOperationEncodingTests {
    static let samples: [MailboxListOperation.Kind] = [
        .create(name: "Projekte/Été", mailbox: MailboxID(high: 1, low: 2)),
        .delete(
            mailbox: MailboxID(high: 3, low: 4), observed: [MailboxListTests.opID(1, 2), MailboxListTests.opID(3, 4)]),
        .rename(mailbox: MailboxID(high: 5, low: 6), observed: [MailboxListTests.opID(7, 8)], newName: "New"),
        .subscribe(name: "Sent", subscribed: true),
        .setSpecialUse(mailbox: MailboxID(high: 7, low: 8), use: .junk),
        .setSpecialUse(mailbox: MailboxID(high: 7, low: 8), use: nil),
    ]

    @Test(arguments: 0..<6) func roundTrips(index: Int) throws {
        let op = MailboxListOperation(id: MailboxListTests.opID(99, 7), kind: Self.samples[index])
        let bytes = try op.encoded()
        #expect(try MailboxListOperation.decode(bytes) == op)
        for length in 0..<bytes.readableBytes {
            let prefix = bytes.getSlice(at: 0, length: length) ?? ByteBuffer()
            #expect(throws: MailboxLogError.self) { try MailboxListOperation.decode(prefix) }
        }
    }
}
