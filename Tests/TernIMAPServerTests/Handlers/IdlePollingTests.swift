import Logging
import NIOCore
import TernMail
import TernNetwork
import TernStorage
import TernTestSupport
import Testing

@testable import TernIMAPServer

/// IDLE without a working storage watch: it polls every `IMAPSession.idleRetryDelay`, timed on a manual clock.
@Suite(.timeLimit(.minutes(2))) struct IdlePollingTests {
    /// A row store whose change watch always fails (everything else works).
    struct WatchlessRows: RowStore {
        let base: MemoryStore

        var capabilities: StorageCapabilities { base.capabilities }

        func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
            try await base.put(partition: partition, sort: sort, value: value, condition: condition)
        }

        func get(partition: String, sort: String) async throws -> ByteBuffer? {
            try await base.get(partition: partition, sort: sort)
        }

        func delete(partition: String, sort: String) async throws {
            try await base.delete(partition: partition, sort: sort)
        }

        func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
            try await base.list(partition: partition, after: after, limit: limit)
        }

        func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
            try await base.listKeys(partition: partition, after: after, limit: limit)
        }

        func waitForChange(partition: String, after: String?) async throws {
            throw StorageError(.unavailable, "watch down (test)")
        }
    }

    @Test func aFailedWatchFallsBackToPollingOnTheClock() async throws {
        let clock = ManualClock()
        let store = MemoryStore()
        var logger = Logger(label: "test.imap")
        logger.logLevel = .critical
        let mail = MailService(
            rows: WatchlessRows(base: store), blobs: store,
            configuration: try MailServiceConfiguration(
                deploymentSecret: Array(repeating: 42, count: 32), writerSlot: 1, kdf: .testing),
            logger: logger)
        try await mail.createUser(login: "alice", password: "hunter2")
        let context = IMAPServerContext(
            mail: mail, authenticator: TestAuthenticator(users: ["alice": "hunter2"]),
            loginDisabledWithoutTLS: false, hostname: "test", logger: logger, timeZone: .utc,
            deadlines: DeadlineScheduler(clock: AnyClock(clock)))
        let deadlines = context.deadlines

        let watcher = TestClient(context: context, isTLS: true, startTLS: nil)
        _ = await watcher.nextLine()
        await watcher.loginAndSelect()
        watcher.send("i1 IDLE\r\n")
        #expect(await watcher.nextLine() == "+ idling")
        // The watch failed at once: IDLE waits for its deadline and for the poll, both on the clock.
        await IdleSleepTests.eventually { deadlines.pendingCount == 2 }

        // A message arrives while nothing watches; nothing tells the idle session.
        let writer = TestClient(context: context, isTLS: true, startTLS: nil)
        _ = await writer.nextLine()
        #expect(await writer.command("l", "LOGIN alice hunter2").last?.hasPrefix("l OK") == true)
        #expect(await MessageCommandTests.append(writer, tag: "a1").last?.hasPrefix("a1 OK") == true)
        #expect(await writer.logout() == .logout)
        await IdleSleepTests.eventually { deadlines.pendingCount == 2 }

        // The poll comes when the clock reaches it.
        clock.advance(by: IMAPSession.idleRetryDelay)
        #expect(await watcher.nextLine() == "* 1 EXISTS")
        watcher.send("DONE\r\n")
        #expect(await watcher.readUntil(tag: "i1").last == "i1 OK IDLE terminated")
        #expect(await watcher.logout() == .logout)
    }
}
