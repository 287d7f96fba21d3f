import NIOConcurrencyHelpers
import NIOCore
import TernMail
import TernStorage
import Testing

/// Issue 17 point 0: sessions (of this process or of other frontends) still read objects that a
/// pack or an EXPUNGE elsewhere has made unnecessary. Each test fails when those objects are
/// deleted at once instead of retired for the grace period (Mailbox+Retire.swift).
@Suite struct SegmentLifecycleTests {
    static let grace: UInt64 = 60_000

    private func user(_ service: MailService, create: Bool = false) async throws -> Mailbox {
        if create { try await service.createUser(login: "alice", password: "pw") }
        return try await service.openAccount(login: "alice", password: "pw").mailbox(named: "INBOX")
    }

    private func subjects(_ mailbox: Mailbox, _ messages: [MailboxView.Message]) async throws -> [String] {
        var subjects: [String] = []
        for try await (_, structure) in mailbox.metadata(of: messages) {
            subjects.append(String(decoding: structure.envelope.subject ?? [], as: UTF8.self))
        }
        return subjects
    }

    /// B shows three messages (two packed, one not) that A expunges: B can still read their
    /// metadata and bodies. Past the grace the next sweep deletes them, and only then is B told NO.
    @Test(arguments: ServiceBackend.available)
    func messagesExpungedElsewhereStayReadableForTheGrace(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let clock = ManualClock()
        let a = try await user(
            makeService(store.store, slot: 1, packThreshold: 2, clock: clock.reader, retireGraceMillis: Self.grace),
            create: true)
        let b = try await user(
            makeService(store.store, slot: 2, packThreshold: 2, clock: clock.reader, retireGraceMillis: Self.grace))
        for number in 1...3 { try await append(sampleMessage(number), to: a) }
        let shown = try await b.sync().messages
        #expect(shown.count == 3)
        _ = try await a.expunge(shown.map(\.messageID))

        #expect(try await subjects(b, shown) == ["Message 1", "Message 2", "Message 3"])
        for (index, message) in shown.enumerated() {
            #expect(try await collect(b.body(of: message, range: nil)) == sampleMessage(index + 1))
        }

        clock.advance(by: Self.grace + 1)
        try await append(sampleMessage(4), to: a)
        _ = try await a.expunge(a.sync().messages.map(\.messageID))
        let stored = try await store.blobKeys(prefix: "mbox/\(a.storageID)/msg/")
        #expect(stored.count == 1, "only the message expunged within the grace is still stored")
        await #expect(throws: MailError.self) { _ = try await b.body(of: shown[0], range: nil) }
        await store.close()
    }

    /// A reader is told to read a message's own metadata object; while it reads, another frontend
    /// packs that record into a segment, and when the reader (had it lost the object) reloads its
    /// catalog and opens that segment, merges it into a new one. The reader gets its record.
    @Test(arguments: ServiceBackend.available)
    func aReaderKeepsWhatItWasToldToReadWhileOthersRepack(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let packer = try await user(makeService(store.store, slot: 1, packThreshold: 1000), create: true)
        try await append(sampleMessage(1), to: packer)
        let stage = NIOLockedValueBox(0)
        let hooked = HookStore(store.store) { access in
            guard case .get(let key) = access else { return }
            let current = stage.withLockedValue { stage -> Int in
                guard (stage == 0 && key.contains("/meta/")) || (stage == 1 && key.contains("/seg/")) else { return 0 }
                stage += 1
                return stage
            }
            do {
                if current == 1 { try await packer.checkpoint() }
                if current == 2 {
                    try await append(sampleMessage(2), to: packer)
                    try await packer.checkpoint()
                }
            } catch {
                Issue.record("repacking failed: \(error)")
            }
        }
        let reader = try await user(makeService(hooked, slot: 2, packThreshold: 1000))
        let shown = try await reader.sync().messages
        #expect(try await subjects(reader, shown) == ["Message 1"])
        #expect(stage.withLockedValue { $0 } >= 1, "the record was packed away during the read")
        await store.close()
    }

