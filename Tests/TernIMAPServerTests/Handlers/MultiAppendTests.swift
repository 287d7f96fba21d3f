import Logging
import TernIMAP
import TernMail
import TernStorage
import Testing

@testable import TernIMAPServer

/// MULTIAPPEND (RFC 3502): all messages of one APPEND appear together, with one APPENDUID set, or
/// none does; a refused, malformed or interrupted command leaves the mailbox and the store as
/// they were.
@Suite struct MultiAppendTests {
    static let message = MessageCommandTests.message
    static var literal: String { "{\(message.utf8.count)+}\r\n\(message)" }

    /// Objects stored under any mailbox (message blobs and metadata records).
    static func storedObjects(_ store: MemoryStore) async throws -> Int {
        try await store.list(prefix: "mbox/", startAfter: nil, limit: 1_000).entries.count
    }

    /// What a second session sees of INBOX.
    static func inboxCount(_ world: TestMailWorld) async throws -> [String] {
        let other = try await world.connect()
        _ = await other.command("l", "LOGIN alice hunter2")
        let status = await other.command("st", "STATUS INBOX (MESSAGES)")
        _ = await other.logout()
        return status
    }

    @Test func rfc3502_threeMessagesAppearTogetherWithOneAppendUIDSet() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(await client.command("c", "CAPABILITY").first?.contains(" MULTIAPPEND ") == true)
        await client.loginAndSelect()
        let watcher = try await world.connect()
        await watcher.loginAndSelect()

        client.send("a1 APPEND INBOX (\\Seen) \(Self.literal) (\\Flagged) \(Self.literal) \(Self.literal)\r\n")
        let lines = await client.readUntil(tag: "a1")
        // Writer slot 1 assigns 1, 65, 129: one range over the three existing messages.
        #expect(lines.filter { $0.hasSuffix(" EXISTS") } == ["* 3 EXISTS"])
        let validity = try #require(lines.last?.split(separator: " ").dropFirst(3).first)
        #expect(lines.last == "a1 OK [APPENDUID \(validity) 1:129] APPEND completed")
        #expect(
            await client.command("f", "FETCH 1:3 (UID FLAGS)") == [
                "* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))", "* 2 FETCH (UID 65 FLAGS (\\Flagged \\Recent))",
                "* 3 FETCH (UID 129 FLAGS (\\Recent))", "f OK FETCH completed",
            ])
        let noop = await watcher.command("n", "NOOP")
        #expect(noop.filter { $0.hasSuffix(" EXISTS") } == ["* 3 EXISTS"])
        _ = await watcher.logout()
        _ = await client.logout()
    }

    @Test func rfc3502_aSecondMessageOverTheSizeLimitPublishesNothing() async throws {
        var limits = IMAPServerLimits()
        limits.maxAppendSize = 1_000
        let world = try await TestMailWorld(limits: limits)
        let client = try await world.connect()
        await client.loginAndSelect()
        client.send("a1 APPEND INBOX {\(Self.message.utf8.count)}\r\n")
        #expect(await client.nextLine() == "+ Ready for literal data")
        client.send(Self.message + " {5000}\r\n")
        let answer = await client.readUntil(tag: "a1")
        #expect(answer.last?.hasPrefix("a1 NO [TOOBIG]") == true, "\(answer)")
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        #expect(try await Self.inboxCount(world).first == "* STATUS INBOX (MESSAGES 0)")
        #expect(try await Self.storedObjects(world.store) == 0, "the staged first message is removed")
        _ = await client.logout()
    }

    @Test func rfc3502_aMalformedSecondMessagePublishesNothing() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        await client.loginAndSelect()
        client.send("a1 APPEND INBOX \(Self.literal) \"31-Foo-2024 00:00:00 +0000\" {\(Self.message.utf8.count)}\r\n")
        let answer = await client.readUntil(tag: "a1")
        #expect(answer.last?.hasPrefix("a1 BAD") == true, "\(answer)")
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        #expect(try await Self.inboxCount(world).first == "* STATUS INBOX (MESSAGES 0)")
        #expect(try await Self.storedObjects(world.store) == 0)
        _ = await client.logout()
    }

    /// Past `maxAppendBatchBytes` the rest of the command is skipped and nothing is published.
    @Test func rfc3502_morePerCommandBytesThanTheCapAreRefusedWithLimit() async throws {
        var limits = IMAPServerLimits()
        limits.maxAppendBatchBytes = UInt64(Self.message.utf8.count * 2)
        let world = try await TestMailWorld(limits: limits)
        let client = try await world.connect()
        await client.loginAndSelect()
        client.send("a1 APPEND INBOX \(Self.literal) \(Self.literal) \(Self.literal)\r\n")
        let answer = await client.readUntil(tag: "a1")
        #expect(answer.last?.hasPrefix("a1 NO [LIMIT]") == true, "\(answer)")
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        #expect(try await Self.storedObjects(world.store) == 0)
        // Two fit.
        client.send("a2 APPEND INBOX \(Self.literal) \(Self.literal)\r\n")
        #expect(await client.readUntil(tag: "a2").last?.hasPrefix("a2 OK [APPENDUID") == true)
        _ = await client.logout()
    }

    @Test func rfc3502_aClientGoneMidLiteralPublishesNothing() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        await client.loginAndSelect()
        client.send("a1 APPEND INBOX \(Self.literal) {\(Self.message.utf8.count)+}\r\nFrom: a@exa")
        #expect(await client.close() == .closed)
        #expect(try await Self.inboxCount(world).first == "* STATUS INBOX (MESSAGES 0)")
        #expect(try await Self.storedObjects(world.store) == 0)
    }

    /// Storage fails at the one log write, after two messages are staged: NO [UNAVAILABLE], and
    /// once storage is back the mailbox shows none of them and their objects are gone.
    @Test func rfc3502_aStorageFailureAtTheLogWritePublishesNothing() async throws {
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
        await client.loginAndSelect()

        let size = Self.message.utf8.count
        client.send("a1 APPEND INBOX {\(size)}\r\n")
        #expect(await client.nextLine() == "+ Ready for literal data")
        client.send(Self.message + " {\(size)}\r\n")
        // The second continuation comes once the first message is staged.
        #expect(await client.nextLine() == "+ Ready for literal data")
        await rows.outage.set(true)
        client.send(Self.message + "\r\n")
        #expect(
            await client.readUntil(tag: "a1") == [
                "a1 NO [UNAVAILABLE] Storage is temporarily unavailable, try again later"
            ])
        await rows.outage.set(false)
        #expect(try await Self.storedObjects(store) == 0)
        let status = await client.command("st", "STATUS INBOX (MESSAGES)")
        #expect(status.first == "* STATUS INBOX (MESSAGES 0)")
        _ = await client.logout()
    }
}
