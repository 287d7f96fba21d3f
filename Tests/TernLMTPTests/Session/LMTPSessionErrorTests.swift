import NIOCore
import TernLMTP
import Testing

@Suite struct LMTPSessionErrorTests {
    func greeted(_ configuration: LMTPConfiguration = LMTPConfiguration(hostname: "lmtp.test")) -> LMTPHarness {
        var harness = LMTPHarness(
            configuration: configuration,
            directory: ["alice@example.tld": .accepted(mailbox: "alice")]
        )
        harness.run()
        harness.send("LHLO client\r\n")
        return harness
    }

    @Test func heloAndEhloAreRefused() {
        var harness = LMTPHarness()
        harness.run()
        #expect(harness.send("HELO x\r\n") == "500 5.5.1 This is LMTP: use LHLO, not HELO or EHLO\r\n")
        #expect(harness.send("EHLO x\r\n") == "500 5.5.1 This is LMTP: use LHLO, not HELO or EHLO\r\n")
        #expect(harness.send("MAIL FROM:<a@b.c>\r\n") == "503 5.5.1 Send LHLO first\r\n")
        #expect(harness.send("LHLO\r\n") == "501 5.5.4 Syntax: LHLO <hostname>\r\n")
    }

    @Test func sequenceErrors() {
        var harness = greeted()
        #expect(harness.send("RCPT TO:<alice@example.tld>\r\n") == "503 5.5.1 Need MAIL command\r\n")
        #expect(harness.send("DATA\r\n") == "503 5.5.1 Need MAIL command\r\n")
        #expect(harness.send("MAIL FROM:<a@b.c>\r\n") == "250 2.1.0 Sender ok\r\n")
        #expect(harness.send("MAIL FROM:<a@b.c>\r\n") == "503 5.5.1 Sender already specified\r\n")
        #expect(harness.send("DATA\r\n") == "503 5.5.1 No valid recipients\r\n")
        #expect(
            harness.send("RCPT TO:<nobody@example.tld>\r\nDATA\r\n")
                == [
                    "550 5.1.1 <nobody@example.tld>: Recipient address rejected: User unknown",
                    "503 5.5.1 No valid recipients",
                ].crlf
        )
        #expect(
            harness.send("RSET\r\nRCPT TO:<alice@example.tld>\r\n")
                == ["250 2.0.0 Ok", "503 5.5.1 Need MAIL command"].crlf
        )
    }

    @Test func simpleCommands() {
        var harness = greeted()
        #expect(harness.send("NOOP\r\nnoop anything\r\n") == ["250 2.0.0 Ok", "250 2.0.0 Ok"].crlf)
        #expect(
            harness.send("VRFY alice\r\n")
                == "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n"
        )
        #expect(
            harness.send("EXPN list\r\nSTARTTLS\r\nBDAT 10 LAST\r\n")
                == Array(repeating: "502 5.5.1 Command not implemented", count: 3).crlf
        )
        #expect(harness.send("FOO bar\r\n") == "500 5.5.2 Command unrecognized\r\n")
        #expect(harness.send("QUIT now\r\n") == "501 5.5.4 Syntax: QUIT\r\n")
    }

    /// Everything pipelined after QUIT is ignored; the session closes after the 221.
    @Test func quitEndsPipelinedInput() {
        var harness = greeted()
        #expect(
            harness.send("NOOP\r\nQUIT\r\nNOOP\r\nMAIL FROM:<a@b.c>\r\n") == ["250 2.0.0 Ok", "221 2.0.0 Bye"].crlf
        )
        #expect(harness.closed)
        #expect(harness.send("NOOP\r\n") == "")
    }

    @Test func oversizedLineIsRefusedAndTheNextLineStillWorks() {
        var harness = greeted(LMTPConfiguration(hostname: "lmtp.test", maxCommandLineLength: 64))
        let long = "NOOP " + String(repeating: "x", count: 500) + "\r\nNOOP\r\n"
        #expect(harness.send(long) == ["500 5.5.2 Line too long", "250 2.0.0 Ok"].crlf)
        // Split across reads, without ever holding the whole line.
        #expect(harness.send("MAIL FROM:<" + String(repeating: "a", count: 200)) == "")
        #expect(harness.machine.bufferedInputBytes == 0)
        #expect(harness.send(String(repeating: "b", count: 200)) == "")
        #expect(harness.send("@x.y>\r\nNOOP\r\n") == ["500 5.5.2 Line too long", "250 2.0.0 Ok"].crlf)
    }

    @Test func lineExactlyAtTheLimitIsAccepted() {
        var harness = greeted(LMTPConfiguration(hostname: "lmtp.test", maxCommandLineLength: 8))
        #expect(harness.send("NOOP x\r\n") == "250 2.0.0 Ok\r\n")
        #expect(harness.send("NOOP xx\r\n") == "500 5.5.2 Line too long\r\n")
    }

    @Test func tooManyErrorsCloseTheSession() {
        var harness = greeted(LMTPConfiguration(hostname: "lmtp.test", maxErrors: 3))
        let replies = harness.send("A\r\nB\r\nC\r\nNOOP\r\n")
        #expect(
            replies
                == [
                    "500 5.5.2 Command unrecognized", "500 5.5.2 Command unrecognized",
                    "500 5.5.2 Command unrecognized",
                    "421 4.7.0 Too many errors, closing connection",
                ].crlf
        )
        #expect(harness.closed)
    }

    @Test func inputBeyondTheBufferLimitClosesTheSession() {
        var harness = LMTPHarness(
            configuration: LMTPConfiguration(hostname: "lmtp.test", maxBufferedInput: 100),
            directory: [:]
        )
        harness.run()
        harness.machine.receive(ByteBuffer(string: String(repeating: "NOOP\r\n", count: 10)))
        harness.machine.receive(ByteBuffer(string: String(repeating: "NOOP\r\n", count: 10)))
        #expect(harness.run() == "421 4.7.0 Too much pipelined input, closing connection\r\n")
        #expect(harness.closed)
    }

    @Test func parameterAndAddressErrors() {
        var harness = greeted()
        #expect(
            harness.send("MAIL FROM:<a@b.c> BODY=BINARYMIME\r\n")
                == "555 5.5.4 Unsupported parameter BODY=BINARYMIME\r\n"
        )
        #expect(harness.send("MAIL FROM:<a@b.c> RET=FULL\r\n") == "555 5.5.4 Unsupported parameter RET\r\n")
        #expect(harness.send("MAIL FROM:a@b.c\r\n").hasPrefix("501 5.5.4 Syntax: MAIL FROM:<address>"))
        #expect(
            harness.send("MAIL FROM:<j\u{fc}rgen@b.c>\r\n")
                == "553 5.6.7 Non-ASCII address requires the SMTPUTF8 parameter on MAIL\r\n"
        )
        #expect(harness.send("MAIL FROM:<a@b.c>\r\n") == "250 2.1.0 Sender ok\r\n")
        #expect(
            harness.send("RCPT TO:<alice@example.tld> NOTIFY=NEVER\r\n") == "555 5.5.4 Unsupported parameter NOTIFY\r\n"
        )
        #expect(harness.send("RCPT TO:<>\r\n") == "501 5.5.4 Syntax: RCPT TO:<address>\r\n")
        #expect(
            harness.send("RCPT TO:<j\u{fc}rgen@example.tld>\r\n")
                == "553 5.6.7 Non-ASCII address requires the SMTPUTF8 parameter on MAIL\r\n"
        )
    }

    @Test func tooManyRecipients() {
        var harness = greeted(LMTPConfiguration(hostname: "lmtp.test", maxRecipients: 2))
        harness.send("MAIL FROM:<a@b.c>\r\n")
        let replies = harness.send(String(repeating: "RCPT TO:<alice@example.tld>\r\n", count: 3))
        #expect(replies == ["250 2.1.5 Recipient ok", "250 2.1.5 Recipient ok", "452 4.5.3 Too many recipients"].crlf)
    }

    /// While a recipient lookup is pending, later pipelined commands wait: replies stay in order.
    @Test func pendingLookupHoldsBackLaterCommands() {
        var machine = LMTPSessionStateMachine(configuration: LMTPConfiguration(hostname: "h"))
        _ = machine.nextAction()
        machine.receive(ByteBuffer(string: "LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<u@d.e>\r\nNOOP\r\n"))
        #expect(
            machine.nextAction()
                == .send(
                    LMTPReply(
                        code: 250,
                        enhanced: nil,
                        lines: ["h", "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8", "SIZE 67108864"]
                    )
                )
        )
        #expect(machine.nextAction() == .send(LMTPReply(250, EnhancedStatusCode(2, 1, 0), "Sender ok")))
        #expect(machine.nextAction() == .resolveRecipient(LMTPAddress(localPart: "u", domain: "d.e")))
        #expect(machine.nextAction() == .awaitShell)
        #expect(machine.nextAction() == .awaitShell)
        machine.recipientResolved(.accepted(mailbox: "u"))
        #expect(machine.nextAction() == .send(LMTPReply(250, EnhancedStatusCode(2, 1, 5), "Recipient ok")))
        #expect(machine.nextAction() == .send(LMTPReply(250, EnhancedStatusCode(2, 0, 0), "Ok")))
        #expect(machine.nextAction() == .readMore)
    }
}