    /// A merges segments while B packs a message A's view does not hold yet into one of them:
    /// A must not supersede that segment (it holds the only record of B's message once B's
    /// per-message object is swept). Every message stays readable from a fresh frontend, and
    /// storage converges to one segment and no per-message metadata objects.
    @Test(arguments: ServiceBackend.available)
    func aMergeKeepsSegmentsHoldingMessagesItHasNotSeen(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let clock = ManualClock()
        let b = try makeService(store.store, slot: 2, packThreshold: 1, clock: clock.reader, retireGraceMillis: Self.grace)
        let armed = NIOLockedValueBox(false)
        let hooked = HookStore(store.store) { access in
            guard case .listKeys(let partition) = access, partition.hasSuffix("/segs"),
                armed.withLockedValue({ armed in
                    defer { armed = false }
                    return armed
                })
            else { return }
            do {
                try await append(sampleMessage(4), to: try await user(b))
            } catch {
                Issue.record("append on B failed: \(error)")
            }
        }
        let a = try await user(
            makeService(hooked, slot: 1, packThreshold: 1000, clock: clock.reader, retireGraceMillis: Self.grace),
            create: true)
        for number in 1...2 { try await append(sampleMessage(number), to: a) }
        try await a.checkpoint()
        try await append(sampleMessage(3), to: a)
        armed.withLockedValue { $0 = true }
        try await a.checkpoint()
        #expect(armed.withLockedValue { !$0 }, "B appended during A's merge")

        // Past the grace, a sweep (run by an expunge, without packing) deletes what was
        // retired, B's own per-message object of message 4 included: its segment must remain.
        clock.advance(by: Self.grace + 1)
        let fifth = try await append(sampleMessage(5), to: a)
        _ = try await a.expunge(a.sync().messages.filter { $0.uid == fifth.uid }.map(\.messageID))
        let fresh = try await user(makeService(store.store, slot: 3))
        let all = try await fresh.sync().messages
        #expect(try await subjects(fresh, all).sorted() == (1...4).map { "Message \($0)" })

        try await a.checkpoint()
        clock.advance(by: Self.grace + 1)
        try await a.checkpoint()
        let later = try await user(makeService(store.store, slot: 4))
        #expect(try await subjects(later, later.sync().messages).sorted() == (1...4).map { "Message \($0)" })
        let prefix = "mbox/\(a.storageID)/"
        #expect(try await store.blobKeys(prefix: prefix + "seg/").count == 1)
        #expect(try await store.blobKeys(prefix: prefix + "meta/").isEmpty)
        await store.close()
    }

    /// Deleting a mailbox also removes its retirement rows (their objects go with its blobs).
    @Test func aDeletedMailboxLeavesNoRetirementRows() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        try await account.createMailbox("Tmp", specialUse: nil)
        let mailbox = try await account.mailbox(named: "Tmp")
        try await append(sampleMessage(1), to: mailbox)
        _ = try await mailbox.expunge(mailbox.sync().messages.map(\.messageID))
        let partition = "mbox/\(mailbox.storageID)/retired"
        #expect(try await !store.listKeys(partition: partition, after: nil, limit: 10).keys.isEmpty)
        try await account.deleteMailbox("Tmp")
        #expect(try await store.listKeys(partition: partition, after: nil, limit: 10).keys.isEmpty)
        #expect(try await ServiceStore(store: store, directory: nil, s3: nil).blobKeys(prefix: "mbox/\(mailbox.storageID)/").isEmpty)
    }

    /// Eight sessions on two frontends append, flag, expunge, sync and read at random, each
    /// from the view of its last sync (as an IMAP session between its commands): no read of a
    /// message a session was shown fails. Packing runs every four appends.
    @Test(arguments: ServiceBackend.available)
    func concurrentSessionsReadEverythingTheyWereShown(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let frontends = [
            try makeService(store.store, slot: 1, packThreshold: 4),
            try makeService(store.store, slot: 2, packThreshold: 4),
        ]
        try await frontends[0].createUser(login: "alice", password: "pw")
        let failures = NIOLockedValueBox<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for session in 0..<8 {
                let mailbox = try await user(frontends[session % 2])
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(session + 1))
                    var view = try await mailbox.sync()
                    for step in 0..<60 {
                        let shown = view.messages
                        switch Int.random(in: 0..<10, using: &generator) {
                        case 0...2:
                            try await append(sampleMessage(step), to: mailbox)
                        case 3:
                            if let message = shown.randomElement(using: &generator) {
                                _ = try await mailbox.expunge([message.messageID])
                            }
                        case 4:
                            if let message = shown.randomElement(using: &generator) {
                                _ = try await mailbox.store(.add, flags: ["\\Seen"], messages: [message.messageID])
                            }
                        case 5:
                            view = try await mailbox.sync()
                        case 6:
                            guard let message = shown.randomElement(using: &generator) else { continue }
                            do {
                                _ = try await collect(mailbox.body(of: message, range: nil))
                            } catch {
                                failures.withLockedValue { $0.append("body of UID \(message.uid): \(error)") }
                            }
                        default:
                            var read = 0
                            do {
                                for try await _ in mailbox.metadata(of: shown) { read += 1 }
                            } catch {
                                failures.withLockedValue { $0.append("metadata of UID \(shown[read].uid): \(error)") }
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let failed = failures.withLockedValue { $0 }
        #expect(failed.isEmpty, "\(failed.count) reads failed, first: \(failed.prefix(3))")
        await store.close()
    }
}

/// Milliseconds that tests move forward by hand (each reading also ticks one).
final class ManualClock: Sendable {
    private let now = NIOLockedValueBox<UInt64>(1_800_000_000_000)

    var reader: @Sendable () -> UInt64 {
        { [self] in
            now.withLockedValue { now in
                now += 1
                return now
            }
        }
    }

    func advance(by millis: UInt64) { now.withLockedValue { $0 += millis } }
}
