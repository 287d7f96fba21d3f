import TernMail
import TernStorage
import Testing

/// `MailService.stopBackgroundWork()`, what graceful shutdown runs between the sessions and storage: the import
/// tasks of open accounts end, none starts again, and nothing delivered is lost (the next process imports it).
@Suite struct BackgroundWorkStopTests {
    private func service(_ store: MemoryStore, slot: UInt8) throws -> MailService {
        var configuration = try MailServiceConfiguration(
            deploymentSecret: testSecret, writerSlot: slot, kdf: .testing, incomingPartBytes: 4096)
        configuration.incomingImport = IncomingImportLimits(batchMessages: 2, inlineMessages: 2)
        return MailService(rows: store, blobs: store, configuration: configuration)
    }

    private func deliver(_ numbers: ClosedRange<Int>, to store: MemoryStore) async throws {
        let delivery = try service(store, slot: 3)
        for number in numbers {
            _ = try await delivery.deliver(to: "alice", message: chunks(sampleMessage(number), size: 1000))
        }
    }

    @Test func stoppedAccountsImportNoMoreAndLoseNothing() async throws {
        let store = MemoryStore()
        try await service(store, slot: 3).createUser(login: "alice", password: "pw")
        try await deliver(1...30, to: store)
        let mail = try service(store, slot: 1)
        let account = try await mail.openAccount(login: "alice", password: "pw")
        // Two in line; the rest goes to the account's background task.
        #expect(try await account.importIncomingOnLook() == 2)

        await mail.stopBackgroundWork()
        #expect(await !account.isImportingIncoming)
        // New mail arrives after the stop: no look imports it in this process any more.
        try await deliver(31...35, to: store)
        #expect(try await account.importIncomingOnLook() == 0)
        #expect(await !account.isImportingIncoming)
        // Had a task gone on, it would take 31...35 too once it ends.
        await withCheckedContinuation { (ended: CheckedContinuation<Void, Never>) in
            Task { await account.whenIncomingImportEnds { ended.resume() } }
        }
        #expect(try await account.mailbox(named: "INBOX").sync().messages.count <= 30)
        await mail.release(account)

        // The next process finds everything: what the stopped task committed, and the rest still queued.
        let next = try service(store, slot: 2)
        let later = try await next.openAccount(login: "alice", password: "pw")
        _ = try await later.importIncoming()
        let view = try await later.mailbox(named: "INBOX").sync()
        #expect(view.messages.count == 35)
        await next.release(later)
    }
}
