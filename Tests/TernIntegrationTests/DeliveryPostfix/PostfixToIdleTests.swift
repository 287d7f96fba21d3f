import Foundation
import NIOCore
import TernTestSupport
import Testing

/// The whole path a user sees: Postfix delivers to `tern dev` over LMTP while alice's IMAP client
/// IDLEs on INBOX; the client is told `EXISTS` and reads the body Postfix received.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct PostfixToIdleTests {
    @Test(.enabled(if: PostfixDeliveryTests.canRun)) func idleSeesAPostfixDelivery() async throws {
        #expect(DeliveryPostfixInstance.isRoot, "Postfix test instances need root (postfix start)")
        try await DeliveryPostfixInstance.ensureInstalled()
        let tern = try await TernDevServer.start(TernDevServer.Options())
        do {
            let lmtp = try #require(tern.lmtp, "tern dev wires LMTP")
            let auth = try #require(tern.auth, "tern dev wires the SASL endpoint")
            let postfix = try await DeliveryPostfixInstance.start(lmtpPort: lmtp.port, authPort: auth.port)
            do {
                try await exercise(tern: tern, postfix: postfix)
            } catch {
                Issue.record("Postfix log:\n\(postfix.log())\nTern log:\n\(tern.logs())")
                await postfix.stop()
                throw error
            }
            await postfix.stop()
        } catch {
            await tern.stop()
            throw error
        }
        await tern.stop()
    }

    private func exercise(tern: TernDevServer, postfix: DeliveryPostfixInstance) async throws {
        let message = PostfixDeliveryTests.message(subject: "seen while idling", lines: 40)
        try await DeliveryLineClient.connect(host: tern.imap.host, port: tern.imap.port) { imap in
            #expect(try await imap.readLine()?.hasPrefix("* OK") == true)
            try await Self.expectTagged(imap, "l", "l LOGIN alice hunter2")
            let selected = try await Self.expectTagged(imap, "s", "s SELECT INBOX")
            #expect(selected.contains("* 0 EXISTS"))
            try await imap.write("i IDLE\r\n")
            #expect(try await imap.readLine() == "+ idling")

            try await DeliveryLineClient.connect(host: "127.0.0.1", port: postfix.smtpPort) { smtp in
                #expect(try await smtp.readReply().code == 220)
                _ = try await smtp.command("EHLO client.test.invalid")
                let queued = try await PostfixDeliveryTests.send(
                    smtp, from: "bob@example.net", to: "alice@example.tld", message: message.full)
                #expect(queued.code == 250, "\(queued)")
                _ = try await smtp.command("QUIT")
            }

            // Postfix hands the message to LMTP; the IDLE wakes on alice's incoming queue.
            var updates: [String] = []
            while let line = try await imap.readLine() {
                updates.append(line)
                if line == "* 1 EXISTS" { break }
                try #require(updates.count < 10, "unexpected IDLE output: \(updates)")
            }
            #expect(updates.last == "* 1 EXISTS")
            try await imap.write("DONE\r\n")
            var done: String?
            repeat { done = try await imap.readLine() } while done?.hasPrefix("* ") == true
            #expect(done == "i OK IDLE terminated")

            try await imap.write("f FETCH 1 BODY.PEEK[TEXT]\r\n")
            let header = try await imap.readLine()
            #expect(header == "* 1 FETCH (BODY[TEXT] {\(message.body.utf8.count)}")
            var body = ""
            while body.utf8.count < message.body.utf8.count, let line = try await imap.readLine() {
                body += line + "\r\n"
            }
            #expect(body == message.body)
            try await Self.expectTagged(imap, "f", nil)
            try await Self.expectTagged(imap, "o", "o LOGOUT")
        }
    }

    /// Sends `command` (if any) and reads until the tagged reply, which must be OK; returns all lines.
    @discardableResult
    private static func expectTagged(_ client: DeliveryLineClient, _ tag: String, _ command: String?) async throws
        -> [String]
    {
        if let command { try await client.write(command + "\r\n") }
        var lines: [String] = []
        while let line = try await client.readLine() {
            lines.append(line)
            if line.hasPrefix(tag + " ") {
                #expect(line.hasPrefix(tag + " OK"), "\(lines)")
                return lines
            }
        }
        throw DeliveryLineClient.Closed()
    }
}
