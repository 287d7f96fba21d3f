import NIOCore
import TernMail
import TernStorage
import Testing

@testable import TernIMAPServer

/// An idle session releases its account (keys kept as a ticket) and reopens it on wake; what it
/// reports does not change.
@Suite struct IdleSleepTests {
    /// Yields until `condition` holds; no timing assumption.
    static func eventually(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test func anIdleSessionReleasesItsAccountAndStillSeesEverything() async throws {
        let world = try await TestMailWorld()
        let writer = try await world.connect()
        _ = await writer.command("l", "LOGIN alice hunter2")
        for tag in ["a1", "a2"] {
            #expect(await MessageCommandTests.append(writer, tag: tag).last?.hasPrefix("\(tag) OK [APPENDUID") == true)
        }
        #expect(await writer.logout() == .logout)

        let watcher = try await world.connect()
        await watcher.loginAndSelect()
        watcher.send("i1 IDLE\r\n")
        #expect(await watcher.nextLine() == "+ idling")
        await Self.eventually { world.mail.openAccountCount == 0 }

        // A delivery wakes it: the account is reopened, the mail imported and announced.
        let delivered = ByteBuffer(string: "From: bob@example.tld\r\nSubject: hi\r\n\r\nhello\r\n")
        _ = try await world.mail.deliver(to: "alice", message: SyncAsyncSequence(base: [delivered]))
        #expect(await watcher.nextLine() == "* 3 EXISTS")
        #expect(await watcher.nextLine() == "* 3 RECENT")
        await Self.eventually { world.mail.openAccountCount == 0 }

        // Another session's flag change and expunge, seen from the released state.
        let other = try await world.connect()
        await other.loginAndSelect()
        #expect(await other.command("s1", "STORE 2 +FLAGS.SILENT (\\Flagged)").last == "s1 OK STORE completed")
        #expect(await watcher.nextLine()?.hasPrefix("* 2 FETCH (FLAGS (\\Flagged") == true)
        #expect(await other.command("s2", "STORE 1 +FLAGS.SILENT (\\Deleted)").last == "s2 OK STORE completed")
        #expect(await watcher.nextLine()?.hasPrefix("* 1 FETCH (FLAGS (\\Deleted") == true)
        #expect(await other.command("e", "EXPUNGE").last == "e OK EXPUNGE completed")
        #expect(await watcher.nextLine() == "* 1 EXPUNGE")
        #expect(await other.logout() == .logout)

        watcher.send("DONE\r\n")
        #expect(await watcher.nextLine() == "i1 OK IDLE terminated")
        let body = await watcher.command("f", "FETCH 2 (FLAGS BODY.PEEK[TEXT])")
        #expect(body.first == "* 2 FETCH (FLAGS (\\Recent) BODY[TEXT] {7}")
        #expect(world.mail.openAccountCount == 1)
        #expect(await watcher.logout() == .logout)
        #expect(world.mail.openAccountCount == 0)
    }

    /// IDLE ended by anything but DONE (BAD) still leaves the session able to answer by sequence
    /// number: the tracker leaves its idle form.
    @Test func aBadEndOfIdleKeepsSequenceNumbersWorking() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(await MessageCommandTests.append(client, tag: "a1").last?.hasPrefix("a1 OK [APPENDUID") == true)
        _ = await client.command("s", "SELECT INBOX")
        client.send("i1 IDLE\r\n")
        #expect(await client.nextLine() == "+ idling")
        await Self.eventually { world.mail.openAccountCount == 0 }
        client.send("i2 NOOP\r\n")
        #expect(await client.nextLine() == "i1 BAD expected DONE to end IDLE")
        let fetched = await client.command("f", "FETCH 1 (FLAGS)")
        #expect(fetched.last == "f OK FETCH completed")
        #expect(fetched.first?.hasPrefix("* 1 FETCH (FLAGS") == true)
        #expect(await client.logout() == .logout)
    }
}
