import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct FetchCommandTests {
    @Test func appendThenFetchBodyAndFlags() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await MessageCommandTests.append(client, tag: "a1")
        _ = await client.command("s", "SELECT INBOX")
        let size = MessageCommandTests.message.utf8.count
        #expect(
            await client.command("f1", "FETCH 1 (FLAGS RFC822.SIZE)") == [
                "* 1 FETCH (FLAGS (\\Recent) RFC822.SIZE \(size))", "f1 OK FETCH completed",
            ])
        let body = await client.command("f2", "FETCH 1 BODY[]")
        #expect(body.first == "* 1 FETCH (FLAGS (\\Seen \\Recent) BODY[] {\(size)}")
        #expect(body.dropFirst().first == "From: a@example.tld")
        #expect(body.last == "f2 OK FETCH completed")
        let uid = await client.command("f3", "UID FETCH 1:* (FLAGS)")
        #expect(uid == ["* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))", "f3 OK FETCH completed"])
        #expect(
            await client.command("f4", "FETCH 2 FLAGS") == ["f4 BAD invalid message sequence number 2 (1 messages)"])
        #expect(await client.logout() == .logout)
    }

    @Test func examineDoesNotSetSeen() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await MessageCommandTests.append(client, tag: "a1")
        #expect(await client.command("s", "EXAMINE INBOX").last == "s OK [READ-ONLY] EXAMINE completed")
        let body = await client.command("f1", "FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]")
        #expect(body.first?.hasPrefix("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {") == true)
        // Still recent (EXAMINE shows \\Recent but does not claim it), and not \\Seen.
        #expect(await client.command("f2", "FETCH 1 FLAGS") == ["* 1 FETCH (FLAGS (\\Recent))", "f2 OK FETCH completed"])
        #expect(await client.command("t", "STORE 1 +FLAGS (\\Seen)") == ["t NO [READ-ONLY] mailbox is read-only"])
        #expect(await client.logout() == .logout)
    }

    @Test func newArrivalsAreRecentInTheSession() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        await client.loginAndSelect()
        let appended = await MessageCommandTests.append(client, tag: "a1")
        #expect(appended.prefix(2) == ["* 1 EXISTS", "* 1 RECENT"])
        #expect(await client.command("f", "FETCH 1 FLAGS") == ["* 1 FETCH (FLAGS (\\Recent))", "f OK FETCH completed"])
        #expect(await client.logout() == .logout)
    }

    @Test func appendKeepsFlagsAndInternalDate() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        let message = MessageCommandTests.message
        client.send(
            "a1 APPEND INBOX (\\Flagged $Work) \"17-Jul-1996 02:44:25 -0700\" {\(message.utf8.count)+}\r\n\(message)\r\n"
        )
        #expect(await client.readUntil(tag: "a1").last?.hasPrefix("a1 OK [APPENDUID ") == true)
        _ = await client.command("s", "SELECT INBOX")
        #expect(
            await client.command("f", "FETCH 1 (FLAGS INTERNALDATE)") == [
                "* 1 FETCH (FLAGS (\\Flagged \\Recent $Work) INTERNALDATE \"17-Jul-1996 09:44:25 +0000\")",
                "f OK FETCH completed",
            ])
        #expect(await client.logout() == .logout)
    }
}
