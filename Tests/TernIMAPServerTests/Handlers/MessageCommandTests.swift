import TernIMAP
import TernStorage
import NIOCore
import Testing

@testable import TernIMAPServer

@Suite struct MessageCommandTests {
    static let message = "From: a@example.tld\r\nSubject: hi\r\n\r\nhello\r\n"

    /// Appends `message` to `mailbox` with a synchronizing literal; returns the tagged line.
    static func append(
        _ client: TestClient, tag: String, mailbox: String = "INBOX", flags: String = ""
    ) async -> [String] {
        let flagPart = flags.isEmpty ? "" : " (\(flags))"
        client.send("\(tag) APPEND \(mailbox)\(flagPart) {\(message.utf8.count)}\r\n")
        let continuation = await client.nextLine()
        #expect(continuation == "+ Ready for literal data")
        client.send(message + "\r\n")
        return await client.readUntil(tag: tag)
    }

    @Test func appendSelectStoreExpunge() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        let appended = await Self.append(client, tag: "a1", flags: "\\Seen")
        let appendLine = try #require(appended.last)
        #expect(appendLine.hasPrefix("a1 OK [APPENDUID "))
        #expect(appendLine.hasSuffix("] APPEND completed"))
        // LITERAL+ needs no continuation.
        client.send("a2 APPEND INBOX {\(Self.message.utf8.count)+}\r\n\(Self.message)\r\n")
        #expect(await client.readUntil(tag: "a2").last?.hasPrefix("a2 OK [APPENDUID ") == true)

