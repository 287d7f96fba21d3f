import NIOConcurrencyHelpers
import NIOCore
import TernStorage
import Testing

@testable import TernMail

/// The newest messages' metadata is packed once appends go quiet (`Mailbox+QuietPack.swift`):
/// observed through the reads a cold reader needs, through a race with another frontend's
/// append, and through a crash at every write of the pack.
@Suite struct QuietPackTests {
    private func frontend(
        _ store: any BlobStore & RowStore, slot: UInt8, quietMillis: UInt64?, clock: ManualClock? = nil
    ) throws -> MailService {
        var configuration = try MailServiceConfiguration(
            deploymentSecret: testSecret, writerSlot: slot, kdf: .testing, incomingPartBytes: 4096)
        configuration.quietPackDelayMillis = quietMillis
        configuration.retireGraceMillis = 60_000
        return MailService(
            rows: store, blobs: store, configuration: configuration,
            physicalMillis: clock?.reader ?? MailService.wallClock)
    }

    private func inbox(_ service: MailService, create: Bool = false) async throws -> (Account, Mailbox) {
        if create { try await service.createUser(login: "alice", password: "pw") }
        let account = try await service.openAccount(login: "alice", password: "pw")
        return (account, try await account.mailbox(named: "INBOX"))
    }

    /// Storage reads a fresh process needs for the metadata of the whole INBOX; checks subjects.
    private func coldMetadataReads(_ store: any BlobStore & RowStore, expecting count: Int) async throws -> Int {
        let counting = CountingStore(store)
        let (_, mailbox) = try await inbox(frontend(counting, slot: 9, quietMillis: nil))
        let view = try await mailbox.sync()
        #expect(view.messages.count == count)
        counting.resetReads()
        var subjects: [String] = []
        for try await (_, structure) in mailbox.metadata(of: view.messages) {
            subjects.append(String(decoding: structure.envelope.subject ?? [], as: UTF8.self))
        }
        #expect(subjects.sorted() == (1...count).map { "Message \($0)" }.sorted())
        return counting.reads
    }

    private func catalogRows(_ store: any RowStore, _ mailbox: Mailbox) async throws -> Int {
        try await store.listKeys(partition: "mbox/\(mailbox.storageID)/segs", after: nil, limit: 1000).keys.count
    }

    @Test func theTailIsPackedOnceAppendsGoQuiet() async throws {
        // Without quiet packs, 40 newest messages cost a read each.
        let plain = MemoryStore()
        let (_, unpacked) = try await inbox(frontend(plain, slot: 1, quietMillis: nil), create: true)
        for number in 1...40 { try await append(sampleMessage(number), to: unpacked) }
        #expect(try await coldMetadataReads(plain, expecting: 40) >= 40)

        let store = MemoryStore()
        let (_, mailbox) = try await inbox(frontend(store, slot: 1, quietMillis: 1), create: true)
        for number in 1...20 { try await append(sampleMessage(number), to: mailbox) }
        await mailbox.quietPackSettled()
        for number in 21...40 { try await append(sampleMessage(number), to: mailbox) }
        await mailbox.quietPackSettled()
        // Every message is in a segment. How many segments depends on when the packs ran (the
        // scheduler decides, and a later append may land during a pack); at most `maxSegments`.
        let segments = try await catalogRows(store, mailbox)
        #expect((1...Mailbox.maxSegments).contains(segments))
        let reads = try await coldMetadataReads(store, expecting: 40)
        #expect(reads <= 1 + 2 * segments, "catalog listing, then a row and a segment each; got \(reads)")
    }

    @Test func theLastSessionLeavingPacksWhatIsPending() async throws {
        let store = MemoryStore()
        let service = try frontend(store, slot: 1, quietMillis: 3_600_000)
        let (account, mailbox) = try await inbox(service, create: true)
        for number in 1...10 { try await append(sampleMessage(number), to: mailbox) }
        #expect(try await catalogRows(store, mailbox) == 0, "an hour of quiet has not passed")
        await service.release(account)
        #expect(try await catalogRows(store, mailbox) == 1)
        #expect(try await coldMetadataReads(store, expecting: 10) <= 3)
    }

    @Test func shutdownLeavesAPendingPackUndoneAndStartsNone() async throws {
        let store = MemoryStore()
        let service = try frontend(store, slot: 1, quietMillis: 3_600_000)
        let (account, mailbox) = try await inbox(service, create: true)
        for number in 1...5 { try await append(sampleMessage(number), to: mailbox) }
        await service.stopBackgroundWork()
        await mailbox.quietPackSettled()
        // A write after the stop schedules nothing; the last release packs nothing.
        try await append(sampleMessage(6), to: mailbox)
        await service.release(account)
        #expect(try await catalogRows(store, mailbox) == 0)
        #expect(try await coldMetadataReads(store, expecting: 6) >= 6)
    }

