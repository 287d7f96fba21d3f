import NIOCore
import TernMIME
import TernMail
import TernStorage
import Testing

@Suite struct MailboxServiceTests {
    private func openAlice(_ store: any BlobStore & RowStore, slot: UInt8 = 0) async throws -> (MailService, Account) {
        let service = try makeService(store, slot: slot)
        if try await !service.userExists(login: "alice") {
            try await service.createUser(login: "alice", password: "pw")
        }
        return (service, try await service.openAccount(login: "alice", password: "pw"))
    }

    @Test func defaultMailboxesExistFromFirstLogin() async throws {
        let (_, account) = try await openAlice(MemoryStore())
        let entries = try await account.mailboxes()
        #expect(entries.map(\.name) == ["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"])
        #expect(entries.first { $0.name == "Sent" }?.specialUse == .sent)
        #expect(try await account.mailbox(named: "inbox") === account.mailbox(named: "INBOX"))
    }

    @Test(arguments: ServiceBackend.available) func appendFetchBodyRangesAndMetadata(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let (_, account) = try await openAlice(store.store)
        let inbox = try await account.mailbox(named: "INBOX")
        let text = sampleMessage(1, body: String(repeating: "0123456789", count: 20_000))  // several sealed chunks
        let result = try await append(text, to: inbox, flags: ["\\seen", "$Work", "\\Recent"])
        #expect(result.uid > 0)
        let view = try await inbox.sync()
        #expect(view.uidValidity == result.uidValidity)
        let message = try #require(view.messages.first)
        #expect(message.uid == result.uid)
        #expect(message.flags == ["$Work", "\\Seen"])
        #expect(message.size == UInt64(text.utf8.count))

        #expect(try await collect(inbox.body(of: message, range: nil)) == text)
        let bytes = Array(text.utf8)
        for range in [0..<10, 100_000..<100_050, 65_530..<65_600, (bytes.count - 5)..<bytes.count] {
            let part = try await collect(inbox.body(of: message, range: range))
            #expect(part == String(decoding: bytes[range], as: UTF8.self))
        }

        var records: [(MailboxView.Message, MessageMetadata)] = []
        for try await record in inbox.metadataRecords(of: view.messages) { records.append(record) }
        let metadata = try #require(records.first?.1)
        #expect(metadata.structure.envelope == MIMEScanner.scan(bytes).envelope)
        #expect(metadata.structure.size == bytes.count)
        let header = try #require(metadata.headerBlock)
        #expect(String(buffer: header).hasPrefix("From: Sender 1"))
        #expect(String(buffer: header).hasSuffix("\r\n\r\n"))
        await store.close()
    }

    @Test func storeAndExpungeAreOneLogRowEach() async throws {
        let (_, account) = try await openAlice(MemoryStore())
        let inbox = try await account.mailbox(named: "INBOX")
        for number in 1...5 { try await append(sampleMessage(number), to: inbox) }
        let ids = try await inbox.sync().messages.map(\.messageID)
        let flagged = try await inbox.store(.add, flags: ["\\FLAGGED"], messages: ids)
        #expect(flagged.messages.allSatisfy { $0.flags == ["\\Flagged"] })
        let after = try await inbox.expunge(Array(ids.prefix(2)))
        #expect(after.messages.count == 3)
        #expect(after.vanished.count == 2)
    }

    @Test(arguments: ServiceBackend.available) func copyMakesIndependentMessages(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let (_, account) = try await openAlice(store.store)
        let inbox = try await account.mailbox(named: "INBOX")
        for number in 1...3 { try await append(sampleMessage(number), to: inbox, flags: ["\\Answered"]) }
        let archive = try await account.mailbox(named: "Archive")
        let sources = try await inbox.sync().messages
        let copied = try await inbox.copy(sources, to: archive)
        #expect(copied.sourceUIDs == sources.map(\.uid))
        let targetView = try await archive.sync()
        #expect(copied.targetUIDs == targetView.messages.map(\.uid))
        #expect(copied.uidValidity == targetView.uidValidity)
        #expect(targetView.messages.allSatisfy { $0.flags == ["\\Answered"] })

        // Expunging the originals leaves the copies readable, with their metadata.
        _ = try await inbox.expunge(sources.map(\.messageID))
        for (index, message) in targetView.messages.enumerated() {
            #expect(try await collect(archive.body(of: message, range: nil)) == sampleMessage(index + 1))
        }
        var subjects: [String?] = []
        for try await (_, structure) in archive.metadata(of: targetView.messages) {
            subjects.append(structure.envelope.subject.map { String(decoding: $0, as: UTF8.self) })
        }
        #expect(subjects == ["Message 1", "Message 2", "Message 3"])
        await store.close()
    }

