import NIOCore
import TernTestSupport
import Testing

/// A transaction with many recipients over a real LMTP listener: the message is read once, held as one part,
/// written for a bounded number of recipients at a time, and the quota check lists each user's objects once.
@Suite(.timeLimit(.minutes(3))) struct LMTPFanOutTests {
    static func message(_ subject: String, lines: Int) -> String {
        let body = (0..<lines).map { "line \($0) " + String(repeating: "m", count: 60) }.joined(separator: "\r\n")
        return "From: list@example.org\r\nTo: many@example.tld\r\nSubject: \(subject)\r\n\r\n\(body)\r\n"
    }

    @Test func hundredRecipientsAreWrittenFewAtATimeAndCountedOnce() async throws {
        let concurrentWrites = 3
        // The listener's idle timeout counts only the client's input, and the client is silent while 300 parts
        // are written: on a loaded machine that took over a minute (the fixture's default), so allow ten; the
        // kept usage counts must outlive that delivery too, for the next transaction to reuse them.
        let fixture = try await DeliveryFixture.start(
            idleTimeout: .seconds(600), quotaBytes: 1 << 30, concurrentWrites: concurrentWrites,
            usageMaxAge: .seconds(600))
        defer { fixture.stop() }
        // ~48 KB: three incoming parts of 16 KiB (the fixture's part size) per copy.
        let message = Self.message("fan-out", lines: 700)
        let parts = (message.utf8.count + 16 * 1024 - 1) / (16 * 1024)
        try await fixture.session { client in
            fixture.store.resetCounters()
            let recipients = (0..<100).map { $0 % 2 == 0 ? "alice+\($0)@example.tld" : "bob@example.tld" }
            try await client.write(
                "MAIL FROM:<list@example.org>\r\n" + recipients.map { "RCPT TO:<\($0)>\r\n" }.joined() + "DATA\r\n")
            let accepted = try await client.readLines(102)
            #expect(accepted.first == "250 2.1.0 Sender ok\r")
            #expect(accepted.dropFirst().prefix(100).allSatisfy { $0 == "250 2.1.5 Recipient ok\r" }, "\(accepted)")
            #expect(accepted.last == "354 Start mail input; end with <CRLF>.<CRLF>\r")
            // Two users, two prefixes each (mailboxes, queue): four listings, not one per RCPT and per copy.
            #expect(fixture.store.counted.blobListings == 4)

            try await client.write(message + ".\r\n")
            let delivered = try await client.readLines(100)
            #expect(delivered == recipients.map { "250 2.0.0 <\($0)> delivered\r" })
            let counted = fixture.store.counted
            #expect(counted.blobListings == 4)
            #expect(counted.blobPuts == 100 * parts)
            #expect(counted.maxPutsInFlight <= concurrentWrites)

            // The next transaction on the connection reuses the counts (updated by the deliveries).
            try await client.write("MAIL FROM:<>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\n")
            #expect(try await client.readLines(3).last == "250 2.1.5 Recipient ok\r")
            #expect(fixture.store.counted.blobListings == 4)
            try await client.write("RSET\r\n")
            #expect(try await client.readLine() == "250 2.0.0 Ok\r")
        }
        let expected = Array(message.utf8)
        let alice = try await fixture.inbox("alice")
        let bob = try await fixture.inbox("bob")
        #expect(alice.count == 50 && alice.allSatisfy { $0 == expected })
        #expect(bob.count == 50 && bob.allSatisfy { $0 == expected })
    }

    /// A user who fills their quota with the first copies gets 452 for the rest of the transaction's copies
    /// (checked against the count the connection kept), while other recipients still get theirs.
    @Test func quotaCountedAtRcptStopsLaterCopies() async throws {
        let message = Self.message("quota", lines: 300)
        // Room for alice's first copy only: the sealed copy is larger than its plaintext.
        let fixture = try await DeliveryFixture.start(quotaBytes: UInt64(message.utf8.count + 100))
        defer { fixture.stop() }
        try await fixture.session { client in
            try await client.write("MAIL FROM:<>\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n" + message + ".\r\n")
            #expect(try await client.readLines(4).last == "250 2.0.0 <alice@example.tld> delivered\r")
            fixture.store.resetCounters()
            try await client.write("MAIL FROM:<>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<bob@example.tld>\r\n")
            let replies = try await client.readLines(3)
            #expect(replies[1]?.hasPrefix("452 4.2.2 ") == true, "\(replies)")
            #expect(replies[2] == "250 2.1.5 Recipient ok\r")
            // alice's count came from the connection's cache, plus the copy it stored; only bob was listed.
            #expect(fixture.store.counted.blobListings == 2)
        }
        #expect(try await fixture.inbox("alice").count == 1)
    }
}
