import TernIMAP
import Testing

@testable import TernIMAPServer

/// Whole sessions for the behaviours of issue 13 that Dovecot's imaptest checks: keyword FLAGS
/// announcements, NIL as a flag, compact UID sets, long ID values, odd LIST patterns, CHILDINFO and
/// LSUB levels.
@Suite struct ProtocolParityTests {
    static func append(_ client: TestClient, tag: String, mailbox: String = "INBOX", flags: String = "") async {
        let message = "From: a@example.tld\r\nSubject: \(tag)\r\n\r\nbody\r\n"
        let flagPart = flags.isEmpty ? "" : " (\(flags))"
        client.send("\(tag) APPEND \(mailbox)\(flagPart) {\(message.utf8.count)+}\r\n\(message)\r\n")
        _ = await client.readUntil(tag: tag)
    }

    /// RFC 3501 §7.2.6 / RFC 9051 §7.3.5: FLAGS and PERMANENTFLAGS list a new keyword before the FETCH
    /// that shows it, for this session's STORE and for another session's.
    @Test func rfc3501_7_2_6_flagsAnnounceNewKeywordsBeforeFetch() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        await Self.append(client, tag: "a1")
        _ = await client.command("s", "SELECT INBOX")
        let own = await client.command("t1", "STORE 1 +FLAGS ($Label1)")
        #expect(
            own == [
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)",
                "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted",
                "* 1 FETCH (FLAGS ($Label1 \\Recent))", "t1 OK STORE completed",
            ])
        let other = try await world.connect()
        _ = await other.loginAndSelect()
        _ = await other.command("o1", "STORE 1 +FLAGS (Junk)")
        let seen = await client.command("n1", "NOOP")
        #expect(
            seen == [
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 Junk)",
                "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 Junk \\*)] Flags permitted",
                "* 1 FETCH (FLAGS ($Label1 Junk \\Recent))", "n1 OK NOOP completed",
            ])
        _ = await other.logout()
        #expect(await client.logout() == .logout)
    }

    /// NIL is no flag keyword (RFC 9051 §9 `flag-keyword` vs `nil`); Dovecot answers BAD.
    @Test func storeNilFlagIsBad() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        await Self.append(client, tag: "a1")
        _ = await client.command("s", "SELECT INBOX")
        let answer = await client.command("t1", "STORE 1 +FLAGS (NIL)")
        #expect(answer.last?.hasPrefix("t1 BAD ") == true, "\(answer)")
        #expect(await client.command("t2", "STORE 1 +FLAGS nil").last?.hasPrefix("t2 BAD ") == true)
        #expect(await client.command("f", "FETCH 1 FLAGS") == ["* 1 FETCH (FLAGS (\\Recent))", "f OK FETCH completed"])
        #expect(await client.logout() == .logout)
    }

    /// RFC 4731 §3.1 / RFC 9051 §9: UID sets Tern sends are ranges over existing messages (UIDs step
    /// by 64 per writer), never covering a message outside the set.
    @Test func uidSetsAreCompactedOverExistingMessages() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for index in 1...5 { await Self.append(client, tag: "a\(index)") }
        _ = await client.command("c", "CREATE Archive")
        _ = await client.command("s", "SELECT INBOX")
        #expect(
            await client.command("q1", "UID SEARCH RETURN (ALL) ALL") == [
                "* ESEARCH (TAG \"q1\") UID ALL 1:257", "q1 OK SEARCH completed",
            ])
        _ = await client.command("t", "STORE 3 +FLAGS (\\Flagged)")
        #expect(
            await client.command("q2", "UID SEARCH RETURN (ALL) UNFLAGGED") == [
                "* ESEARCH (TAG \"q2\") UID ALL 1:65,193:257", "q2 OK SEARCH completed",
            ])
        let copied = await client.command("c1", "UID COPY 1:* Archive")
        #expect(copied.last?.hasPrefix("c1 OK [COPYUID ") == true, "\(copied)")
        let copy = await client.command("c2", "COPY 1,2,4,5 Archive")
        let code = try #require(copy.last)
        #expect(code.hasPrefix("c2 OK [COPYUID ") && code.contains(" 1:65,193:257 "), "\(code)")
        #expect(await client.logout() == .logout)
    }

    /// RFC 7162 §3.2.10: VANISHED over existing messages too.
    @Test func vanishedIsCompacted() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for index in 1...4 { await Self.append(client, tag: "a\(index)") }
        _ = await client.command("e", "ENABLE QRESYNC")
        _ = await client.command("s", "SELECT INBOX")
        _ = await client.command("t", "STORE 1:3 +FLAGS.SILENT (\\Deleted)")
        let expunged = await client.command("x", "EXPUNGE")
        #expect(expunged.first == "* VANISHED 1:129", "\(expunged)")
        #expect(await client.logout() == .logout)
    }

    /// RFC 2971 §3.3 allows 30 pairs with values up to 1,024 bytes: accepted, never BAD or a drop.
    @Test func rfc2971_idWithThirtyLongPairsIsAccepted() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        let value = String(repeating: "v", count: 1_024)
        let pairs = (1...30).map { "\"field\($0)-\(String(repeating: "f", count: 1_000))\" \"\(value)\"" }
        let answer = await client.command("i", "ID (\(pairs.joined(separator: " ")))")
        #expect(answer == ["* ID (\"name\" \"Tern\")", "i OK ID completed"])
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        #expect(await client.logout() == .logout)
    }

    /// RFC 3501 §6.3.8: every `list-char` is accepted; a pattern of atom-specials matches nothing.
    @Test func rfc3501_6_3_8_listPatternWithAtomSpecialsMatchesNothing() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        let answer = await client.command("q", "LIST \"\" !#$&'+,-.0123456789:;<=>?@^_`|[}%*")
        #expect(answer == ["q OK LIST completed"])
        #expect(await client.command("q2", "LSUB \"\" &Jjo!*") == ["q2 OK LSUB completed"])
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        #expect(await client.logout() == .logout)
    }

    /// RFC 5258 §3.5 CHILDINFO with \Subscribed on a subscribed parent; RFC 3501 §6.3.9 LSUB levels.
    @Test func rfc5258_3_5_childInfoAndLsubParents() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("c1", "CREATE parent")
        _ = await client.command("c2", "CREATE parent/child")
        _ = await client.command("c3", "CREATE other/child")
        _ = await client.command("c4", "CREATE other/child/deep")
        _ = await client.command("u1", "SUBSCRIBE parent")
        _ = await client.command("u2", "SUBSCRIBE parent/child")
        _ = await client.command("u3", "SUBSCRIBE other/child/deep")
        let recursive = await client.command("r", "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" parent")
        #expect(
            recursive == [
                "* LIST (\\Subscribed \\HasChildren) \"/\" parent (\"CHILDINFO\" (\"SUBSCRIBED\"))", "r OK LIST completed",
            ])
        let lsub = await client.command("s", "LSUB \"\" other/%")
        #expect(lsub == ["* LSUB (\\Noselect) \"/\" other/child", "s OK LSUB completed"])
        #expect(await client.logout() == .logout)
    }
}
