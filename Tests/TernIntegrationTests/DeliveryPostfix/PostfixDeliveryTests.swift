import Foundation
import NIOCore
import TernAuth
import Testing

/// Tern behind a real Postfix (Debian's, installed if missing): SMTP AUTH through Tern's SASL endpoint, delivery
/// through Tern's LMTP server into alice's INBOX, recipient checks at RCPT and a 20 MB message. The Tern-facing
/// Postfix settings are the block in docs/admin.md, so that document cannot drift from what works.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct PostfixDeliveryTests {
    static let inCI = ProcessInfo.processInfo.environment["CI"] != nil
    /// Runs as root (Postfix's `start` needs it) and always under CI, where a missing root fails loudly.
    static let canRun = inCI || DeliveryPostfixInstance.isRoot

    static func plain(_ user: String, _ password: String) -> String {
        Base64.encode(Array("\0\(user)\0\(password)".utf8))
    }

    /// A message: headers, then `lines` numbered body lines of 76 characters (dot-leading lines included).
    static func message(subject: String, lines: Int) -> (full: String, body: String) {
        var body = ""
        body.reserveCapacity(lines * 78)
        for index in 0..<lines {
            let prefix = index % 50 == 0 ? ".dot \(index) " : "line \(index) "
            body +=
                prefix + String(repeating: Character(UnicodeScalar(UInt8(97 + index % 26))), count: 76 - prefix.count)
            body += "\r\n"
        }
        let headers = "From: alice@example.tld\r\nTo: alice@example.tld\r\nSubject: \(subject)\r\n\r\n"
        return (headers + body, body)
    }

    /// SMTP DATA content: dot-stuffed, then the terminator.
    static func dataPayload(_ message: String) -> String {
        message.replacingOccurrences(of: "\r\n.", with: "\r\n..") + ".\r\n"
    }

    static func send(
        _ client: DeliveryLineClient,
        from: String,
        to: String,
        message: String
    ) async throws -> DeliveryLineClient.Reply {
        let size = message.utf8.count
        #expect(try await client.command("MAIL FROM:<\(from)> SIZE=\(size)").code == 250)
        let rcpt = try await client.command("RCPT TO:<\(to)>")
        #expect(rcpt.code == 250, "\(rcpt)")
        #expect(try await client.command("DATA").code == 354)
        let payload = dataPayload(message)
        var offset = payload.utf8.startIndex
        let utf8 = payload.utf8
        while offset < utf8.endIndex {
            let end = utf8.index(offset, offsetBy: 256 * 1024, limitedBy: utf8.endIndex) ?? utf8.endIndex
            try await client.write(ByteBuffer(bytes: utf8[offset..<end]))
            offset = end
        }
        return try await client.readReply()
    }

    @Test(.enabled(if: canRun)) func postfixAuthenticatesAndDeliversThroughTern() async throws {
        #expect(DeliveryPostfixInstance.isRoot, "Postfix test instances need root (postfix start)")
        try await DeliveryPostfixInstance.ensureInstalled()
        let tern = try await DeliveryTernStack.start()
        defer { tern.stop() }
        // Tern first: smtpd connects to the auth endpoint when it starts (notes: pitfall 3).
        let postfix = try await DeliveryPostfixInstance.start(lmtpPort: tern.lmtpPort, authPort: tern.authPort)
        do {
            try await exercise(postfix: postfix, tern: tern)
        } catch {
            Issue.record("Postfix log:\n\(postfix.log())")
            await postfix.stop()
            throw error
        }
        await postfix.stop()
    }

    func exercise(postfix: DeliveryPostfixInstance, tern: DeliveryTernStack) async throws {
        // Submission with AUTH PLAIN: a wrong password fails, the right one succeeds, the message reaches the INBOX.
        let small = Self.message(subject: "through postfix", lines: 120)
        try await DeliveryLineClient.connect(host: "127.0.0.1", port: postfix.smtpPort) { client in
            #expect(try await client.readReply().code == 220)
            let ehlo = try await client.command("EHLO client.test.invalid")
            #expect(ehlo.lines.contains { $0.hasPrefix("250-AUTH ") && $0.contains("PLAIN") && $0.contains("LOGIN") })
            let wrong = try await client.command("AUTH PLAIN \(Self.plain("alice", "wrong"))")
            #expect(wrong.code == 535, "\(wrong)")
            let right = try await client.command("AUTH PLAIN \(Self.plain("alice", "hunter2"))")
            #expect(right.code == 235, "\(right)")
            let queued = try await Self.send(
                client,
                from: "alice@example.tld",
                to: "alice@example.tld",
                message: small.full
            )
            #expect(queued.code == 250, "\(queued)")
            _ = try await client.command("QUIT")
        }
        let first = try await tern.waitForInbox(count: 1)
        try #require(first.count == 1, "the message did not reach alice's INBOX:\n\(postfix.log())")
        let stored = String(decoding: first[0], as: UTF8.self)
        #expect(stored.contains("Subject: through postfix\r\n"))
        #expect(stored.hasSuffix("\r\n\r\n" + small.body))

        // An unknown recipient is refused during the SMTP dialogue (Postfix probes Tern over LMTP).
        try await DeliveryLineClient.connect(host: "127.0.0.1", port: postfix.smtpPort) { client in
            #expect(try await client.readReply().code == 220)
            #expect(try await client.command("EHLO outside.test.invalid").code == 250)
            #expect(try await client.command("MAIL FROM:<someone@outside.example>").code == 250)
            var reply = try await client.command("RCPT TO:<nobody@example.tld>")
            // The first answer may be "try again" while the verification probe is still on its way.
            for _ in 0..<20 where reply.code == 450 {
                try await Task.sleep(for: .milliseconds(500))
                reply = try await client.command("RCPT TO:<nobody@example.tld>")
            }
            #expect(reply.code == 550, "\(reply)")
            #expect(reply.description.contains("5.1.1"), "\(reply)")
            _ = try await client.command("QUIT")
        }

        // 20 MB, through Postfix and LMTP, byte for byte.
        let big = Self.message(subject: "twenty megabytes", lines: 20 * 1024 * 1024 / 78)
        #expect(big.full.utf8.count > 20_000_000)
        try await DeliveryLineClient.connect(host: "127.0.0.1", port: postfix.smtpPort) { client in
            #expect(try await client.readReply().code == 220)
            #expect(try await client.command("EHLO client.test.invalid").code == 250)
            #expect(try await client.command("AUTH PLAIN \(Self.plain("alice", "hunter2"))").code == 235)
            let queued = try await Self.send(
                client,
                from: "alice@example.tld",
                to: "alice@example.tld",
                message: big.full
            )
            #expect(queued.code == 250, "\(queued)")
            _ = try await client.command("QUIT")
        }
        let both = try await tern.waitForInbox(count: 2, timeout: .seconds(120))
        try #require(both.count == 2, "the 20 MB message did not arrive:\n\(postfix.log())")
        let bigStored = both[1]
        let expectedBody = Array(big.body.utf8)
        #expect(bigStored.count > expectedBody.count)
        #expect(bigStored.suffix(expectedBody.count).elementsEqual(expectedBody), "20 MB body differs")
        #expect(String(decoding: bigStored.prefix(4096), as: UTF8.self).contains("Subject: twenty megabytes\r\n"))
    }
}
