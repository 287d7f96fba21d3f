import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct MailboxCommandTests {
    @Test func createRenameDeleteSubscribe() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(await client.command("c1", "CREATE Projects/Tern") == ["c1 OK CREATE completed"])
        #expect(await client.command("c2", "CREATE Projects/Tern").last?.hasPrefix("c2 NO [ALREADYEXISTS]") == true)
        #expect(
            await client.command("l1", "LIST \"\" \"Projects/%\"") == [
                "* LIST (\\HasNoChildren) \"/\" Projects/Tern", "l1 OK LIST completed",
            ])
        let top = await client.command("l2", "LIST \"Projects/\" \"%\"")
        #expect(top == ["* LIST (\\HasNoChildren) \"/\" Projects/Tern", "l2 OK LIST completed"])
        #expect(await client.command("s1", "SUBSCRIBE Projects/Tern") == ["s1 OK SUBSCRIBE completed"])
        #expect(
            await client.command("s2", "LSUB \"\" \"Projects/*\"") == [
                "* LSUB () \"/\" Projects/Tern", "s2 OK LSUB completed",
            ])
        // The six defaults start subscribed (Thunderbird shows only subscribed folders by default).
        let defaults = await client.command("s2b", "LSUB \"\" \"%\"")
        for name in ["INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive"] {
            #expect(defaults.contains { $0.hasPrefix("* LSUB (") && $0.hasSuffix(" \"/\" \(name)") }, "\(name)")
        }
        #expect(await client.command("r1", "RENAME Projects/Tern Projects/Gull") == ["r1 OK RENAME completed"])
        #expect(await client.command("d1", "DELETE Projects/Gull") == ["d1 OK DELETE completed"])
        #expect(await client.command("d2", "DELETE INBOX") == ["d2 NO [CANNOT] INBOX cannot be deleted"])
        // UNSUBSCRIBE of a name that no longer exists succeeds.
        #expect(await client.command("s3", "UNSUBSCRIBE Projects/Tern") == ["s3 OK UNSUBSCRIBE completed"])
        #expect(await client.command("s4", "SUBSCRIBE Nowhere") == ["s4 NO [NONEXISTENT] no mailbox Nowhere"])
        #expect(await client.logout() == .logout)
    }

    @Test func listExtendedStatusAndSpecialUse() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(
            await client.command("l1", "LIST (SPECIAL-USE) \"\" \"*\" RETURN (STATUS (MESSAGES UIDNEXT))") == [
                "* LIST (\\HasNoChildren \\Archive) \"/\" Archive",
                "* STATUS Archive (MESSAGES 0 UIDNEXT 1)",
                "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
                "* STATUS Drafts (MESSAGES 0 UIDNEXT 1)",
                "* LIST (\\HasNoChildren \\Junk) \"/\" Junk",
                "* STATUS Junk (MESSAGES 0 UIDNEXT 1)",
                "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
                "* STATUS Sent (MESSAGES 0 UIDNEXT 1)",
                "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
                "* STATUS Trash (MESSAGES 0 UIDNEXT 1)",
                "l1 OK LIST completed",
            ])
        #expect(await client.command("l2", "LIST (RECURSIVEMATCH) \"\" \"*\"").last?.hasPrefix("l2 BAD") == true)
        #expect(
            await client.command("c1", "CREATE Important (USE (\\Flagged))") == ["c1 OK CREATE completed"])
        #expect(
            await client.command("l3", "LIST \"\" Important") == [
                "* LIST (\\HasNoChildren \\Flagged) \"/\" Important", "l3 OK LIST completed",
            ])
        #expect(await client.logout() == .logout)
    }

    @Test func anyStateCommands() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(
            await client.command("i1", "ID (\"name\" \"test\")") == ["* ID (\"name\" \"Tern\")", "i1 OK ID completed"])
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(
            await client.command("n1", "NAMESPACE") == [
                "* NAMESPACE ((\"\" \"/\")) NIL NIL", "n1 OK NAMESPACE completed",
            ])
        #expect(
            await client.command("e1", "ENABLE QRESYNC X-UNKNOWN") == ["* ENABLED QRESYNC", "e1 OK ENABLE completed"])
        #expect(await client.command("e2", "ENABLE QRESYNC") == ["* ENABLED", "e2 OK ENABLE completed"])
        #expect(
            await client.command("q1", "GETQUOTA \"\"") == [
                "* QUOTA \"\" (STORAGE 0 9765)", "q1 OK GETQUOTA completed",
            ])
        #expect(
            await client.command("q2", "SETQUOTA \"\" (STORAGE 1)") == [
                "q2 NO [NOPERM] quota limits are set by the administrator"
            ])
        #expect(await client.logout() == .logout)
    }

    @Test func qresyncSelectReportsVanishedEarlier() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for tag in ["a1", "a2", "a3"] { _ = await MessageCommandTests.append(client, tag: tag) }
        _ = await client.command("e", "ENABLE QRESYNC")
        let select = await client.command("s1", "SELECT INBOX")
        let validity = try #require(select.first { $0.hasPrefix("* OK [UIDVALIDITY ") })
            .dropFirst("* OK [UIDVALIDITY ".count).prefix { $0.isNumber }
        let highest = try #require(select.first { $0.hasPrefix("* OK [HIGHESTMODSEQ ") })
            .dropFirst("* OK [HIGHESTMODSEQ ".count).prefix { $0.isNumber }
        #expect(await client.command("x1", "STORE 1 +FLAGS (\\Deleted)").count == 2)
        #expect(await client.command("x2", "EXPUNGE") == ["* VANISHED 1", "x2 OK EXPUNGE completed"])
        #expect(await client.command("x3", "UNSELECT") == ["x3 OK UNSELECT completed"])
        let resync = await client.command("s2", "SELECT INBOX (QRESYNC (\(validity) \(highest)))")
        #expect(resync.contains("* VANISHED (EARLIER) 1"))
        #expect(resync.last == "s2 OK [READ-WRITE] SELECT completed")
        #expect(await client.logout() == .logout)
    }
}

