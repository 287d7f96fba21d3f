import NIOCore
import TernMail
import TernStorage
import Testing

/// Two `MailService`s (two processes, distinct writer slots) on one store.
@Suite struct MultiFrontendTests {
    private func twoFrontends(_ store: any BlobStore & RowStore) async throws -> (Account, Account) {
        let first = try makeService(store, slot: 1)
        let second = try makeService(store, slot: 2)
        try await first.createUser(login: "alice", password: "pw")
        return (
            try await first.openAccount(login: "alice", password: "pw"),
            try await second.openAccount(login: "alice", password: "pw")
        )
    }

    @Test(arguments: ServiceBackend.available) func racingImportsImportEachMessageOnce(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let delivery = try makeService(store.store, slot: 3, incomingPartBytes: 4096)
        let (a, b) = try await twoFrontends(store.store)
        let count = 12
        for number in 1...count {
            // Some messages span several parts.
            let body = String(repeating: "line \(number)\r\n", count: number * 150)
            _ = try await delivery.deliver(to: "alice", message: chunks(sampleMessage(number, body: body), size: 1000))
        }
        async let importedA = a.importIncoming()
        async let importedB = b.importIncoming()
        let total = try await importedA + importedB
        #expect(total >= count)
        #expect(try await a.importIncoming() == 0, "the queue is empty")

        let viewA = try await a.mailbox(named: "INBOX").sync()
        let viewB = try await b.mailbox(named: "INBOX").sync()
        #expect(viewA == viewB, "both frontends show the same INBOX")
        #expect(viewA.messages.count == count, "each delivered message exactly once")
        let inbox = try await a.mailbox(named: "INBOX")
        var subjects = Set<String>()
        for try await (_, structure) in inbox.metadata(of: viewA.messages) {
            subjects.insert(String(decoding: structure.envelope.subject ?? [], as: UTF8.self))
        }
        #expect(subjects == Set((1...count).map { "Message \($0)" }))
        #expect(try await store.blobKeys(prefix: "incoming/").isEmpty, "imported parts are deleted")
        await store.close()
    }

    @Test func replayedImportDoesNotDuplicate() async throws {
        let store = MemoryStore()
        let delivery = try makeService(store, slot: 3)
        let (a, b) = try await twoFrontends(store)
        _ = try await delivery.deliver(to: "alice", message: chunks(sampleMessage(1)))
        // Both frontends import the same entry one after the other, as a crashed importer's
        // successor would (the first one "crashes" before deleting the queue entry: simulated by
        // delivering the same entry key twice is not possible, so import on both in sequence).
        #expect(try await a.importIncoming() == 1)
        #expect(try await b.importIncoming() == 0)
        #expect(try await b.mailbox(named: "INBOX").sync().messages.count == 1)
    }

    @Test(arguments: ServiceBackend.available) func concurrentCreateOfOneNameIsOneMailbox(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        // Both creates pass the "exists?" check before either list row is stored.
        let gated = RowGateStore(store.store, partitionSuffix: "/mailboxes", parties: 2)
        let (a, b) = try await twoFrontends(gated)
        async let createdA: Void = a.createMailbox("Shared", specialUse: nil)
        async let createdB: Void = b.createMailbox("Shared", specialUse: nil)
        _ = try await (createdA, createdB)
        let listA = try await a.mailboxes()
        let listB = try await b.mailboxes()
        #expect(listA == listB)
        #expect(listA.filter { $0.name.hasPrefix("Shared") }.map(\.name) == ["Shared"])
        try await append(sampleMessage(1), to: try await a.mailbox(named: "Shared"))
        try await append(sampleMessage(2), to: try await b.mailbox(named: "Shared"))
        #expect(try await a.mailbox(named: "Shared").sync().messages.count == 2)
        #expect(try await b.mailbox(named: "Shared").sync().messages.count == 2)
        await store.close()
    }

    /// Delete wins over a concurrent APPEND: the append's message goes with the mailbox and
    /// nothing of it stays in storage.
    @Test(arguments: ServiceBackend.available) func deleteBeatsConcurrentAppend(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let (a, b) = try await twoFrontends(store.store)
        try await a.createMailbox("Tmp", specialUse: nil)
        let tmpOnA = try await a.mailbox(named: "Tmp")
        try await append(sampleMessage(1), to: tmpOnA)
        let prefix = "mbox/" + tmpOnA.storageID + "/"

        // B deletes while A still has the mailbox open; A's next append finds it gone.
        try await b.deleteMailbox("Tmp")
        do {
            try await append(sampleMessage(2), to: tmpOnA)
            Issue.record("append to a deleted mailbox succeeded")
        } catch {
            #expect(error.code == .noSuchMailbox)
        }
        #expect(try await store.blobKeys(prefix: prefix).isEmpty)

        // Truly concurrent: whatever the interleaving, the mailbox is gone and so is its data.
        try await a.createMailbox("Tmp2", specialUse: nil)
        let tmp2 = try await a.mailbox(named: "Tmp2")
        async let appended: Void = { _ = try? await append(sampleMessage(3), to: tmp2) }()
        async let deleted: Void = b.deleteMailbox("Tmp2")
        _ = try await (appended, deleted)
        _ = try await a.mailboxes()
        #expect(try await !b.mailboxes().map(\.name).contains("Tmp2"))
        #expect(try await store.blobKeys(prefix: "mbox/" + tmp2.storageID + "/").isEmpty)
        await store.close()
    }

    /// RENAME on one frontend races DELETE on the other (both built from the same list): the
    /// delete wins on every frontend, and the reclaimed messages show under no name. The renamer
    /// is told NO if the delete is durable when it re-checks, else OK (the delete came after).
    @Test func deleteBeatsConcurrentRename() async throws {
        let store = MemoryStore()
        let (setup, _) = try await twoFrontends(store)
        try await setup.createMailbox("Old", specialUse: nil)
        try await append(sampleMessage(1), to: try await setup.mailbox(named: "Old"))
        let gated = RowGateStore(store, partitionSuffix: "/mailboxes", parties: 2)
        let renamer = try await makeService(gated, slot: 3).openAccount(login: "alice", password: "pw")
        let deleter = try await makeService(gated, slot: 4).openAccount(login: "alice", password: "pw")
        _ = try await (renamer.mailboxes(), deleter.mailboxes())
        async let renamed: MailError? = {
            do {
                try await renamer.renameMailbox("Old", to: "New")
                return nil
            } catch let error as MailError {
                return error
            }
        }()
        async let deleted: Void = deleter.deleteMailbox("Old")
        let (renameError, _) = try await (renamed, deleted)
        #expect(renameError == nil || renameError?.code == .noSuchMailbox)
        for account in [renamer, deleter, setup] {
            let names = try await account.mailboxes().map(\.name)
            #expect(!names.contains("New") && !names.contains("Old"))
        }
    }

    @Test func appendOnOneFrontendIsVisibleOnTheOther() async throws {
        let store = MemoryStore()
        let (a, b) = try await twoFrontends(store)
        let inboxA = try await a.mailbox(named: "INBOX")
        let inboxB = try await b.mailbox(named: "INBOX")
        let position = await inboxB.waitPosition
        try await append(sampleMessage(1), to: inboxA)
        let service = try makeService(store, slot: 4)
        _ = try await service.wakeRegistry.wait(mailboxID: inboxB.storageID, after: position)
        let view = try await inboxB.sync()
        #expect(view.messages.count == 1)
        #expect(try await collect(inboxB.body(of: view.messages[0], range: nil)) == sampleMessage(1))
    }
}