        let select = await client.command("s", "SELECT INBOX")
        #expect(select.contains("* 2 EXISTS"))
        // The first read-write SELECT after the arrivals claims them as \Recent (RFC 3501 §2.3.2).
        #expect(select.contains("* 2 RECENT"))
        #expect(select.contains("* OK [UNSEEN 2] First unseen"))
        #expect(select.contains("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"))
        #expect(
            select.contains("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted")
        )
        #expect(select.last == "s OK [READ-WRITE] SELECT completed")

        #expect(
            await client.command("t1", "STORE 1:2 +FLAGS (\\Deleted)") == [
                "* 1 FETCH (FLAGS (\\Deleted \\Seen \\Recent))", "* 2 FETCH (FLAGS (\\Deleted \\Recent))",
                "t1 OK STORE completed",
            ])
        #expect(await client.command("t2", "STORE 2 -FLAGS.SILENT (\\Deleted)") == ["t2 OK STORE completed"])
        #expect(
            await client.command("t3", "STORE 3 FLAGS (\\Seen)") == [
                "t3 BAD invalid message sequence number 3 (2 messages)"
            ])
        #expect(await client.command("e1", "EXPUNGE") == ["* 1 EXPUNGE", "e1 OK EXPUNGE completed"])
        #expect(await client.command("n1", "NOOP") == ["n1 OK NOOP completed"])
        let status = await client.command("st", "STATUS INBOX (MESSAGES UNSEEN DELETED RECENT)")
        #expect(status == ["* STATUS INBOX (MESSAGES 1 UNSEEN 1 DELETED 0 RECENT 1)", "st OK STATUS completed"])
        #expect(await client.logout() == .logout)
        // A later session is not the first to see them: nothing is recent, EXAMINE claims nothing.
        let later = try await world.connect()
        _ = await later.command("l", "LOGIN alice hunter2")
        #expect(await later.command("x", "EXAMINE INBOX").contains("* 0 RECENT"))
        #expect(await later.command("s", "SELECT INBOX").contains("* 0 RECENT"))
        #expect(await later.logout() == .logout)
    }

    @Test func uidCommandsAndCondstore() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for tag in ["a1", "a2", "a3"] { _ = await Self.append(client, tag: tag) }
        let select = await client.command("s", "SELECT INBOX (CONDSTORE)")
        let uidNextLine = try #require(select.first { $0.hasPrefix("* OK [UIDNEXT ") })
        #expect(select.contains { $0.hasPrefix("* OK [HIGHESTMODSEQ ") })
        let uidNext = try #require(UInt32(uidNextLine.dropFirst("* OK [UIDNEXT ".count).prefix { $0.isNumber }))
        #expect(uidNext > 1)

        let stored = await client.command("u1", "UID STORE 1:* +FLAGS.SILENT (\\Flagged)")
        // CONDSTORE is on: even .SILENT reports the new MODSEQ (RFC 7162 §3.1.3).
        #expect(stored.count == 4)
        #expect(stored[0].hasPrefix("* 1 FETCH (UID "))
        #expect(stored[0].contains("FLAGS (\\Flagged \\Recent) MODSEQ ("))
        #expect(stored.last == "u1 OK STORE completed")

        let conditional = await client.command("u2", "STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)")
        #expect(conditional == ["u2 OK [MODIFIED 1] Conditional STORE failed"])

        #expect(await client.command("u3", "UID STORE 1:* +FLAGS (\\Deleted)").last == "u3 OK STORE completed")
        let expunged = await client.command("u4", "UID EXPUNGE \(uidNext - 1)")
        #expect(expunged == ["* 3 EXPUNGE", "u4 OK UID EXPUNGE completed"])
        #expect(await client.command("u5", "UNSELECT") == ["u5 OK UNSELECT completed"])
        #expect(await client.command("u6", "EXPUNGE") == ["u6 BAD no mailbox selected"])
        #expect(await client.logout() == .logout)
    }

    @Test func copyAndMoveReportCopyUID() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for tag in ["a1", "a2"] { _ = await Self.append(client, tag: tag) }
        _ = await client.command("s", "SELECT INBOX")

        let copied = await client.command("c1", "COPY 1:2 Archive")
        #expect(copied.count == 1)
        #expect(copied[0].hasPrefix("c1 OK [COPYUID "))
        #expect(await client.command("c2", "COPY 1 Nowhere") == ["c2 NO [TRYCREATE] no mailbox Nowhere"])

        let moved = await client.command("m1", "MOVE 1 Trash")
        #expect(moved.count == 3)
        #expect(moved[0].hasPrefix("* OK [COPYUID "))
        #expect(moved[0].hasSuffix("] Moved"))
        #expect(moved[1] == "* 1 EXPUNGE")
        #expect(moved[2] == "m1 OK MOVE completed")

        let uidMoved = await client.command("m2", "UID MOVE 1:* Trash")
        #expect(uidMoved.first?.hasPrefix("* OK [COPYUID ") == true)
        #expect(uidMoved.dropFirst().first == "* 1 EXPUNGE")

        let status = await client.command("st", "STATUS Trash (MESSAGES)")
        #expect(status.first == "* STATUS Trash (MESSAGES 2)")
        let archive = await client.command("st2", "STATUS Archive (MESSAGES)")
        #expect(archive.first == "* STATUS Archive (MESSAGES 2)")
        #expect(await client.logout() == .logout)
    }

    @Test func idleSeesAnAppendFromAnotherSession() async throws {
        let world = try await TestMailWorld()
        let watcher = try await world.connect()
        await watcher.loginAndSelect()
        watcher.send("i1 IDLE\r\n")
        #expect(await watcher.nextLine() == "+ idling")

        let writer = try await world.connect()
        _ = await writer.command("l", "LOGIN alice hunter2")
        #expect(await Self.append(writer, tag: "a1").last?.hasPrefix("a1 OK [APPENDUID") == true)

        #expect(await watcher.nextLine() == "* 1 EXISTS")
        #expect(await watcher.nextLine() == "* 1 RECENT")
        watcher.send("DONE\r\n")
        #expect(await watcher.nextLine() == "i1 OK IDLE terminated")
        let fetched = await watcher.command("n", "NOOP")
        #expect(fetched == ["n OK NOOP completed"])
        #expect(await writer.logout() == .logout)
        #expect(await watcher.logout() == .logout)
    }

    /// LMTP's path: a delivery lands in the incoming queue (sealed to alice's public key); an IDLE on
    /// INBOX wakes on the queue, imports it and announces it; a later SELECT elsewhere sees it once.
    @Test func idleOnInboxImportsADelivery() async throws {
        let world = try await TestMailWorld()
        let watcher = try await world.connect()
        await watcher.loginAndSelect()
        watcher.send("i1 IDLE\r\n")
        #expect(await watcher.nextLine() == "+ idling")
        let delivered = ByteBuffer(string: "From: bob@example.tld\r\nSubject: via LMTP\r\n\r\nhello\r\n")
        _ = try await world.mail.deliver(to: "alice", message: SyncAsyncSequence(base: [delivered]))
        #expect(await watcher.nextLine() == "* 1 EXISTS")
        #expect(await watcher.nextLine() == "* 1 RECENT")
        watcher.send("DONE\r\n")
        #expect(await watcher.nextLine() == "i1 OK IDLE terminated")
        let body = await watcher.command("f", "FETCH 1 BODY.PEEK[TEXT]")
        #expect(body.first == "* 1 FETCH (BODY[TEXT] {7}")
        #expect(await watcher.logout() == .logout)

        // A NOOP in INBOX imports too; the message is there exactly once. (Another message: the same bytes again
        // would be taken for Postfix retrying the first, see `DeliveryRetryTests`.)
        let second = ByteBuffer(string: "From: bob@example.tld\r\nSubject: via LMTP again\r\n\r\nhello\r\n")
        _ = try await world.mail.deliver(to: "alice", message: SyncAsyncSequence(base: [second]))
        let other = try await world.connect()
        _ = await other.command("l", "LOGIN alice hunter2")
        let status = await other.command("st", "STATUS INBOX (MESSAGES)")
        #expect(status.first == "* STATUS INBOX (MESSAGES 2)")
        #expect(await other.logout() == .logout)
    }

    @Test func appendToAMissingMailboxRefusesTheLiteral() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        client.send("a1 APPEND Nowhere {5}\r\n")
        #expect(await client.nextLine() == "a1 NO [TRYCREATE] no mailbox Nowhere")
        client.send("a2 APPEND Nowhere {5+}\r\nhello\r\n")
        #expect(await client.nextLine() == "a2 NO [TRYCREATE] no mailbox Nowhere")
        client.send("a3 APPEND INBOX {999999999999}\r\n")
        #expect(await client.nextLine()?.hasPrefix("a3 NO [TOOBIG]") == true)
        #expect(await client.command("a4", "NOOP") == ["a4 OK NOOP completed"])
        #expect(await client.logout() == .logout)
    }
}

