import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct SearchCommandTests {
    static func append(_ client: TestClient, tag: String, subject: String, flags: String = "") async {
        let message = "From: a@example.tld\r\nSubject: \(subject)\r\n\r\nbody \(subject)\r\n"
        let flagPart = flags.isEmpty ? "" : " (\(flags))"
        client.send("\(tag) APPEND INBOX\(flagPart) {\(message.utf8.count)+}\r\n\(message)\r\n")
        _ = await client.readUntil(tag: tag)
    }

    @Test func searchEsearchAndSort() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        await Self.append(client, tag: "a1", subject: "zebra", flags: "\\Seen")
        await Self.append(client, tag: "a2", subject: "apple")
        await Self.append(client, tag: "a3", subject: "mango", flags: "\\Seen")
        _ = await client.command("s", "SELECT INBOX")
        #expect(await client.command("q1", "SEARCH SEEN") == ["* SEARCH 1 3", "q1 OK SEARCH completed"])
        #expect(await client.command("q2", "UID SEARCH UNSEEN") == ["* SEARCH 65", "q2 OK SEARCH completed"])
        #expect(await client.command("q3", "SEARCH SUBJECT mango") == ["* SEARCH 3", "q3 OK SEARCH completed"])
        #expect(
            await client.command("q4", "SEARCH RETURN (MIN COUNT) SEEN") == [
                "* ESEARCH (TAG \"q4\") MIN 1 COUNT 2", "q4 OK SEARCH completed",
            ])
        #expect(await client.command("q5", "SORT (SUBJECT) UTF-8 ALL") == ["* SORT 2 3 1", "q5 OK SORT completed"])
        // SEARCHRES: SAVE alone answers only OK; `$` then names the saved messages.
        #expect(await client.command("q6", "SEARCH RETURN (SAVE) SEEN") == ["q6 OK SEARCH completed"])
        #expect(
            await client.command("q7", "FETCH $ (FLAGS)") == [
                "* 1 FETCH (FLAGS (\\Seen \\Recent))", "* 3 FETCH (FLAGS (\\Seen \\Recent))", "q7 OK FETCH completed",
            ])
        #expect(
            await client.command("q8", "SEARCH RETURN (SAVE MAX COUNT) ALL") == [
                "* ESEARCH (TAG \"q8\") MAX 3 COUNT 3", "q8 OK SEARCH completed",
            ])
        #expect(await client.command("q9", "UID FETCH $ (FLAGS)").count == 4)
        #expect(
            await client.command("qa", "SEARCH RETURN (SAVE MIN) ALL") == [
                "* ESEARCH (TAG \"qa\") MIN 1", "qa OK SEARCH completed",
            ])
        #expect(await client.command("qb", "FETCH $ (UID)") == ["* 1 FETCH (UID 1)", "qb OK FETCH completed"])
        #expect(await client.command("qc", "SEARCH UID $") == ["* SEARCH 1", "qc OK SEARCH completed"])
        #expect(await client.logout() == .logout)
    }
}

@Suite struct ThreadCommandTests {
    @Test func threadByOrderedSubject() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        await SearchCommandTests.append(client, tag: "a1", subject: "plans")
        await SearchCommandTests.append(client, tag: "a2", subject: "other")
        await SearchCommandTests.append(client, tag: "a3", subject: "Re: plans")
        _ = await client.command("s", "SELECT INBOX")
        let threads = await client.command("t1", "THREAD ORDEREDSUBJECT UTF-8 ALL")
        #expect(threads.last == "t1 OK THREAD completed")
        #expect(threads.first?.hasPrefix("* THREAD ") == true)
        #expect(threads.first?.contains("(1 3)") == true)
        #expect(await client.command("t2", "THREAD FOO UTF-8 ALL").last?.hasPrefix("t2 BAD") == true)
        #expect(await client.logout() == .logout)
    }
}

@Suite struct IMAP4rev2Tests {
    @Test func enablingRev2ChangesWhatTheClientSees() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        await SearchCommandTests.append(client, tag: "a1", subject: "one")
        #expect(await client.command("e", "ENABLE IMAP4rev2") == ["* ENABLED IMAP4rev2", "e OK ENABLE completed"])
        let select = await client.command("s", "SELECT INBOX")
        #expect(!select.contains { $0.contains("RECENT") || $0.contains("[UNSEEN") })
        #expect(select.contains("* LIST () \"/\" INBOX"))
        await SearchCommandTests.append(client, tag: "a2", subject: "two")
        #expect(await client.command("f", "FETCH 2 FLAGS") == ["* 2 FETCH (FLAGS ())", "f OK FETCH completed"])
        #expect(
            await client.command("q", "SEARCH ALL") == ["* ESEARCH (TAG \"q\") ALL 1:2", "q OK SEARCH completed"])
        #expect(
            await client.command("u", "UID SEARCH ALL") == [
                // UIDs 1 and 65 are neighbours among existing messages (UIDSetCompaction).
                "* ESEARCH (TAG \"u\") UID ALL 1:65", "u OK SEARCH completed",
            ])
        #expect(await client.command("c", "CREATE \"Größe\"") == ["c OK CREATE completed"])
        #expect(
            await client.command("l2", "LIST \"\" Gr*") == [
                "* LIST (\\HasNoChildren) \"/\" \"Größe\"", "l2 OK LIST completed",
            ])
        #expect(await client.logout() == .logout)
    }
}
