import NIOCore
import TernMail
import TernStorage
import Testing

/// An APPEND of several messages (MULTIAPPEND) is staged message by message and published by ONE
/// log operation: all of them appear or none does, whatever fails or crashes in between.
@Suite struct AtomicAppendTests {
    private func logRows(_ store: any RowStore, _ mailbox: Mailbox) async throws -> Int {
        let partition = MailboxLogKeys(mailboxID: mailbox.storageID).logPartition
        return try await store.listKeys(partition: partition, after: nil, limit: 1_000).keys.count
    }

    /// Objects stored under the mailbox (blobs and metadata records).
    private func objects(_ store: any BlobStore, _ mailbox: Mailbox) async throws -> Int {
        try await store.list(prefix: "mbox/" + mailbox.storageID + "/", startAfter: nil, limit: 1_000).entries.count
    }

    private func stage(
        _ text: String, in mailbox: Mailbox, batch: inout AppendBatch, flags: [String] = [],
        normalize: Bool = false
    ) async throws(MailError) {
        let staged = try await mailbox.stageAppend(
            chunks(text), size: text.utf8.count, flags: flags, internalDateMillis: 1_700_000_000_000,
            normalizeLineEndings: normalize, joining: batch)
        batch.add(staged)
    }

    @Test func aBatchIsOneLogOperationAndInvisibleUntilCommitted() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        try await append(sampleMessage(0), to: inbox)
        let rowsBefore = try await logRows(store, inbox)

        var batch = AppendBatch()
        for number in 1...3 { try await stage(sampleMessage(number), in: inbox, batch: &batch, flags: ["\\Seen"]) }
        // A bare LF is stored as CRLF, as a single APPEND stores it.
        try await stage("Subject: bare\n\nline\n", in: inbox, batch: &batch, normalize: true)
        #expect(batch.count == 4)
        let other = try await makeService(store, slot: 1).openAccount(login: "alice", password: "pw")
        #expect(try await other.mailbox(named: "INBOX").sync().messages.count == 1, "staged is not visible")

        let result = try await inbox.commit(batch)
        #expect(try await logRows(store, inbox) == rowsBefore + 1)
        let view = try await other.mailbox(named: "INBOX").sync()
        #expect(view.messages.count == 5)
        #expect(result.uids == Array(view.messages.dropFirst().map(\.uid)))
        #expect(result.uids == result.uids.sorted())
        #expect(result.uidValidity == view.uidValidity)
        #expect(view.messages.dropFirst().prefix(3).allSatisfy { $0.flags == ["\\Seen"] })
        let last = try #require(view.messages.last)
        #expect(last.size == UInt64("Subject: bare\r\n\r\nline\r\n".utf8.count))
        #expect(try await collect(inbox.body(of: last, range: nil)) == "Subject: bare\r\n\r\nline\r\n")
        #expect(try await collect(inbox.body(of: view.messages[2], range: nil)) == sampleMessage(2))
        var structures = 0
        for try await _ in inbox.metadata(of: view.messages) { structures += 1 }
        #expect(structures == 5)
        #expect(try await objects(store, inbox) == 10, "a blob and a metadata record per message, no raw copy")
    }

    @Test func discardRemovesEveryStagedObject() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        var batch = AppendBatch()
        for number in 1...3 { try await stage(sampleMessage(number), in: inbox, batch: &batch) }
        try await stage("a\nb\n", in: inbox, batch: &batch, normalize: true)
        // Four bodies and three metadata records: the last record waits for the commit.
        #expect(try await objects(store, inbox) == 7)
        await inbox.discard(batch)
        #expect(try await objects(store, inbox) == 0)
        #expect(try await inbox.sync().messages.isEmpty)
    }

    /// The quota counts the whole batch: a message that fits alone but not with the staged ones
    /// is refused before it is stored.
    @Test func theQuotaCountsTheWholeBatch() async throws {
        let store = MemoryStore()
        let service = try makeService(store, quota: 10_000)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        let big = sampleMessage(1, body: String(repeating: "x", count: 4_000))
        var batch = AppendBatch()
        try await stage(big, in: inbox, batch: &batch)
        try await stage(big, in: inbox, batch: &batch)
        let error = await #expect(throws: MailError.self) { try await stage(big, in: inbox, batch: &batch) }
        #expect(error?.code == .overQuota)
        #expect(batch.count == 2)
        // Two bodies and the first metadata record (the second waits for the commit).
        #expect(try await objects(store, inbox) == 3, "the refused message left nothing")
        await inbox.discard(batch)
        #expect(try await objects(store, inbox) == 0)
    }

    /// One log operation carries at most `maxBatchBytes` of entries: a message whose flags would
    /// pass that is refused up front, so a batch is never split into two operations.
    @Test func aBatchNeverOutgrowsOneLogOperation() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        let flags = (0..<200).map { "keyword-\($0)-" + String(repeating: "k", count: 200) }
        var batch = AppendBatch()
        var refused: MailError?
        for number in 1...40 {
            do {
                try await stage(sampleMessage(number), in: inbox, batch: &batch, flags: flags)
            } catch {
                refused = error
                break
            }
        }
        #expect(refused?.code == .tooLarge)
        #expect(batch.count > 1 && batch.count < 40)
        let rowsBefore = try await logRows(store, inbox)
        let result = try await inbox.commit(batch)
        #expect(result.uids.count == batch.count)
        #expect(try await logRows(store, inbox) == rowsBefore + 1)
    }

    /// A frontend dies at its n-th write of a three-message batch (before the write, or after it
    /// with the reply lost), for every n: another frontend then shows none or all three, and all
    /// three only when the log write happened.
    @Test func aCrashAtAnyWritePublishesAllOrNothing() async throws {
        let writes = try await appendCrashing(at: .max, applied: false)
        #expect(writes >= 7, "registration, 3 blobs, 3 metadata records, the log row")
        for applied in [false, true] {
            for crashAt in 0..<writes { _ = try await appendCrashing(at: crashAt, applied: applied) }
        }
    }

    private func appendCrashing(at crashAt: Int, applied: Bool) async throws -> Int {
        let base = MemoryStore()
        try await makeService(base).createUser(login: "alice", password: "pw")
        let crashing = CrashingStore(base, crashAt: crashAt, applied: applied)
        let doomed = try await makeService(crashing, slot: 1).openAccount(login: "alice", password: "pw")
        let inbox = try await doomed.mailbox(named: "INBOX")
        let start = crashing.writes
        var batch = AppendBatch()
        var committed = false
        do {
            for number in 1...3 { try await stage(sampleMessage(number), in: inbox, batch: &batch) }
            _ = try await inbox.commit(batch)
            committed = true
        } catch {}
        let survivor = try await makeService(base, slot: 2).openAccount(login: "alice", password: "pw")
        let view = try await survivor.mailbox(named: "INBOX").sync()
        let context = "crash at write \(crashAt), applied: \(applied)"
        #expect(view.messages.count == 0 || view.messages.count == 3, "\(context)")
        if committed { #expect(view.messages.count == 3, "\(context)") }
        let survivingInbox = try await survivor.mailbox(named: "INBOX")
        for (index, message) in view.messages.enumerated() {
            #expect(try await collect(survivingInbox.body(of: message, range: nil)) == sampleMessage(index + 1))
        }
        return crashing.writes - start
    }
}