    /// B appends (and, in one variant, packs) in the middle of A's quiet pack: after A's sync, or
    /// while A reads the records it packs. Every message stays readable, also past the grace
    /// period once sweeps have deleted what the packs retired.
    @Test(arguments: [false, true], [false, true])
    func aPackRacingAnotherFrontendsAppendKeepsBoth(bPacks: Bool, duringRecordReads: Bool) async throws {
        let store = MemoryStore()
        let clock = ManualClock()
        let b = try frontend(store, slot: 2, quietMillis: bPacks ? 1 : nil, clock: clock)
        let armed = NIOLockedValueBox(false)
        let hooked = HookStore(store) { access in
            let hit: Bool
            switch access {
            case .listKeys(let partition): hit = !duringRecordReads && partition.hasSuffix("/segs")
            case .get(let key): hit = duringRecordReads && key.contains("/meta/")
            }
            guard hit, armed.withLockedValue({ armed in
                defer { armed = false }
                return armed
            })
            else { return }
            do {
                let (_, mailbox) = try await inbox(b)
                try await append(sampleMessage(3), to: mailbox)
                await mailbox.quietPackSettled()
            } catch {
                Issue.record("append on B failed: \(error)")
            }
        }
        let a = try frontend(hooked, slot: 1, quietMillis: 3_600_000, clock: clock)
        let (_, mailbox) = try await inbox(a, create: true)
        try await append(sampleMessage(1), to: mailbox)
        await mailbox.packNowIfPending()
        try await append(sampleMessage(2), to: mailbox)
        armed.withLockedValue { $0 = true }
        await mailbox.packNowIfPending()
        #expect(armed.withLockedValue { !$0 }, "B appended during A's pack")
        _ = try await coldMetadataReads(store, expecting: 3)

        // Past the grace, sweeps (after an EXPUNGE on A, and after packs on both) delete what was retired.
        clock.advance(by: 60_001)
        let fourth = try await append(sampleMessage(4), to: mailbox)
        _ = try await mailbox.expunge(mailbox.sync().messages.filter { $0.uid == fourth.uid }.map(\.messageID))
        try await mailbox.checkpoint()
        let (_, seenByB) = try await inbox(b)
        try await seenByB.checkpoint()
        clock.advance(by: 60_001)
        try await mailbox.checkpoint()
        _ = try await coldMetadataReads(store, expecting: 3)
        await a.stopBackgroundWork()
        await b.stopBackgroundWork()
    }

    /// A frontend dies at each write of a quiet pack, before it or after it with the reply lost;
    /// the next frontend reads every message and packs them.
    @Test func aCrashAtAnyWriteOfAQuietPackLosesNothing() async throws {
        let (before, total) = try await packCrashing(at: .max, applied: false)
        #expect(total - before >= 3, "segment, catalog row, retirement row")
        for applied in [false, true] {
            for crashAt in before..<total { _ = try await packCrashing(at: crashAt, applied: applied) }
        }
    }

    /// Returns the writes before the pack started and the writes in all.
    private func packCrashing(at crashAt: Int, applied: Bool) async throws -> (Int, Int) {
        let base = MemoryStore()
        let crashing = CrashingStore(base, crashAt: crashAt, applied: applied)
        let doomed = try frontend(crashing, slot: 1, quietMillis: 3_600_000)
        let (_, mailbox) = try await inbox(doomed, create: true)
        for number in 1...3 { try await append(sampleMessage(number), to: mailbox) }
        await mailbox.packNowIfPending()
        for number in 4...6 { try await append(sampleMessage(number), to: mailbox) }
        let before = crashing.writes
        await mailbox.packNowIfPending()
        #expect(crashing.crashed == (crashAt != .max && crashing.writes > crashAt), "crash at write \(crashAt)")

        #expect(try await coldMetadataReads(base, expecting: 6) > 0, "crash at \(crashAt), applied: \(applied)")
        let (_, successor) = try await inbox(frontend(base, slot: 2, quietMillis: nil))
        try await successor.checkpoint()
        // Every record is read from a segment now. A crash between the new catalog row and the
        // delete of the folded segment's row leaves that row (one more read, no live record in it).
        let rows = try await catalogRows(base, successor)
        #expect(rows <= 2, "crash at \(crashAt), applied: \(applied)")
        let reads = try await coldMetadataReads(base, expecting: 6)
        #expect(reads <= 2 + rows, "crash at \(crashAt), applied: \(applied)")
        return (before, crashing.writes)
    }
}
