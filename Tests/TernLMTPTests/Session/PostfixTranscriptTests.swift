import Foundation
import TernLMTP
import Testing

/// Exchanges recorded byte for byte between Postfix 3.7.11's lmtp client and these state machines (run over
/// sockets by a dev rig, mail submitted with swaks), replayed with the same read boundaries Postfix produced:
/// LHLO alone, MAIL/RCPT/DATA in one write, then the body, the final dot and QUIT in one write.
@Suite struct PostfixTranscriptTests {
    struct Step {
        var client: String
        var server: String
    }

    static let greeting = "220 tern.test LMTP Tern ready\r\n"
    static let lhlo = Step(
        client: "LHLO mx.test.invalid\r\n",
        server:
            "250-tern.test\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 67108864\r\n"
    )

    static func replay(_ steps: [Step]) -> LMTPHarness {
        var harness = LMTPHarness(
            configuration: LMTPConfiguration(hostname: "tern.test"),
            directory: ["alice@example.tld": .accepted(mailbox: "alice"), "bob@example.tld": .accepted(mailbox: "bob")]
        )
        #expect(harness.run() == greeting)
        for step in steps {
            #expect(harness.send(step.client) == step.server)
        }
        return harness
    }

    static let plainBody = """
        Received: from vm (localhost [127.0.0.1])\r
        \tby mx.test.invalid (Postfix) with ESMTPA id 43DDCF7A097\r
        \tfor <alice@example.tld>; Wed, 25 Nov 2026 17:57:14 +0000 (UTC)\r
        Date: Wed, 25 Nov 2026 17:57:14 +0000\r
        To: alice@example.tld\r
        From: alice@example.tld\r
        Subject: plain\r
        Message-Id: <20261125175714.010864@vm>\r
        X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/\r
        \r
        hello\r
        ..leading dot line\r
        end\r
        \r
        \r

        """

    @Test func authenticatedSubmissionDeliveredToAlice() {
        let harness = Self.replay([
            Self.lhlo,
            Step(
                client: "MAIL FROM:<alice@example.tld> SIZE=404\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n",
                server:
                    "250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            ),
            Step(
                client: Self.plainBody + ".\r\nQUIT\r\n",
                server: "250 2.0.0 <alice@example.tld> delivered\r\n221 2.0.0 Bye\r\n"
            ),
        ])
        let stored = Self.plainBody.replacingOccurrences(of: "\r\n..leading", with: "\r\n.leading")
        #expect(harness.messages == [Array(stored.utf8)])
        #expect(harness.envelopes.first?.parameters == LMTPMailParameters(size: 404))
        #expect(harness.closed)
    }

    @Test func unknownRecipientRefusedAtRCPTOthersDelivered() {
        let body = """
            Received: from vm (localhost [127.0.0.1])\r
            \tby mx.test.invalid (Postfix) with ESMTP id 41D39F7A0C5;\r
            \tWed, 25 Nov 2026 17:57:15 +0000 (UTC)\r
            Date: Wed, 25 Nov 2026 17:57:15 +0000\r
            To: nobody@example.tld,bob@example.tld\r
            From: alice@example.tld\r
            Subject: test Wed, 25 Nov 2026 17:57:15 +0000\r
            Message-Id: <20261125175715.010902@vm>\r
            X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/\r
            \r
            This is a test mailing\r
            \r
            \r

            """
        let harness = Self.replay([
            Self.lhlo,
            Step(
                client:
                    "MAIL FROM:<alice@example.tld> SIZE=420\r\nRCPT TO:<bob@example.tld>\r\nRCPT TO:<nobody@example.tld>\r\nDATA\r\n",
                server: "250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n"
                    + "550 5.1.1 <nobody@example.tld>: Recipient address rejected: User unknown\r\n"
                    + "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            ),
            Step(client: body + ".\r\nQUIT\r\n", server: "250 2.0.0 <bob@example.tld> delivered\r\n221 2.0.0 Bye\r\n"),
        ])
        #expect(
            harness.envelopes.first?.recipients == [
                LMTPRecipient(address: LMTPAddress(localPart: "bob", domain: "example.tld"), mailbox: "bob")
            ]
        )
        #expect(harness.messages == [Array(body.utf8)])
    }

    @Test func eightBitMessageDeclaredWithBODY() {
        let body = "Subject: 8bit\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u{fc}\u{df}e\r\n"
        let harness = Self.replay([
            Self.lhlo,
            Step(
                client: "MAIL FROM:<alice@example.tld> SIZE=414 BODY=8BITMIME\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n",
                server:
                    "250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            ),
            Step(client: body + ".\r\nQUIT\r\n", server: "250 2.0.0 <bob@example.tld> delivered\r\n221 2.0.0 Bye\r\n"),
        ])
        #expect(harness.envelopes.first?.parameters == LMTPMailParameters(size: 414, body: .eightBitMIME))
        #expect(harness.messages == [Array(body.utf8)])
    }
}
