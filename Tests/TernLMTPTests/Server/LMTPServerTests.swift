import NIOCore
import TernLMTP
import TernNetwork
import TernTestSupport
import Testing

/// The LMTP server over loopback, byte for byte, delivering into a real `MailService`.
@Suite(.timeLimit(.minutes(2))) struct LMTPServerTests {
    static func message(_ subject: String, body: String = "Hello.\r\n") -> String {
        "From: sender@example.org\r\nTo: alice@example.tld\r\nSubject: \(subject)\r\n\r\n\(body)"
    }

    @Test func pipelinedTransactionDeliversUnstuffedBytes() async throws {
        let fixture = try await DeliveryFixture.start()
        defer { fixture.stop() }
        try await fixture.session { client in
            let body = "line one\r\n..leading dot\r\n.\tdot tab\r\nlast\r\n"
            try await client.write(
                "MAIL FROM:<sender@example.org> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<Alice@EXAMPLE.tld>\r\nDATA\r\n"
            )
            #expect(
                try await client.readLines(3) == [
                    "250 2.1.0 Sender ok\r", "250 2.1.5 Recipient ok\r",
                    "354 Start mail input; end with <CRLF>.<CRLF>\r",
                ]
            )
            try await client.write(Self.message("one", body: body) + ".\r\n")
            #expect(try await client.readLine() == "250 2.0.0 <Alice@EXAMPLE.tld> delivered\r")
            try await client.write("QUIT\r\n")
            #expect(try await client.readLine() == "221 2.0.0 Bye\r")
            #expect(await client.isClosedByServer())
            let inbox = try await fixture.inbox("alice")
            #expect(
                inbox == [Array(Self.message("one", body: "line one\r\n.leading dot\r\n\tdot tab\r\nlast\r\n").utf8)]
            )
        }
    }

    @Test func oneReplyPerRecipientAndEachCopyStored() async throws {
        let fixture = try await DeliveryFixture.start()
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write(
                "MAIL FROM:<>\r\nRCPT TO:<alice+lists@example.tld>\r\nRCPT TO:<nobody@example.tld>\r\n"
                    + "RCPT TO:<bob@example.tld>\r\nRCPT TO:<carol@example.tld>\r\nRCPT TO:<postmaster>\r\nDATA\r\n"
            )
            #expect(
                try await client.readLines(7) == [
                    "250 2.1.0 Sender ok\r", "250 2.1.5 Recipient ok\r",
                    "550 5.1.1 <nobody@example.tld>: Recipient address rejected: User unknown\r",
                    "250 2.1.5 Recipient ok\r",
                    "550 5.1.1 <carol@example.tld>: Recipient address rejected: User unknown\r",
                    "250 2.1.5 Recipient ok\r", "354 Start mail input; end with <CRLF>.<CRLF>\r",
                ]
            )
            // Larger than every bound in play (read size, queued chunks, incoming part size): back-pressure at work.
            var generator = SystemRandomNumberGenerator()
            let lines = (0..<20_000).map { index in
                "\(index) "
                    + String(
                        (0..<60).map { _ in Character(UnicodeScalar(UInt8.random(in: 33...126, using: &generator))) }
                    )
            }
            let body = lines.joined(separator: "\r\n") + "\r\n"
            let stuffed = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
            try await client.write(Self.message("big", body: stuffed) + ".\r\n")
            #expect(
                try await client.readLines(3) == [
                    "250 2.0.0 <alice+lists@example.tld> delivered\r", "250 2.0.0 <bob@example.tld> delivered\r",
                    "250 2.0.0 <postmaster> delivered\r",
                ]
            )
            let expected = Array(Self.message("big", body: body).utf8)
            #expect(try await fixture.inbox("alice") == [expected, expected])
            #expect(try await fixture.inbox("bob") == [expected])
        }
    }

    /// A user at their quota is refused at RCPT with a transient 452 (the sender retries later);
    /// the other recipients of the same transaction still get their copy.
    @Test func overQuotaIsRefusedAtRcpt() async throws {
        // The quota counts stored (sealed) bytes: a message whose plaintext just fits leaves alice
        // above it once sealed (each sealed part adds a header and a tag).
        let filler = String(repeating: "x", count: 76) + "\r\n"
        let message = Self.message("fill", body: String(repeating: filler, count: 500))
        let fixture = try await DeliveryFixture.start(quotaBytes: UInt64(message.utf8.count + 8))
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write("MAIL FROM:<>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n" + message + ".\r\n")
            #expect(try await client.readLines(4).last == "250 2.0.0 <alice@example.tld> delivered\r")
            try await client.write("MAIL FROM:<>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\n")
            let replies = try await client.readLines(3)
            #expect(replies[0] == "250 2.1.0 Sender ok\r")
            #expect(replies[1]?.hasPrefix("452 4.2.2 ") == true, "\(replies)")
            #expect(replies[2] == "250 2.1.5 Recipient ok\r")
        }
    }

    @Test func storageDownGivesTransientReplies() async throws {
        let fixture = try await DeliveryFixture.start()
        defer { fixture.stop() }
        try await fixture.session { client in
            fixture.store.isDown = true
            try await client.write("MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.tld>\r\n")
            #expect(
                try await client.readLines(2) == [
                    "250 2.1.0 Sender ok\r", "451 4.3.0 <alice@example.tld>: Temporary failure, try again later\r",
                ]
            )
            fixture.store.isDown = false
            try await client.write("RCPT TO:<alice@example.tld>\r\nDATA\r\n")
            #expect(
                try await client.readLines(2) == [
                    "250 2.1.5 Recipient ok\r", "354 Start mail input; end with <CRLF>.<CRLF>\r",
                ]
            )
            fixture.store.isDown = true
            try await client.write(Self.message("down") + ".\r\n")
            #expect(try await client.readLine() == "451 4.3.0 <alice@example.tld> Temporary failure, try again later\r")
            fixture.store.isDown = false
            #expect(try await fixture.inbox("alice") == [])
        }
    }

    @Test func oversizedMessagesAreRefusedAndNotStored() async throws {
        let fixture = try await DeliveryFixture.start(maxMessageBytes: 10_000)
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write("MAIL FROM:<s@example.org> SIZE=20000\r\n")
            #expect(try await client.readLine() == "552 5.3.4 Message size exceeds fixed limit\r")
            try await client.write(
                "MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n"
            )
            #expect(try await client.readLines(4).last == "354 Start mail input; end with <CRLF>.<CRLF>\r")
            try await client.write(
                Self.message("big", body: String(repeating: "x", count: 70) + "\r\n")
                    + String(repeating: String(repeating: "y", count: 98) + "\r\n", count: 200) + ".\r\n"
            )
            #expect(
                try await client.readLines(2) == [
                    "552 5.3.4 Message size exceeds fixed limit\r", "552 5.3.4 Message size exceeds fixed limit\r",
                ]
            )
            try await client.write("NOOP\r\n")
            #expect(try await client.readLine() == "250 2.0.0 Ok\r")
            #expect(try await fixture.inbox("alice") == [])
            #expect(try await fixture.inbox("bob") == [])
        }
    }

    @Test func badInput() async throws {
        let fixture = try await DeliveryFixture.start()
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write("DATA\r\n")
            #expect(try await client.readLine() == "503 5.5.1 Need MAIL command\r")
            try await client.write("MAIL FROM:<s@example.org>\r\nDATA\r\n")
            #expect(try await client.readLines(2) == ["250 2.1.0 Sender ok\r", "503 5.5.1 No valid recipients\r"])
            try await client.write("XYZZY\r\n")
            #expect(try await client.readLine() == "500 5.5.2 Command unrecognized\r")
            try await client.write("RCPT TO:<" + String(repeating: "a", count: 5000) + "@example.tld>\r\n")
            #expect(try await client.readLine() == "500 5.5.2 Line too long\r")
            try await client.write("EHLO x\r\nSTARTTLS\r\nRCPT TO:alice@example.tld\r\n")
            #expect(
                try await client.readLines(3) == [
                    "500 5.5.1 This is LMTP: use LHLO, not HELO or EHLO\r", "502 5.5.1 Command not implemented\r",
                    "501 5.5.4 Syntax: RCPT TO:<address>\r",
                ]
            )
            try await client.write("RSET\r\nNOOP\r\n")
            #expect(try await client.readLines(2) == ["250 2.0.0 Ok\r", "250 2.0.0 Ok\r"])
            // Bare LF inside the data: refused, and "LF.LF" does not end the data early.
            try await client.write("MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n")
            #expect(try await client.readLines(3).last == "354 Start mail input; end with <CRLF>.<CRLF>\r")
            try await client.write("Subject: x\r\n\r\nsmuggle\n.\nMAIL FROM:<evil@example.org>\r\n.\r\n")
            #expect(
                try await client.readLine() == "554 5.6.0 Message contains a bare <LF>: lines must end with <CRLF>\r"
            )
            #expect(try await fixture.inbox("alice") == [])
        }
    }

    /// Commands pipelined right after the final dot are commands, answered after the delivery's reply.
    @Test func commandsPipelinedAfterTheDot() async throws {
        let fixture = try await DeliveryFixture.start()
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write(
                "MAIL FROM:<s@example.org>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n" + Self.message("p")
                    + ".\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n" + Self.message("q")
                    + ".\r\nNOOP\r\nQUIT\r\n"
            )
            #expect(
                try await client.readLines(10) == [
                    "250 2.1.0 Sender ok\r", "250 2.1.5 Recipient ok\r",
                    "354 Start mail input; end with <CRLF>.<CRLF>\r",
                    "250 2.0.0 <bob@example.tld> delivered\r",
                    "250 2.1.0 Sender ok\r", "250 2.1.5 Recipient ok\r",
                    "354 Start mail input; end with <CRLF>.<CRLF>\r",
                    "250 2.0.0 <bob@example.tld> delivered\r", "250 2.0.0 Ok\r", "221 2.0.0 Bye\r",
                ]
            )
            #expect(try await fixture.inbox("bob") == [Array(Self.message("p").utf8), Array(Self.message("q").utf8)])
        }
    }

    /// A client that disconnects in the middle of DATA leaves nothing behind in any INBOX.
    @Test func disconnectDuringDataStoresNothing() async throws {
        let fixture = try await DeliveryFixture.start()
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write(
                "MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n"
            )
            #expect(try await client.readLines(4).last == "354 Start mail input; end with <CRLF>.<CRLF>\r")
            try await client.write(Self.message("cut", body: String(repeating: "z", count: 100_000) + "\r\n"))
        }
        // A second session on the same server still works, and only its message arrives.
        try await fixture.session { second in
            try await second.write(
                "MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n" + Self.message("ok") + ".\r\n"
            )
            #expect(try await second.readLines(4).last == "250 2.0.0 <alice@example.tld> delivered\r")
            #expect(try await fixture.inbox("alice") == [Array(Self.message("ok").utf8)])
            #expect(try await fixture.inbox("bob") == [])
        }
    }

    /// A client that goes quiet (here in the middle of DATA) is disconnected, and its message discarded; a read
    /// restarts the wait. On a manual clock, so the test moves time instead of waiting (`advance` takes the
    /// sleepers it wakes out at once: one still there right after it was not woken).
    @Test func idleConnectionIsClosed() async throws {
        let clock = ManualClock()
        let fixture = try await DeliveryFixture.start(
            idleTimeout: .seconds(600), deadlines: DeadlineScheduler(clock: AnyClock(clock)))
        defer { fixture.stop() }
        try await fixture.session { client in
            await clock.waitForSleepers(1)  // the deadline armed at connect
            clock.advance(by: .seconds(400))
            try await client.write("MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\nSubject: x\r\n")
            #expect(try await client.readLines(3).last == "354 Start mail input; end with <CRLF>.<CRLF>\r")
            // 600 s after connecting, 200 s after the last read: the deadline moves to 1,000 s.
            clock.advance(by: .seconds(200))
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(399))
            #expect(clock.sleeperCount == 1)
            clock.advance(by: .seconds(1))
            #expect(await client.isClosedByServer())
        }
        #expect(try await fixture.inbox("alice") == [])
    }
}