    @Test(arguments: ServiceBackend.available) func deleteMailboxRemovesItsObjects(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let (_, account) = try await openAlice(store.store)
        try await account.createMailbox("Lists/Swift", specialUse: nil)
        #expect(try await account.mailboxes().map(\.name).contains("Lists"), "parents are created")
        let lists = try await account.mailbox(named: "Lists/Swift")
        for number in 1...4 { try await append(sampleMessage(number), to: lists) }
        try await lists.checkpoint()
        let inbox = try await account.mailbox(named: "INBOX")
        try await append(sampleMessage(9), to: inbox)
        let prefix = "mbox/" + lists.storageID + "/"
        #expect(try await store.blobKeys(prefix: prefix).count >= 5, "4 messages and a metadata segment")

        try await account.deleteMailbox("Lists/Swift")
        #expect(try await store.blobKeys(prefix: prefix).isEmpty)
        #expect(try await !account.mailboxes().map(\.name).contains("Lists/Swift"))
        #expect(try await inbox.sync().messages.count == 1, "other mailboxes keep their mail")
        await #expect(throws: MailError.self) { try await account.mailbox(named: "Lists/Swift") }
        do {
            try await account.deleteMailbox("INBOX")
            Issue.record("INBOX was deleted")
        } catch {
            #expect(error.code == .invalidOperation)
        }
        await store.close()
    }

    @Test func renameMovesChildrenAndRenameInboxMovesMail() async throws {
        let (_, account) = try await openAlice(MemoryStore())
        try await account.createMailbox("Work/Reports", specialUse: nil)
        let reports = try await account.mailbox(named: "Work/Reports")
        try await append(sampleMessage(1), to: reports)
        try await account.renameMailbox("Work", to: "Job")
        let names = try await account.mailboxes().map(\.name)
        #expect(names.contains("Job") && names.contains("Job/Reports") && !names.contains("Work"))
        #expect(try await account.mailbox(named: "Job/Reports").sync().messages.count == 1)

        let inbox = try await account.mailbox(named: "INBOX")
        for number in 1...3 { try await append(sampleMessage(number), to: inbox) }
        try await account.renameMailbox("INBOX", to: "Old Inbox")
        #expect(try await inbox.sync().messages.isEmpty, "INBOX stays, empty")
        let old = try await account.mailbox(named: "Old Inbox")
        let moved = try await old.sync().messages
        #expect(moved.count == 3)
        #expect(try await collect(old.body(of: moved[2], range: nil)) == sampleMessage(3))
        do {
            try await account.renameMailbox("Job", to: "inbox")
            Issue.record("renamed onto INBOX")
        } catch {
            #expect(error.code == .mailboxExists)
        }
    }

    @Test func subscriptionsOutliveMailboxes() async throws {
        let (_, account) = try await openAlice(MemoryStore())
        try await account.createMailbox("News", specialUse: nil)
        try await account.setSubscribed("News", true)
        try await account.setSubscribed("Gone", true)
        try await account.deleteMailbox("News")
        let defaults = ["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"]
        #expect(try await account.subscriptions() == (defaults + ["Gone", "News"]).sorted())
        try await account.setSubscribed("Gone", false)
        try await account.setSubscribed("Junk", false)
        #expect(try await account.subscriptions() == (defaults.filter { $0 != "Junk" } + ["News"]).sorted())
    }

