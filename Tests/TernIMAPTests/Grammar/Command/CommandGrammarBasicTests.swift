import Testing
import TernIMAP

/// Typed expectations for the any-state, not-authenticated and mailbox commands.
@Suite("Command grammar: session and mailbox commands")
struct CommandGrammarBasicTests {
    static let cases: [(String, Command)] = [
        ("a CAPABILITY", .capability),
        ("a noop", .noop),
        ("a LOGOUT", .logout),
        ("a STARTTLS", .startTLS),
        ("a ID (\"name\" \"x\" \"os\" NIL)", .id([IDParameter(key: "name", value: "x"), IDParameter(key: "os", value: nil)])),
        ("a ID NIL", .id(nil)),
        ("a ENABLE CONDSTORE utf8=accept", .enable([.condStore, .utf8Accept])),
        ("a COMPRESS deflate", .compress(mechanism: "DEFLATE")),
        ("a AUTHENTICATE plain", .authenticate(mechanism: "PLAIN", initialResponse: nil)),
        ("a AUTHENTICATE PLAIN =", .authenticate(mechanism: "PLAIN", initialResponse: .empty)),
        ("a AUTHENTICATE PLAIN AGZvbwBiYXI=", .authenticate(mechanism: "PLAIN", initialResponse: .base64(Array("AGZvbwBiYXI=".utf8)))),
        ("a LOGIN fred \"s e\"", .login(username: "fred", password: "s e")),
        ("a SELECT INBOX", .select(.inbox, parameters: [])),
        ("a SELECT iNbOx (CONDSTORE)", .select(.inbox, parameters: [.condStore])),
        (
            "a SELECT x (QRESYNC (5 7 1:9 (2,4 20,40)))",
            .select(
                MailboxName(encoding: "x"),
                parameters: [
                    .qresync(
                        QResyncParameter(
                            uidValidity: 5, modSeq: ModSeq(7), knownUIDs: .ranges([SequenceRange(1, 9)]),
                            sequenceMatch: SequenceMatchData(
                                sequences: .ranges([SequenceRange(2), SequenceRange(4)]),
                                uids: .ranges([SequenceRange(20), SequenceRange(40)]))))
                ])
        ),
        ("a EXAMINE \"a b\"", .examine(MailboxName(encoding: "a b"), parameters: [])),
        ("a CREATE x (USE (\\Junk))", .create(MailboxName(encoding: "x"), parameters: [.use([Flag("\\Junk")])])),
        ("a DELETE x", .delete(MailboxName(encoding: "x"))),
        ("a RENAME x y", .rename(from: MailboxName(encoding: "x"), to: MailboxName(encoding: "y"))),
        ("a SUBSCRIBE x", .subscribe(MailboxName(encoding: "x"))),
        ("a UNSUBSCRIBE x", .unsubscribe(MailboxName(encoding: "x"))),
        (
            "a LIST \"\" %",
            .list(ListCommand(reference: MailboxName([]), patterns: .single("%")))
        ),
        (
            "a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (a* b) RETURN (CHILDREN STATUS (UIDNEXT SIZE))",
            .list(
                ListCommand(
                    selectOptions: [.subscribed, .recursiveMatch], reference: MailboxName([]),
                    patterns: .multiple(["a*", "b"]), returnOptions: [.children, .status([.uidNext, .size])]))
        ),
        ("a LSUB \"\" *", .lsub(reference: MailboxName([]), pattern: "*")),
        ("a NAMESPACE", .namespace),
        ("a STATUS INBOX (messages unseen)", .status(.inbox, [.messages, .unseen])),
        ("a IDLE", .idle),
        ("a GETQUOTA \"\"", .getQuota(root: "")),
        ("a GETQUOTAROOT INBOX", .getQuotaRoot(.inbox)),
        ("a SETQUOTA \"\" (storage 10)", .setQuota(root: "", limits: [QuotaLimit(resource: "STORAGE", limit: 10)])),
        ("a CHECK", .check),
        ("a CLOSE", .close),
        ("a UNSELECT", .unselect),
        ("a EXPUNGE", .expunge),
        ("a UID EXPUNGE 1:*", .uidExpunge(.all)),
        ("a COPY 1 x", .copy(CopyCommand(set: .ranges([SequenceRange(1)]), mailbox: MailboxName(encoding: "x")))),
        ("a UID MOVE $ x", .move(CopyCommand(isUID: true, set: .lastSearchResult, mailbox: MailboxName(encoding: "x")))),
    ]

    @Test("parses to the expected value", arguments: cases)
    func parses(_ line: String, _ expected: Command) {
        #expect(parseOne(line) == expected)
    }

    static let malformed: [String] = [
        "a LOGIN fred",
        "a SELECT",
        "a SELECT INBOX (FOO)",
        "a LIST (BOGUS) \"\" *",
        "a LIST (RECURSIVEMATCH) \"\" *",
        "a STATUS INBOX ()",
        "a STATUS INBOX (FOO)",
        "a CAPABILITY extra",
        "a FROB",
        "a UID FROB 1",
        "a  NOOP",
        "a NOOP ",
        "+a NOOP",
        "a AUTHENTICATE PLAIN !!",
        "a ENABLE",
        "a APPEND INBOX",
        "a UID EXPUNGE 0",
        "a COPY 1:0 x",
        "a SELECT INBOX (QRESYNC (0 1))",
        "a CREATE x (USE (\\*))",
        "a LOGIN {3+}\r\na\u{0}b x",
        "a LOGIN \"a\u{0}b\" x",
    ]

    @Test("malformed commands are rejected with the tag", arguments: malformed)
    func rejects(_ line: String) {
        let outputs = parseCommands(line + "\r\n")
        let failures = parseErrors(outputs)
        #expect(failures.count == 1, "\(outputs)")
        if !line.hasPrefix("+") {
            #expect(failures.first?.tag == Tag("a"))
        }
    }
}
