import NIOCore
import TernMail
import TernStorage
import Testing

@Suite struct MailServiceUserTests {
    @Test(arguments: ServiceBackend.available) func createOpenAndShareAccount(_ backend: ServiceBackend) async throws {
        let store = try await ServiceStore.open(backend)
        let service = try makeService(store.store)
        try await service.createUser(login: "alice@example.org", password: "correct horse")
        #expect(try await service.userExists(login: "alice@example.org"))
        #expect(try await service.userExists(login: "bob@example.org") == false)

        await #expect(throws: MailError.self) { try await service.createUser(login: "alice@example.org", password: "x") }
        do {
            _ = try await service.openAccount(login: "alice@example.org", password: "wrong")
            Issue.record("wrong password opened the account")
        } catch {
            #expect(error.code == .authenticationFailed)
        }

        let first = try await service.openAccount(login: "alice@example.org", password: "correct horse")
        let second = try await service.openAccount(login: "Alice@Example.org", password: "correct horse")
        #expect(first === second, "sessions of one login share one Account")
        #expect(service.openAccountCount == 1)
        await service.release(first)
        #expect(service.openAccountCount == 1)
        await service.release(second)
        #expect(service.openAccountCount == 0)
        let third = try await service.openAccount(login: "alice@example.org", password: "correct horse")
        #expect(third !== first, "the account is dropped after the last release")
        await service.release(third)
        await store.close()
    }

    /// Two processes starting on one empty store both create the dev user: the loser hears `.userExists`, the
    /// error `tern dev` already expects, not a raw storage error that stops it.
    @Test func concurrentCreatesOfOneUserLeaveOneAndSayExists() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        let outcomes = await withTaskGroup(of: MailError.Code?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        try await service.createUser(login: "dana", password: "pw")
                        return nil
                    } catch let error as MailError {
                        return error.code
                    } catch {
                        return MailError.Code.unavailable
                    }
                }
            }
            return await group.reduce(into: [MailError.Code?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 1, "\(outcomes)")
        #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == .userExists }, "\(outcomes)")
        let account = try await service.openAccount(login: "dana", password: "pw")
        await service.release(account)
    }

    @Test func storageKeysHideTheLogin() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "carol@example.org", password: "pw")
        let account = try await service.openAccount(login: "carol@example.org", password: "pw")
        try await append(sampleMessage(1), to: try await account.mailbox(named: "INBOX"))
        let keys = try await ServiceStore(store: store, directory: nil, s3: nil).blobKeys()
        #expect(!keys.isEmpty)
        for key in keys { #expect(!key.contains("carol") && !key.contains("INBOX"), "\(key)") }
        await service.release(account)
    }

    @Test func changePasswordKeepsMailAndResetDeletesIt() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "dave", password: "old")
        var account = try await service.openAccount(login: "dave", password: "old")
        try await append(sampleMessage(1), to: try await account.mailbox(named: "INBOX"))
        await service.release(account)

        try await service.changePassword(login: "dave", oldPassword: "old", newPassword: "new")
        await #expect(throws: MailError.self) { try await service.openAccount(login: "dave", password: "old") }
        account = try await service.openAccount(login: "dave", password: "new")
        #expect(try await account.mailbox(named: "INBOX").sync().messages.count == 1)
        await service.release(account)

        try await service.resetPassword(login: "dave", newPassword: "reset")
        account = try await service.openAccount(login: "dave", password: "reset")
        #expect(try await account.mailbox(named: "INBOX").sync().messages.isEmpty)
        await service.release(account)
    }

    @Test func deleteUserRemovesEveryObject() async throws {
        let store = MemoryStore()
        let service = try makeService(store)
        try await service.createUser(login: "erin", password: "pw")
        let account = try await service.openAccount(login: "erin", password: "pw")
        try await account.createMailbox("Projects", specialUse: nil)
        try await append(sampleMessage(1), to: try await account.mailbox(named: "INBOX"))
        try await append(sampleMessage(2), to: try await account.mailbox(named: "Projects"))
        _ = try await service.deliver(to: "erin", message: chunks(sampleMessage(3)))
        await service.release(account)

        try await service.deleteUser(login: "erin")
        #expect(try await service.userExists(login: "erin") == false)
        #expect(try await ServiceStore(store: store, directory: nil, s3: nil).blobKeys().isEmpty)
    }
}
