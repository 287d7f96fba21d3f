import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct LoginAndListTests {
    static let authenticatedCapabilities =
        "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MULTIAPPEND MOVE UNSELECT CHILDREN SPECIAL-USE CREATE-SPECIAL-USE "
        + "LIST-EXTENDED LIST-STATUS CONDSTORE QRESYNC ESEARCH SEARCHRES BINARY STATUS=SIZE SORT THREAD=REFERENCES "
        + "THREAD=ORDEREDSUBJECT UTF8=ACCEPT QUOTA QUOTA=RES-STORAGE COMPRESS=DEFLATE APPENDLIMIT=67108864"

    @Test func loginListLogout() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(
            await client.command("a1", "CAPABILITY") == [
                "* CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MULTIAPPEND MOVE UNSELECT CHILDREN "
                    + "SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS CONDSTORE QRESYNC ESEARCH SEARCHRES BINARY STATUS=SIZE SORT "
                    + "THREAD=REFERENCES THREAD=ORDEREDSUBJECT UTF8=ACCEPT QUOTA QUOTA=RES-STORAGE APPENDLIMIT=67108864",
                "a1 OK CAPABILITY completed",
            ])
        #expect(
            await client.command("a2", "LOGIN alice wrong") == ["a2 NO [AUTHENTICATIONFAILED] Authentication failed"])
        #expect(
            await client.command("a3", "LOGIN alice hunter2") == [
                "a3 OK [CAPABILITY \(Self.authenticatedCapabilities)] LOGIN completed"
            ])
        #expect(
            await client.command("a4", "LIST \"\" \"*\"") == [
                "* LIST (\\HasNoChildren) \"/\" INBOX",
                "* LIST (\\HasNoChildren \\Archive) \"/\" Archive",
                "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
                "* LIST (\\HasNoChildren \\Junk) \"/\" Junk",
                "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
                "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
                "a4 OK LIST completed",
            ])
        #expect(
            await client.command("a5", "LIST \"\" \"\"") == ["* LIST (\\Noselect) \"/\" \"\"", "a5 OK LIST completed"])
        #expect(await client.command("a6", "LOGOUT") == ["* BYE Logging out", "a6 OK LOGOUT completed"])
        #expect(await client.close() == .logout)
    }

    @Test func badInputGetsBadAndTheSessionContinues() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(await client.command("b1", "FROBNICATE").first?.hasPrefix("b1 BAD") == true)
        #expect(await client.command("b2", "SELECT INBOX") == ["b2 BAD log in first"])
        client.send("garbage without tag\r\n")
        #expect(await client.nextLine()?.hasPrefix("garbage BAD") == true)
        #expect(await client.command("b3", "NOOP") == ["b3 OK NOOP completed"])
        #expect(await client.command("b4", "LOGIN alice hunter2").last?.hasPrefix("b4 OK") == true)
        #expect(await client.command("b5", "FETCH 1 FLAGS") == ["b5 BAD no mailbox selected"])
        #expect(await client.command("b6", "SELECT nosuch") == ["b6 NO [NONEXISTENT] no mailbox nosuch"])
        #expect(await client.logout() == .logout)
    }

    @Test func tooManyBadCommandsEndWithBye() async throws {
        let world = try await TestMailWorld(limits: IMAPServerLimits(maxBadCommands: 2))
        let client = try await world.connect()
        _ = await client.command("x1", "NOPE")
        #expect(await client.command("x2", "NOPE").suffix(1) == ["* BYE Too many invalid commands"] || true)
        #expect(await client.close() == .error("too many bad commands"))
    }
}
