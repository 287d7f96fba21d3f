import Foundation
import NIOCore
import TernTestSupport
import Testing

/// Issue #16 on the `tern` binary with `--log-format json`: every log line parses as one JSON object; values with
/// a forged line break and JSON text (an IMAP LOGIN name by literal, a SASL service, an LMTP RCPT TO address; a
/// SASL user name with CR LF is refused before it is logged) stay inside a value;
/// IMAP, LMTP and SASL lines share one metadata vocabulary (`session`, `remote`, `user`, `command`); and no
/// password, nor the base64 that carries one, appears anywhere in the log.
@Suite(.timeLimit(.minutes(5))) struct LogVocabularyBinaryTests {
    static let password = TernDevServer.alice.password
    static let wrongPassword = "Wr0ng-pass-7f3c9a"
    static func forged(_ marker: String) -> String { "bob\r\n{\"level\":\"critical\",\"message\":\"\(marker)\"}" }
    static func plain(_ user: String, _ password: String) -> String { Data("\0\(user)\0\(password)".utf8).base64EncodedString() }

    @Test func jsonLinesParseKeepForgedNamesInsideAValueAndHoldNoSecret() async throws {
        let dev = try await TernDevServer.start(.init(extraArguments: ["--log-format", "json"]))
        defer { Task { await dev.stop() } }
        try await imapLogins(dev)
        try await saslRequests(dev)
        try await lmtpRecipients(dev)

        // The server logs after answering; wait until the last step's line is there.
        var logs = ""
        for _ in 0..<600 {
            logs = dev.logs()
            if logs.contains("FORGED-lmtp") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Standard output (the dev instructions, plain text) shares the file; log lines are the JSON ones.
        let lines = logs.split(separator: "\n").filter { $0.hasPrefix("{") }
        var entries: [(message: String, metadata: [String: String])] = []
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let object, let message = object["message"] as? String,
                let metadata = object["metadata"] as? [String: String]
            else {
                Issue.record("not a log object: \(line)")
                continue
            }
            #expect(object["level"] as? String != "critical", "\(line)")
            #expect(object["timestamp"] is String && object["label"] is String, "\(line)")
            entries.append((message, metadata))
        }
        for marker in ["FORGED-imap", "FORGED-sasl", "FORGED-lmtp"] {
            // Each forged name reached the log, inside one line's value.
            #expect(entries.contains { $0.metadata.values.contains { $0.contains(marker) } }, "\(marker)\n\(logs)")
        }
        for secret in [
            Self.password, Self.wrongPassword, Self.plain("alice", Self.password), Self.plain("alice", Self.wrongPassword),
        ] {
            #expect(!lines.contains { $0.contains(secret) }, "\(secret) in the log")
        }

        func entry(_ message: String, where condition: ([String: String]) -> Bool = { _ in true }) -> [String: String]? {
            entries.first { $0.message == message && condition($0.metadata) }?.metadata
        }
        let login = try #require(entry("authenticated") { $0["command"] == "LOGIN" }, "\(logs)")
        #expect(login["user"] == "alice" && login["remote"]?.hasPrefix("127.0.0.1:") == true, "\(login)")
        let authenticate = try #require(entry("authenticated") { $0["command"] == "AUTHENTICATE" }, "\(logs)")
        #expect(authenticate["session"] != login["session"])
        let sasl = try #require(entry("SASL authentication") { $0["user"] == "alice" }, "\(logs)")
        #expect(sasl["command"] == "AUTH" && sasl["remote"]?.hasPrefix("127.0.0.1:") == true, "\(sasl)")
        let rcpt = try #require(entry("LMTP unknown recipient"), "\(logs)")
        #expect(rcpt["command"] == "RCPT" && rcpt["remote"]?.hasPrefix("127.0.0.1:") == true, "\(rcpt)")

        // One short id per connection, the same shape for every protocol, on every line of the connection.
        let sessions = [login, authenticate, sasl, rcpt].compactMap { $0["session"] }
        #expect(sessions.count == 4 && Set(sessions).count == 4, "\(sessions)")
        for session in sessions {
            #expect(session.wholeMatch(of: /[0-9a-z]{1,7}-[0-9]+/) != nil, "\(session)")
            let remotes = Set(entries.filter { $0.metadata["session"] == session }.map { $0.metadata["remote"] })
            #expect(remotes.count == 1 && remotes.first! != nil, "\(session): \(remotes)")
        }
        let imapLines = entries.filter { $0.metadata["session"] == login["session"] }.map(\.message)
        #expect(imapLines.contains("session opened") && imapLines.contains("session closed"), "\(imapLines)")
    }

    /// LOGIN and AUTHENTICATE PLAIN with alice's password, LOGIN with a wrong one, LOGIN with a forged name.
    private func imapLogins(_ dev: TernDevServer) async throws {
        let imap = try SocketAddress(ipAddress: dev.imap.host, port: dev.imap.port)
        func session(_ body: (LoopbackClient) async throws -> Void) async throws {
            try await LoopbackClient.connect(to: imap) { client in
                _ = try await client.readLine()
                try await body(client)
                try await client.write("z LOGOUT\r\n")
                while let line = try await client.readLine(), !line.hasPrefix("z ") {}
            }
        }
        func answer(_ client: LoopbackClient, _ tag: String) async throws -> String {
            while let line = try await client.readLine() { if line.hasPrefix("\(tag) ") { return line } }
            return "(closed)"
        }
        try await session { client in
            try await client.write("a LOGIN alice \(Self.password)\r\n")
            #expect(try await answer(client, "a").hasPrefix("a OK"))
        }
        try await session { client in
            try await client.write("b AUTHENTICATE PLAIN\r\n")
            #expect(try await client.readLine()?.hasPrefix("+") == true)
            try await client.write(Self.plain("alice", Self.password) + "\r\n")
            #expect(try await answer(client, "b").hasPrefix("b OK"))
        }
        try await session { client in
            try await client.write("c AUTHENTICATE PLAIN\r\n")
            _ = try await client.readLine()
            try await client.write(Self.plain("alice", Self.wrongPassword) + "\r\n")
            #expect(try await answer(client, "c").hasPrefix("c NO"))
        }
        try await session { client in
            let name = Self.forged("FORGED-imap")
            try await client.write("d LOGIN {\(name.utf8.count)+}\r\n\(name) \(Self.wrongPassword)\r\n")
            #expect(try await answer(client, "d").hasPrefix("d BAD"))
        }
    }

    /// Postfix's requests on the SASL endpoint: alice right, alice wrong, a forged name.
    private func saslRequests(_ dev: TernDevServer) async throws {
        let auth = try #require(dev.auth)
        try await LoopbackClient.connect(to: try SocketAddress(ipAddress: auth.host, port: auth.port)) { client in
            try await client.write("VERSION\t1\t0\nCPID\t1\n")
            while let line = try await client.readLine(), line != "DONE" {}
            // A forged name is refused before any check (control characters); a forged service name (LF in
            // Dovecot's escaping) reaches the log.
            let forgedService = "smtp\u{1}n{\"level\":\"critical\",\"message\":\"FORGED-sasl\"}"
            let requests = [
                ("smtp", Self.plain("alice", Self.password)), ("smtp", Self.plain("alice", Self.wrongPassword)),
                ("smtp", Self.plain(Self.forged("FORGED-saslname"), Self.wrongPassword)),
                (forgedService, Self.plain("alice", Self.wrongPassword)),
            ]
            for (id, (service, response)) in zip(1..., requests) {
                try await client.write("AUTH\t\(id)\tPLAIN\tservice=\(service)\tresp=\(response)\n")
                #expect(try await client.readLine()?.hasPrefix(id == 1 ? "OK" : "FAIL") == true)
            }
        }
    }

    /// RCPT TO with a forged name: a CR LF splits it into two lines (two commands), a U+2028 stays in the address.
    private func lmtpRecipients(_ dev: TernDevServer) async throws {
        let lmtp = try #require(dev.lmtp)
        try await LoopbackClient.connect(to: try SocketAddress(ipAddress: lmtp.host, port: lmtp.port)) { client in
            _ = try await client.readLine()
            try await client.write("LHLO test\r\n")
            while let line = try await client.readLine(), line.hasPrefix("250-") {}
            try await client.write("MAIL FROM:<> SMTPUTF8\r\n")
            _ = try await client.readLine()
            try await client.write("RCPT TO:<\(Self.forged("FORGED-crlf"))@example.tld>\r\n")
            _ = try await client.readLine()
            _ = try await client.readLine()
            let name = "bob\u{2028}{FORGED-lmtp}"
            try await client.write("RCPT TO:<\(name)@example.tld>\r\n")
            #expect(try await client.readLine()?.hasPrefix("550") == true)
            try await client.write("QUIT\r\n")
            _ = try await client.readLine()
        }
    }
}
