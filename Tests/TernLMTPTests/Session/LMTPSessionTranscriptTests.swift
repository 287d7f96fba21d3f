import NIOCore
import TernLMTP
import Testing

@Suite struct LMTPSessionTranscriptTests {
    static let lhloReply = [
        "250-lmtp.test", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-SMTPUTF8",
        "250 SIZE 67108864",
    ]
    static let directory: [String: RecipientResolution] = [
        "alice@example.tld": .accepted(mailbox: "alice"),
        "bob@example.tld": .accepted(mailbox: "bob"),
        "full@example.tld": .overQuota,
        "down@example.tld": .temporaryFailure,
    ]

    func greeted() -> LMTPHarness {
        var harness = LMTPHarness(directory: Self.directory)
        harness.run()
        harness.send("LHLO mx.test.invalid\r\n")
        return harness
    }

    /// The shape of a Postfix delivery, with the actions the shell sees in between.
    @Test func deliveryExchangeAndShellActions() {
        var harness = LMTPHarness(directory: Self.directory)
        #expect(harness.run() == "220 lmtp.test LMTP Tern ready\r\n")
        #expect(harness.send("LHLO mx.test.invalid\r\n") == Self.lhloReply.crlf)
        let batch = harness.send("MAIL FROM:<alice@example.tld>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n")
        #expect(
            batch
                == [
                    "250 2.1.0 Sender ok", "250 2.1.5 Recipient ok", "354 Start mail input; end with <CRLF>.<CRLF>",
                ].crlf
        )
        let body = "From: alice@example.tld\r\nSubject: hi\r\n\r\nhello\r\n..leading dot\r\n"
        #expect(harness.send(body + ".\r\n") == "250 2.0.0 <alice@example.tld> delivered\r\n")
        #expect(
            harness.messages == [Array("From: alice@example.tld\r\nSubject: hi\r\n\r\nhello\r\n.leading dot\r\n".utf8)]
        )
        #expect(harness.send("QUIT\r\n") == "221 2.0.0 Bye\r\n")
        #expect(harness.closed)
        #expect(harness.events == ["resolve <alice@example.tld>", "begin", "finish", "close"])
    }

    @Test func mailParametersPostfixMaySend() {
        var harness = greeted()
        #expect(
            harness.send("MAIL FROM:<alice@example.tld> SIZE=1234 BODY=8BITMIME SMTPUTF8\r\n")
                == "250 2.1.0 Sender ok\r\n"
        )
        harness.send("RCPT TO:<bob@example.tld>\r\nDATA\r\nx\r\n.\r\n")
        #expect(
            harness.envelopes.first?.parameters == LMTPMailParameters(size: 1234, body: .eightBitMIME, smtpUTF8: true)
        )
        #expect(harness.envelopes.first?.reversePath == LMTPAddress(localPart: "alice", domain: "example.tld"))
    }

    @Test func oneReplyPerRecipientInRCPTOrder() {
        var harness = greeted()
        harness.deliveryOutcomes = [.durable, .temporaryFailure, .overQuota]
        let replies = harness.send(
            "MAIL FROM:<>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<nobody@example.tld>\r\n"
                + "RCPT TO:<Bob@Example.TLD>\r\nRCPT TO:<full@example.tld>\r\nRCPT TO:<down@example.tld>\r\n"
                + "RCPT TO:<alice@example.tld>\r\nDATA\r\n"
        )
        #expect(
            replies
                == [
                    "250 2.1.0 Sender ok",
                    "250 2.1.5 Recipient ok",
                    "550 5.1.1 <nobody@example.tld>: Recipient address rejected: User unknown",
                    "250 2.1.5 Recipient ok",
                    "452 4.2.2 <full@example.tld>: Mailbox full",
                    "451 4.3.0 <down@example.tld>: Temporary failure, try again later",
                    "250 2.1.5 Recipient ok",
                    "354 Start mail input; end with <CRLF>.<CRLF>",
                ].crlf
        )
        #expect(harness.envelopes.first?.recipients.map(\.mailbox) == ["alice", "bob", "alice"])
        #expect(
            harness.send("body\r\n.\r\n")
                == [
                    "250 2.0.0 <alice@example.tld> delivered",
                    "451 4.3.0 <Bob@Example.TLD> Temporary failure, try again later",
                    "452 4.2.2 <alice@example.tld> Mailbox full",
                ].crlf
        )
    }

    /// Invariant 2: a recipient's 250 only after its copy is durable, and replies stay in RCPT order even when
    /// the copies finish out of order.
    @Test func twoHundredFiftyOnlyAfterDurable() {
        var harness = greeted()
        harness.autoDeliver = false
        harness.send("MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n")
        #expect(harness.send("x\r\n.\r\nNOOP\r\n") == "")
        harness.machine.recipientStored(at: 1, .durable)
        #expect(harness.run() == "")
        harness.machine.recipientStored(at: 0, .durable)
        #expect(
            harness.run()
                == [
                    "250 2.0.0 <alice@example.tld> delivered", "250 2.0.0 <bob@example.tld> delivered", "250 2.0.0 Ok",
                ].crlf
        )
        // A second report for the same recipient, or one out of range, changes nothing.
        harness.machine.recipientStored(at: 0, .temporaryFailure)
        harness.machine.recipientStored(at: 7, .durable)
        #expect(harness.run() == "")
    }

    /// Bytes after the final dot in the same read are commands, parsed and answered after the recipient replies.
    @Test func commandsAfterTheFinalDotAreCommands() {
        var harness = greeted()
        harness.send("MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n")
        let replies = harness.send("line\r\n.\r\nRSET\r\nMAIL FROM:<x@y.z>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n")
        #expect(
            replies
                == [
                    "250 2.0.0 <alice@example.tld> delivered", "250 2.0.0 Ok", "250 2.1.0 Sender ok",
                    "250 2.1.5 Recipient ok", "354 Start mail input; end with <CRLF>.<CRLF>",
                ].crlf
        )
        #expect(harness.messages == [Array("line\r\n".utf8)])
    }

    /// `LF . LF` (and `LF . CRLF`) is not an end of data: what follows stays message data and is never run as a
    /// command; the bare LF makes the message refused once the real terminator comes.
    @Test func bareLineFeedCannotSmuggleCommands() {
        var harness = greeted()
        harness.send("MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n")
        let smuggle = "hi\n.\nMAIL FROM:<evil@x.y>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\nevil\r\n"
        #expect(harness.send(smuggle) == "")
        #expect(
            harness.send(".\r\n")
                == [
                    "554 5.6.0 Message contains a bare <LF>: lines must end with <CRLF>",
                    "554 5.6.0 Message contains a bare <LF>: lines must end with <CRLF>",
                ].crlf
        )
        #expect(harness.events == ["resolve <alice@example.tld>", "resolve <bob@example.tld>", "begin", "abort"])
        #expect(harness.messages.isEmpty)
        #expect(harness.send("NOOP\r\n") == "250 2.0.0 Ok\r\n")
    }

    @Test func messageOverTheLimitIsAbortedAndRefusedPerRecipient() {
        var harness = LMTPHarness(
            configuration: LMTPConfiguration(hostname: "lmtp.test", maxMessageBytes: 10),
            directory: Self.directory
        )
        harness.run()
        #expect(harness.send("LHLO x\r\n").hasSuffix("250 SIZE 10\r\n"))
        #expect(harness.send("MAIL FROM:<a@b.c> SIZE=11\r\n") == "552 5.3.4 Message size exceeds fixed limit\r\n")
        harness.send(
            "MAIL FROM:<a@b.c> SIZE=10\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n"
        )
        #expect(harness.send("12345678\r\n") == "")
        #expect(harness.send("more\r\n") == "")
        #expect(
            harness.send(".\r\n")
                == ["552 5.3.4 Message size exceeds fixed limit", "552 5.3.4 Message size exceeds fixed limit"].crlf
        )
        #expect(harness.events.suffix(2) == ["begin", "abort"])
        #expect(harness.messages.isEmpty)
    }

    @Test func exactlyAtTheLimitIsAccepted() {
        var harness = LMTPHarness(
            configuration: LMTPConfiguration(hostname: "lmtp.test", maxMessageBytes: 10),
            directory: Self.directory
        )
        harness.run()
        harness.send("LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n")
        #expect(harness.send("12345678\r\n.\r\n") == "250 2.0.0 <alice@example.tld> delivered\r\n")
    }

    @Test func connectionLostDuringDataAbortsTheMessage() {
        var harness = greeted()
        harness.send("MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\npartial")
        harness.machine.connectionClosed()
        harness.run()
        #expect(harness.events.suffix(3) == ["begin", "abort", "close"])
        #expect(harness.messages.isEmpty)
    }
}
