import Testing
import TernMIME

@Suite struct AddressParserTests {
    private func render(_ value: String) -> String {
        var out: [UInt8] = []
        EnvelopeRenderer.writeAddresses(AddressParser.parse(Array(value.utf8)), into: &out)
        return MIMEFixtures.text(out)
    }

    @Test(arguments: [
        ("alice@example.com", #"((NIL NIL "alice" "example.com"))"#),
        ("Alice <alice@example.com>", #"(("Alice" NIL "alice" "example.com"))"#),
        (#""Joe Q. Public" <john.q.public@example.com>"#, #"(("Joe Q. Public" NIL "john.q.public" "example.com"))"#),
        ("Mary Smith <mary@x.test>, jdoe@example.org", #"(("Mary Smith" NIL "mary" "x.test")(NIL NIL "jdoe" "example.org"))"#),
        ("a@b (Real Name)", #"(("Real Name" NIL "a" "b"))"#),
        (#"Pete(A nice \) chap) <pete(his account)@silly.test(his host)>"#, #"(("Pete" NIL "pete" "silly.test"))"#),
        ("<@route1,@route2:user@host.test>", #"((NIL "@route1,@route2" "user" "host.test"))"#),
        ("undisclosed-recipients:;", #"((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL))"#),
        (
            "A Group:Ed Jones <c@a.test>,joe@where.test;, x@y",
            #"((NIL NIL "A Group" NIL)("Ed Jones" NIL "c" "a.test")(NIL NIL "joe" "where.test")(NIL NIL NIL NIL)(NIL NIL "x" "y"))"#
        ),
        (#""quoted local"@example.com"#, #"((NIL NIL "quoted local" "example.com"))"#),
        ("user@[192.0.2.1]", #"((NIL NIL "user" "[192.0.2.1]"))"#),
        ("John . Doe <jd@x>", #"(("John . Doe" NIL "jd" "x"))"#),
        ("foo", #"((NIL NIL "foo" "MISSING_DOMAIN"))"#),
        (#""foo""#, #"(("foo" NIL "MISSING_MAILBOX" "MISSING_DOMAIN"))"#),
        ("foo bar", #"(("foo bar" NIL "MISSING_MAILBOX" "MISSING_DOMAIN"))"#),
        ("<>", #"((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN"))"#),
        ("Name <broken", #"(("Name" NIL "broken" "SYNTAX_ERROR"))"#),
        // Dovecot 2.3 local parts: white space may precede a dot but not follow it.
        ("<john .q@x>", #"((NIL NIL "john.q" "x"))"#),
        ("<john. q@x>", #"((NIL NIL "MISSING_MAILBOX" "SYNTAX_ERROR"))"#),
        ("<john q@x>", #"((NIL NIL "john" "SYNTAX_ERROR"))"#),
        ("john . q@x", "(({7}\r\njohn. q NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\"))"),
        ("<j@x . y>", #"((NIL NIL "j" "x.y"))"#),
        ("x (y) z <w@v>, <a.b@c> (comm)", #"(("x z" NIL "w" "v")(NIL NIL "a.b" "c"))"#),
        ("a@b (c (d) e)", #"(("c (d) e" NIL "a" "b"))"#),
        ("A <a@b> junk, <c@d>", #"(("A" NIL "a" "b"))"#),
        ("", "NIL"),
        ("   ", "NIL"),
        ("a@b,\r\n c@d", #"((NIL NIL "a" "b")(NIL NIL "c" "d"))"#),
    ])
    func addressList(input: String, expected: String) {
        #expect(render(input) == expected)
    }

    @Test func groupEntries() {
        let parsed = AddressParser.parse(Array("g: a@b;".utf8))
        #expect(parsed.count == 3)
        #expect(parsed[0].isGroupStart)
        #expect(parsed[2].isGroupEnd)
        #expect(parsed[1] == IMAPAddress(nil, nil, "a", "b"))
    }

    @Test func hugeListIsBounded() {
        let value = Array(Array(repeating: "a@b, ", count: 20_000).joined().utf8)
        #expect(AddressParser.parse(value).count == AddressParser.maxAddresses)
    }
}
