import TernLMTP
import Testing

@Suite struct LMTPCommandParserTests {
    static func parse(_ line: String) -> LMTPCommandParser.Outcome { LMTPCommandParser.parse(Array(line.utf8)) }
    static func address(_ local: String, _ domain: String) -> LMTPAddress {
        LMTPAddress(localPart: local, domain: domain)
    }

    @Test(arguments: [
        ("LHLO mx.test.invalid", LMTPCommand.lhlo(domain: "mx.test.invalid")),
        ("lhlo [127.0.0.1]", .lhlo(domain: "[127.0.0.1]")),
        ("HELO x", .smtpGreeting),
        ("EHLO x", .smtpGreeting),
        ("MAIL FROM:<>", .mail(reversePath: nil, parameters: LMTPMailParameters())),
        ("mail from:<A@B.C>", .mail(reversePath: address("A", "B.C"), parameters: LMTPMailParameters())),
        ("MAIL FROM: <a@b.c>", .mail(reversePath: address("a", "b.c"), parameters: LMTPMailParameters())),
        (
            "MAIL FROM:<a@b.c> size=42 body=7bit",
            .mail(reversePath: address("a", "b.c"), parameters: LMTPMailParameters(size: 42, body: .sevenBit))
        ),
        (
            "MAIL FROM:<@relay.example,@other.example:a@b.c>",
            .mail(reversePath: address("a", "b.c"), parameters: LMTPMailParameters())
        ),
        ("RCPT TO:<alice+tag@example.tld>", .rcpt(forwardPath: address("alice+tag", "example.tld"))),
        ("RCPT TO:<\"john doe\"@example.tld>", .rcpt(forwardPath: address("john doe", "example.tld"))),
        ("RCPT TO:<\"a\\\"b\"@example.tld>", .rcpt(forwardPath: address("a\"b", "example.tld"))),
        ("RCPT TO:<Postmaster>", .rcpt(forwardPath: address("postmaster", ""))),
        ("RCPT TO:<user@[192.0.2.1]>", .rcpt(forwardPath: address("user", "[192.0.2.1]"))),
        (
            "RCPT TO:<j\u{fc}rgen@b\u{fc}cher.example>",
            .rcpt(forwardPath: address("j\u{fc}rgen", "b\u{fc}cher.example"))
        ),
        ("DATA", .data), ("rset", .rset), ("NOOP", .noop), ("NOOP x", .noop), ("QUIT", .quit),
        ("VRFY alice", .vrfy), ("HELP", .help), ("STARTTLS", .unsupportedCommand(verb: "STARTTLS")),
    ])
    func parsesValidCommands(line: String, command: LMTPCommand) {
        #expect(Self.parse(line) == .command(command))
    }

    @Test(arguments: [
        "MAIL FROM:<a@b.c", "MAIL FROM:<a..b@c.d>", "MAIL FROM:<.a@c.d>", "MAIL FROM:<a.@c.d>", "MAIL FROM:<a b@c.d>",
        "MAIL FROM:<a@-b.c>", "MAIL FROM:<a@b..c>", "MAIL FROM:<a@>", "MAIL FROM:<@b.c>", "MAIL FROM:<postmaster>",
        "MAIL TO:<a@b.c>", "RCPT TO:<>", "RCPT TO:<a@b.c", "RCPT TO:<\"unterminated@b.c>", "RCPT TO:<a@[1.2.3.4>",
        "RCPT TO:<\u{1}@b.c>", "DATA x", "RSET x", "LHLO", "MAIL FROM:<a@b.c>SIZE=1",
    ])
    func refusesMalformedCommands(line: String) {
        guard case .error(let reply) = Self.parse(line) else {
            Issue.record("accepted \(line.debugDescription)")
            return
        }
        #expect(reply.code == 501, "\(line.debugDescription)")
    }

    @Test func overlongPartsAreRefused() {
        let local = String(repeating: "a", count: 65)
        #expect(
            Self.parse("RCPT TO:<\(local)@b.c>")
                == .error(LMTPReply(501, EnhancedStatusCode(5, 5, 4), "Syntax: RCPT TO:<address>"))
        )
        let label = String(repeating: "d", count: 64)
        guard case .error = Self.parse("RCPT TO:<a@\(label).c>") else {
            Issue.record("64-byte label accepted")
            return
        }
        #expect(
            Self.parse("MAIL FROM:<a@b.c> SIZE=1234567890123456789")
                == .error(LMTPReply(501, EnhancedStatusCode(5, 5, 4), "Syntax: SIZE=<number>"))
        )
    }

    @Test func invalidUTF8IsRefused() {
        let line = Array("RCPT TO:<".utf8) + [0xC3, 0x28] + Array("@b.c>".utf8)
        guard case .error = LMTPCommandParser.parse(line) else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
    }

    @Test func duplicateAndUnknownParameters() {
        #expect(
            Self.parse("MAIL FROM:<a@b.c> SMTPUTF8 SMTPUTF8")
                == .error(LMTPReply(501, EnhancedStatusCode(5, 5, 4), "Syntax: parameter SMTPUTF8 given twice"))
        )
        #expect(
            Self.parse("MAIL FROM:<a@b.c> SMTPUTF8=yes")
                == .error(LMTPReply(555, EnhancedStatusCode(5, 5, 4), "Unsupported parameter SMTPUTF8"))
        )
        #expect(
            Self.parse("MAIL FROM:<a@b.c> AUTH=<>")
                == .error(LMTPReply(555, EnhancedStatusCode(5, 5, 4), "Unsupported parameter AUTH"))
        )
        #expect(Self.parse("XYZZY") == .error(LMTPReply(500, EnhancedStatusCode(5, 5, 2), "Command unrecognized")))
    }

    /// Found by the LMTP fuzzer: a bare CR (which the line framer leaves inside a line) in a parameter name was
    /// echoed into the reply. Quoted client text is now printable ASCII only, and at most 64 bytes of it.
    @Test func repliesQuoteOnlyPrintableClientText() {
        #expect(
            Self.parse("RCPT TO:<postmaster>\rE")
                == .error(LMTPReply(555, EnhancedStatusCode(5, 5, 4), "Unsupported parameter ?E"))
        )
        #expect(
            Self.parse("MAIL FROM:<a@b.c> X\u{1}\u{7F}Y\u{E9}=1")
                == .error(LMTPReply(555, EnhancedStatusCode(5, 5, 4), "Unsupported parameter X??Y??"))
        )
        let long = String(repeating: "Z", count: 5_000)
        guard case .error(let reply) = Self.parse("MAIL FROM:<a@b.c> \(long)") else {
            Issue.record("a long unknown parameter was accepted")
            return
        }
        #expect(reply.lines == ["Unsupported parameter " + String(repeating: "Z", count: 64) + "..."])
    }
}