@Suite struct MailboxNameTests {
    @Test func utf8AcceptChangesHowNamesTravel() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(await client.command("c1", "CREATE Gr&APYA3w-e") == ["c1 OK CREATE completed"])
        #expect(
            await client.command("l1", "LIST \"\" Gr*") == [
                "* LIST (\\HasNoChildren) \"/\" Gr&APYA3w-e", "l1 OK LIST completed",
            ])
        #expect(
            await client.command("c2", "CREATE Gr&AP") == ["c2 NO [CANNOT] mailbox name is not valid modified UTF-7"])
        #expect(await client.command("e", "ENABLE UTF8=ACCEPT") == ["* ENABLED UTF8=ACCEPT", "e OK ENABLE completed"])
        #expect(
            await client.command("l2", "LIST \"\" Gr*") == [
                "* LIST (\\HasNoChildren) \"/\" \"Größe\"", "l2 OK LIST completed",
            ])
        #expect(await client.logout() == .logout)
    }

    @Test func renameInboxMovesTheMailAndKeepsInbox() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await MessageCommandTests.append(client, tag: "a1")
        #expect(await client.command("r", "RENAME INBOX Saved") == ["r OK RENAME completed"])
        #expect(await client.command("s1", "STATUS INBOX (MESSAGES)").first == "* STATUS INBOX (MESSAGES 0)")
        #expect(await client.command("s2", "STATUS Saved (MESSAGES)").first == "* STATUS Saved (MESSAGES 1)")
        #expect(await client.logout() == .logout)
    }

    @Test func deletingTheSelectedMailboxClosesIt() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("c", "CREATE Scratch")
        _ = await client.command("s", "SELECT Scratch")
        #expect(
            await client.command("d", "DELETE Scratch") == ["* OK [CLOSED] Mailbox deleted", "d OK DELETE completed"])
        #expect(await client.command("n", "FETCH 1 FLAGS") == ["n BAD no mailbox selected"])
        #expect(await client.logout() == .logout)
    }
}

@Suite struct SubscriptionListTests {
    @Test func subscribedReturnAndSelectionOptions() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("c", "CREATE Lists/Swift")
        _ = await client.command("s1", "SUBSCRIBE Lists/Swift")
        _ = await client.command("s2", "SUBSCRIBE Sent")
        let marked = await client.command("l1", "LIST \"\" \"S*\" RETURN (SUBSCRIBED)")
        #expect(marked == ["* LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" Sent", "l1 OK LIST completed"])
        let recursive = await client.command("l2", "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"")
        #expect(recursive.contains("* LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" Sent"))
        #expect(
            recursive.contains {
                $0.hasSuffix("\"/\" Lists (\"CHILDINFO\" (\"SUBSCRIBED\"))")
                    || $0.hasSuffix("\"/\" Lists (CHILDINFO (\"SUBSCRIBED\"))")
            })
        #expect(recursive.last == "l2 OK LIST completed")
        _ = await client.command("d", "DELETE Lists/Swift")
        let dangling = await client.command("l3", "LIST (SUBSCRIBED) \"\" \"*\"")
        #expect(dangling.contains("* LIST (\\NonExistent \\Subscribed \\HasNoChildren) \"/\" Lists/Swift"))
        #expect(await client.logout() == .logout)
    }
}
