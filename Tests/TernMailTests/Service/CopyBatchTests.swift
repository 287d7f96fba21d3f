import NIOCore
import TernMail
import TernStorage
import Testing

/// COPY is one log row in the target, MOVE one more in the source, whatever the message count.
@Suite struct CopyBatchTests {
    func logRows(_ store: MemoryStore, _ mailbox: Mailbox) async throws -> Int {
        let partition = MailboxLogKeys(mailboxID: mailbox.storageID).logPartition
        return try await store.listKeys(partition: partition, after: nil, limit: 1_000).keys.count
    }

    @Test func copyOfManyMessagesIsOneRowInTheTargetAndMoveOneMoreInTheSource() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        for number in 1...30 {
            try await append(sampleMessage(number), to: inbox, flags: number % 2 == 0 ? ["\\Seen"] : [])
        }
        let archive = try await account.mailbox(named: "Archive")
        _ = try await append(sampleMessage(99), to: archive)
        let sources = try await inbox.sync().messages
        let targetRowsBefore = try await logRows(store, archive)
        let sourceRowsBefore = try await logRows(store, inbox)

        let copied = try await inbox.copy(sources, to: archive)
        #expect(try await logRows(store, archive) == targetRowsBefore + 1)
        #expect(try await logRows(store, inbox) == sourceRowsBefore)
        let view = try await archive.sync()
        #expect(copied.sourceUIDs == sources.map(\.uid))
        #expect(copied.targetUIDs == Array(view.messages.dropFirst().map(\.uid)))
        #expect(copied.targetUIDs == copied.targetUIDs.sorted() && Set(copied.targetUIDs).count == 30)
        #expect(copied.uidValidity == view.uidValidity)
        #expect(view.messages.dropFirst().map(\.flags) == sources.map(\.flags))
        #expect(view.messages.dropFirst().allSatisfy { $0.modSeq == view.highestModSeq - 63 })
        for (index, message) in view.messages.dropFirst().enumerated() where index % 10 == 0 {
            #expect(try await collect(archive.body(of: message, range: nil)) == sampleMessage(index + 1))
        }

        // MOVE = the copy above plus one expunge row in the source.
        _ = try await inbox.expunge(sources.map(\.messageID))
        #expect(try await logRows(store, inbox) == sourceRowsBefore + 1)
        #expect(try await inbox.sync().messages.isEmpty)

        // A fresh process reads the batch row back (and a checkpoint carrying it).
        try await archive.checkpoint()
        let other = try makeService(store, slot: 1)
        let again = try await other.openAccount(login: "alice", password: "pw")
        #expect(try await again.mailbox(named: "Archive").sync() == view)
    }

    @Test func copyIntoAMailboxDeletedMeanwhileAnswersNoAndLeavesNothing() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        try await account.createMailbox("Gone", specialUse: nil)
        let inbox = try await account.mailbox(named: "INBOX")
        for number in 1...3 { try await append(sampleMessage(number), to: inbox) }
        let target = try await account.mailbox(named: "Gone")
        let prefix = "mbox/" + target.storageID + "/"
        try await account.deleteMailbox("Gone")
        let error = await #expect(throws: MailError.self) {
            try await inbox.copy(try await inbox.sync().messages, to: target)
        }
        #expect(error?.code == .noSuchMailbox)
        #expect(try await store.list(prefix: prefix, startAfter: nil, limit: 100).entries.isEmpty)
    }
}