    @Test func limitsAndQuota() async throws {
        let store = MemoryStore()
        let service = try makeService(store, quota: 20_000, maxMessageBytes: 10_000)
        try await service.createUser(login: "frank", password: "pw")
        let account = try await service.openAccount(login: "frank", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        let big = sampleMessage(1, body: String(repeating: "x", count: 12_000))
        do {
            try await append(big, to: inbox)
            Issue.record("over the size limit")
        } catch {
            #expect(error.code == .tooLarge)
        }
        let medium = sampleMessage(2, body: String(repeating: "y", count: 8_000))
        try await append(medium, to: inbox)
        try await append(medium, to: inbox)
        #expect(try await account.usedBytes() > 16_000)
        do {
            try await append(medium, to: inbox)
            Issue.record("over quota")
        } catch {
            #expect(error.code == .overQuota)
        }
        await #expect(throws: MailError.self) { try await inbox.append(chunks("short"), size: 50, flags: [], internalDateMillis: 0) }
        #expect(try await inbox.sync().messages.count == 2, "a body of the wrong size stores nothing")
    }

    @Test func namesFollowIMAPRules() async throws {
        let (_, account) = try await openAlice(MemoryStore())
        try await account.createMailbox("Projects/", specialUse: nil)
        try await account.createMailbox("inbox/Receipts", specialUse: nil)
        let names = try await account.mailboxes().map(\.name)
        #expect(names.contains("Projects") && names.contains("INBOX/Receipts"))
        for bad in ["", "a//b", "/a", "wild*card", "per%cent", "tab\tname"] {
            do {
                try await account.createMailbox(bad, specialUse: nil)
                Issue.record("accepted mailbox name \(bad)")
            } catch {
                #expect(error.code == .invalidName)
            }
        }
        do {
            try await account.renameMailbox("Projects", to: "Projects/Old")
            Issue.record("renamed a mailbox into its own child")
        } catch {
            #expect(error.code == .invalidOperation)
        }
        do {
            try await account.createMailbox("projects/", specialUse: nil)
            try await account.createMailbox("Projects", specialUse: nil)
            Issue.record("created an existing mailbox")
        } catch {
            #expect(error.code == .mailboxExists)
        }
    }

    @Test func deliveryChecksUserAndSize() async throws {
        let store = MemoryStore()
        let service = try makeService(store, maxMessageBytes: 5_000)
        try await service.createUser(login: "gina", password: "pw")
        do {
            _ = try await service.deliver(to: "nobody", message: chunks(sampleMessage(1)))
            Issue.record("delivered to an unknown user")
        } catch {
            #expect(error.code == .noSuchUser)
        }
        do {
            _ = try await service.deliver(to: "gina", message: chunks(sampleMessage(1, body: String(repeating: "z", count: 6_000))))
            Issue.record("delivered a message over the limit")
        } catch {
            #expect(error.code == .tooLarge)
        }
        #expect(try await ServiceStore(store: store, directory: nil, s3: nil).blobKeys(prefix: "incoming/").isEmpty)
        let receipt = try await service.deliver(to: "gina", message: chunks(sampleMessage(2)))
        #expect(receipt.size == sampleMessage(2).utf8.count)
        let account = try await service.openAccount(login: "gina", password: "pw")
        #expect(try await account.importIncoming() == 1)
        let inbox = try await account.mailbox(named: "INBOX")
        let view = try await inbox.sync()
        #expect(try await collect(inbox.body(of: view.messages[0], range: nil)) == sampleMessage(2))
        await service.release(account)
    }

    @Test(arguments: ServiceBackend.available) func appendCanNormaliseLineEndings(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let (_, account) = try await openAlice(store.store)
        let inbox = try await account.mailbox(named: "INBOX")
        let sent = "Subject: bare\nFrom: a@example.org\n\nline one\rline two\n" + String(repeating: "x\n", count: 40_000)
        let expected = CRLFNormalizer.normalized(Array(sent.utf8))
        let result = try await inbox.append(
            chunks(sent, size: 999), size: sent.utf8.count, flags: [], internalDateMillis: 0, normalizeLineEndings: true)
        let message = try #require(result.view.messages.first)
        #expect(message.size == UInt64(expected.count))
        #expect(try await collect(inbox.body(of: message, range: nil)) == String(decoding: expected, as: UTF8.self))
        for try await (_, structure) in inbox.metadata(of: [message]) {
            #expect(structure.size == expected.count)
            #expect(structure.root.headerBareLFs == 0 && structure.root.bodyBareLFs == 0)
            #expect(structure.envelope.subject.map { String(decoding: $0, as: UTF8.self) } == "bare")
        }
        // Already CRLF: stored once, as sent.
        let clean = sampleMessage(7)
        let second = try await inbox.append(
            chunks(clean), size: clean.utf8.count, flags: [], internalDateMillis: 0, normalizeLineEndings: true)
        #expect(second.view.messages.last?.size == UInt64(clean.utf8.count))
        #expect(try await store.blobKeys(prefix: "mbox/" + inbox.storageID + "/msg/").count == 2, "no raw copy is left")
        await store.close()
    }
}
