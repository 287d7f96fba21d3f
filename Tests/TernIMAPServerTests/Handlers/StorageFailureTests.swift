import Logging
import NIOCore
import TernIMAP
import TernMail
import TernStorage
import Testing

@testable import TernIMAPServer

/// A row store that fails every call while `outage` is on (storage down).
struct FlakyRows: RowStore {
    actor Outage {
        var isOn = false
        func set(_ value: Bool) { isOn = value }
    }

    let base: MemoryStore
    let outage = Outage()

    var capabilities: StorageCapabilities { base.capabilities }

    private func check() async throws {
        if await outage.isOn { throw StorageError(.unavailable, "storage is down (test)") }
    }

    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await check()
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }

    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try await check()
        return try await base.get(partition: partition, sort: sort)
    }

    func delete(partition: String, sort: String) async throws {
        try await check()
        try await base.delete(partition: partition, sort: sort)
    }

    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try await check()
        return try await base.list(partition: partition, after: after, limit: limit)
    }

    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try await check()
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }

    func waitForChange(partition: String, after: String?) async throws {
        try await base.waitForChange(partition: partition, after: after)
    }
}

@Suite struct StorageFailureTests {
    @Test func storageOutageGivesNoUnavailableAndTheSessionContinues() async throws {
        let store = MemoryStore()
        let rows = FlakyRows(base: store)
        let configuration = try MailServiceConfiguration(
            deploymentSecret: Array(repeating: 42, count: 32), writerSlot: 1, kdf: .testing)
        var logger = Logger(label: "test.imap")
        logger.logLevel = .critical
        let mail = MailService(rows: rows, blobs: store, configuration: configuration, logger: logger)
        try await mail.createUser(login: "alice", password: "hunter2")
        let context = IMAPServerContext(
            mail: mail, authenticator: TestAuthenticator(users: ["alice": "hunter2"]),
            loginDisabledWithoutTLS: false, hostname: "test", logger: logger, timeZone: .utc)
        let client = TestClient(context: context, isTLS: true, startTLS: nil)
        _ = await client.nextLine()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("s", "SELECT INBOX")

        await rows.outage.set(true)
        let append = MessageCommandTests.message
        client.send("a1 APPEND INBOX {\(append.utf8.count)+}\r\n\(append)\r\n")
        #expect(
            await client.readUntil(tag: "a1") == [
                "a1 NO [UNAVAILABLE] Storage is temporarily unavailable, try again later"
            ])
        #expect(
            await client.command("c1", "CREATE Later") == [
                "c1 NO [UNAVAILABLE] Storage is temporarily unavailable, try again later"
            ])
        await rows.outage.set(false)
        #expect(await client.command("c2", "CREATE Later") == ["c2 OK CREATE completed"])
        #expect(await client.logout() == .logout)
    }
}
