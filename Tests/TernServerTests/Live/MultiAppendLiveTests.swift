import Testing

@testable import TernServer

/// MULTIAPPEND (RFC 3502) against the real listener over loopback sockets: three messages appear
/// with one APPENDUID set and one EXISTS jump in a session watching the mailbox; a command whose
/// second message fails (over APPENDLIMIT, or malformed) shows that session nothing.
@Suite(.timeLimit(.minutes(2))) struct MultiAppendLiveTests {
    static let message = "From: a@example.tld\r\nSubject: multi\r\n\r\nhello\r\n"
    static var literal: String { "{\(message.utf8.count)+}\r\n\(message)" }

    /// `EXISTS` lines among `lines`.
    static func exists(_ lines: [String]) -> [String] { lines.filter { $0.hasSuffix(" EXISTS") } }

    @Test func rfc3502_multiAppendIsAtomicOverTheWire() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        try await RawClient.session(port: server.imapPort) { watcher in
            _ = try await watcher.readLine()
            _ = try await watcher.command("l", "LOGIN alice hunter2")
            #expect(Self.exists(try await watcher.command("s", "SELECT INBOX")) == ["* 0 EXISTS"])

            try await RawClient.session(port: server.imapPort) { client in
                _ = try await client.readLine()
                let login = try await client.command("l", "LOGIN alice hunter2")
                #expect(login.last?.contains(" MULTIAPPEND ") == true, "\(login)")
                _ = try await client.command("s", "SELECT INBOX")

                // (a) Three messages: one APPENDUID set, one EXISTS jump, here and in the watcher.
                let lines = try await client.command(
                    "a1", "APPEND INBOX (\\Seen) \(Self.literal) \(Self.literal) (\\Flagged) \(Self.literal)")
                #expect(Self.exists(lines) == ["* 3 EXISTS"], "\(lines)")
                let ok = try #require(lines.last)
                #expect(ok.hasPrefix("a1 OK [APPENDUID ") && ok.hasSuffix(" 1:129] APPEND completed"), "\(ok)")
                #expect(Self.exists(try await watcher.command("n1", "NOOP")) == ["* 3 EXISTS"])

                // (b) The second message is over APPENDLIMIT: NO [TOOBIG] before its literal.
                try await client.write("a2 APPEND INBOX {\(Self.message.utf8.count)}\r\n")
                #expect(try await client.readLine()?.hasPrefix("+ ") == true)
                try await client.write(Self.message + " {100000000}\r\n")
                let tooBig = try await client.response("a2")
                #expect(tooBig.last?.hasPrefix("a2 NO [TOOBIG]") == true, "\(tooBig)")

                // (b) The second message is malformed (a bad date): BAD.
                try await client.write(
                    "a3 APPEND INBOX \(Self.literal) \"31-Foo-2024 00:00:00 +0000\" {\(Self.message.utf8.count)}\r\n")
                let bad = try await client.response("a3")
                #expect(bad.last?.hasPrefix("a3 BAD") == true, "\(bad)")
                #expect(try await client.command("n", "NOOP").last == "n OK NOOP completed")
            }

            // The watcher, after the first client left, sees no new message; neither does a new session.
            let noop = try await watcher.command("n2", "NOOP")
            #expect(Self.exists(noop).isEmpty, "\(noop)")
            let status = try await watcher.command("st", "STATUS INBOX (MESSAGES)")
            #expect(status.first == "* STATUS INBOX (MESSAGES 3)", "\(status)")
        }
        try await RawClient.session(port: server.imapPort) { fresh in
            _ = try await fresh.readLine()
            _ = try await fresh.command("l", "LOGIN alice hunter2")
            #expect(Self.exists(try await fresh.command("s", "SELECT INBOX")) == ["* 3 EXISTS"])
        }
    }
}
