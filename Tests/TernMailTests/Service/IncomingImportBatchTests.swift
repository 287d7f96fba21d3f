import NIOCore
import TernMail
import TernStorage
import Testing

/// The incoming queue is imported in batches: one log operation per batch, exactly once when
/// frontends race and whatever write a crash interrupts.
@Suite struct IncomingImportBatchTests {
    private func frontend(_ store: any BlobStore & RowStore, slot: UInt8, batch: Int) throws -> MailService {
        var configuration = try MailServiceConfiguration(
            deploymentSecret: testSecret, writerSlot: slot, kdf: .testing, incomingPartBytes: 4096)
        configuration.incomingImport = IncomingImportLimits(batchMessages: batch)
        return MailService(rows: store, blobs: store, configuration: configuration)
    }

    /// Creates alice and delivers messages 1...count (some span several parts) by another process.
    private func deliver(_ count: Int, to store: any BlobStore & RowStore, createUser: Bool = true) async throws {
        let delivery = try frontend(store, slot: 3, batch: 1)
        if createUser { try await delivery.createUser(login: "alice", password: "pw") }
        for number in 1...count {
            let body = String(repeating: "line \(number)\r\n", count: number % 3 == 0 ? 600 : 2)
            _ = try await delivery.deliver(to: "alice", message: chunks(sampleMessage(number, body: body), size: 1000))
        }
    }

    private func expected(_ count: Int) -> [String] {
        (1...count).map { sampleMessage($0, body: String(repeating: "line \($0)\r\n", count: $0 % 3 == 0 ? 600 : 2)) }
            .sorted()
    }

    /// The bodies INBOX shows, sorted; every message's metadata must be readable too.
    private func inboxBodies(_ account: Account) async throws -> [String] {
        let inbox = try await account.mailbox(named: "INBOX")
        let view = try await inbox.sync()
        var bodies: [String] = []
        for message in view.messages { bodies.append(try await collect(inbox.body(of: message, range: nil))) }
        var structures = 0
        for try await _ in inbox.metadata(of: view.messages) { structures += 1 }
        #expect(structures == view.messages.count)
        return bodies.sorted()
    }

    private func queueIsEmpty(_ store: any BlobStore & RowStore, _ account: Account) async throws -> Bool {
        let rows = try await store.listKeys(partition: account.incomingPartition, after: nil, limit: 1000)
        let parts = try await store.list(prefix: "incoming/", startAfter: nil, limit: 1000)
        return rows.keys.isEmpty && parts.entries.isEmpty
    }

    @Test(arguments: ServiceBackend.available) func oneLogOperationPerBatch(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        try await deliver(10, to: store.store)
        let service = try frontend(store.store, slot: 1, batch: 4)
        let account = try await service.openAccount(login: "alice", password: "pw")
        #expect(try await account.importIncoming() == 10)
        let inbox = try await account.mailbox(named: "INBOX")
        let log = MailboxLogKeys(mailboxID: inbox.storageID).logPartition
        let operations = try await store.store.listKeys(partition: log, after: nil, limit: 1000).keys
        #expect(operations.count == 3, "ceil(10 / 4) log operations")
        #expect(try await inboxBodies(account) == expected(10))
        #expect(try await queueIsEmpty(store.store, account))
        #expect(try await account.importIncoming() == 0)
        await service.release(account)
        await store.close()
    }

    /// Both importers build their first batch from the same queue and the same (empty) INBOX:
    /// their first log writes are held until both are built, so both append the same four
    /// entries. Every frontend still shows each delivered message once.
    @Test func racingImportersShowEachMessageOnce() async throws {
        let base = MemoryStore()
        try await deliver(10, to: base)
        let gated = RowGateStore(base, partitionSuffix: "/log", parties: 2)
        let a = try await frontend(gated, slot: 1, batch: 4).openAccount(login: "alice", password: "pw")
        let b = try await frontend(gated, slot: 2, batch: 4).openAccount(login: "alice", password: "pw")
        async let importedA = a.importIncoming()
        async let importedB = b.importIncoming()
        let total = try await importedA + importedB
        #expect(total >= 14, "the first batch was appended by both")
        let viewA = try await a.mailbox(named: "INBOX").sync()
        let viewB = try await b.mailbox(named: "INBOX").sync()
        #expect(viewA == viewB)
        #expect(try await inboxBodies(a) == expected(10))
        #expect(try await queueIsEmpty(base, a))
    }

    /// A frontend dies at its n-th write of an import (before the write, or after it with the
    /// reply lost), for every n; the next frontend's import then leaves every message in INBOX
    /// exactly once and the queue empty.
    @Test func aCrashAtAnyWriteLosesAndDuplicatesNothing() async throws {
        let writes = try await importCrashing(at: .max, applied: false)
        #expect(writes > 20, "registration, blobs, metadata, 3 log rows, queue deletes")
        for applied in [false, true] {
            for crashAt in 0..<writes { _ = try await importCrashing(at: crashAt, applied: applied) }
        }
    }

    /// Returns how many writes the crashing frontend attempted.
    private func importCrashing(at crashAt: Int, applied: Bool) async throws -> Int {
        let base = MemoryStore()
        try await deliver(5, to: base)
        let crashing = CrashingStore(base, crashAt: crashAt, applied: applied)
        let doomed = try await frontend(crashing, slot: 1, batch: 2).openAccount(login: "alice", password: "pw")
        _ = try? await doomed.importIncoming()
        // The counting run's total is only a guide: a housekeeping write that depends on time (a sweep of retired
        // objects) can make a later run one write shorter, and a point past its end is then never reached. Every
        // point a run does reach must crash it.
        #expect(crashing.crashed == (crashAt != .max && crashing.writes > crashAt), "crash at write \(crashAt)")

        let successor = try await frontend(base, slot: 2, batch: 2).openAccount(login: "alice", password: "pw")
        _ = try await successor.importIncoming()
        #expect(try await inboxBodies(successor) == expected(5), "crash at write \(crashAt), applied: \(applied)")
        #expect(try await queueIsEmpty(base, successor), "crash at write \(crashAt), applied: \(applied)")
        return crashing.writes
    }
}