@Suite struct StreamingAndIdleTests {
    @Test func largeAppendStreamsInPiecesAndArrivesWhole() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        let header = "From: big@example.tld\r\nSubject: big\r\n\r\n"
        let line = String(repeating: "0123456789abcdef", count: 4) + "\r\n"  // 66 bytes
        let lines = 40_000
        let size = header.utf8.count + line.utf8.count * lines
        client.send("a1 APPEND INBOX {\(size)+}\r\n\(header)")
        // Many small socket reads, as a real client's would arrive.
        var chunk = ""
        for index in 0..<lines {
            chunk += line
            if index % 100 == 99 {
                client.send(chunk)
                chunk = ""
            }
        }
        client.send(chunk + "\r\n")
        #expect(await client.readUntil(tag: "a1").last?.hasPrefix("a1 OK [APPENDUID ") == true)
        _ = await client.command("s", "SELECT INBOX")
        #expect(
            await client.command("f", "FETCH 1 RFC822.SIZE") == [
                "* 1 FETCH (RFC822.SIZE \(size))", "f OK FETCH completed",
            ])
        let tail = await client.command("g", "FETCH 1 BODY.PEEK[]<\(size - 66).66>")
        #expect(tail.first == "* 1 FETCH (BODY[]<\(size - 66)> {66}")
        #expect(tail.dropFirst().first == String(repeating: "0123456789abcdef", count: 4))
        #expect(await client.logout() == .logout)
    }

    @Test func idleSeesFlagChangesAndExpungesFromAnotherSession() async throws {
        let world = try await TestMailWorld()
        let other = try await world.connect()
        _ = await other.command("l", "LOGIN alice hunter2")
        _ = await MessageCommandTests.append(other, tag: "a1")
        _ = await MessageCommandTests.append(other, tag: "a2")
        _ = await other.command("s", "SELECT INBOX")

        let watcher = try await world.connect()
        await watcher.loginAndSelect()
        watcher.send("i IDLE\r\n")
        #expect(await watcher.nextLine() == "+ idling")

        _ = await other.command("t", "STORE 2 +FLAGS.SILENT (\\Flagged)")
        #expect(await watcher.nextLine() == "* 2 FETCH (FLAGS (\\Flagged))")
        _ = await other.command("d", "STORE 1 +FLAGS.SILENT (\\Deleted)")
        #expect(await watcher.nextLine() == "* 1 FETCH (FLAGS (\\Deleted))")
        _ = await other.command("e", "EXPUNGE")
        #expect(await watcher.nextLine() == "* 1 EXPUNGE")
        watcher.send("DONE\r\n")
        #expect(await watcher.nextLine() == "i OK IDLE terminated")
        #expect(
            await watcher.command("f", "FETCH 1 FLAGS") == ["* 1 FETCH (FLAGS (\\Flagged))", "f OK FETCH completed"])
        #expect(await other.logout() == .logout)
        #expect(await watcher.logout() == .logout)
    }

    @Test func statusSizeAndHighestModSeq() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await MessageCommandTests.append(client, tag: "a1")
        let size = MessageCommandTests.message.utf8.count
        let status = await client.command("st", "STATUS INBOX (SIZE HIGHESTMODSEQ APPENDLIMIT UIDVALIDITY)")
        #expect(status.first?.hasPrefix("* STATUS INBOX (SIZE \(size) HIGHESTMODSEQ ") == true)
        #expect(status.first?.contains(" APPENDLIMIT 67108864 UIDVALIDITY ") == true)
        #expect(await client.logout() == .logout)
    }

    @Test func idleSeesAnAppendMadeThroughAnotherFrontend() async throws {
        let world = try await TestMailWorld()
        let otherFrontend = try await world.secondFrontend()
        let watcher = try await world.connect()
        await watcher.loginAndSelect()
        watcher.send("i IDLE\r\n")
        #expect(await watcher.nextLine() == "+ idling")

        let writer = try await otherFrontend.connect()
        _ = await writer.command("l", "LOGIN alice hunter2")
        #expect(await MessageCommandTests.append(writer, tag: "a1").last?.hasPrefix("a1 OK [APPENDUID") == true)

        #expect(await watcher.nextLine() == "* 1 EXISTS")
        #expect(await watcher.nextLine() == "* 1 RECENT")
        watcher.send("DONE\r\n")
        #expect(await watcher.nextLine() == "i OK IDLE terminated")
        #expect(await writer.logout() == .logout)
        #expect(await watcher.logout() == .logout)
    }
}
