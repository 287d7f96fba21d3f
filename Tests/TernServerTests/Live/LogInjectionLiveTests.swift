import Foundation
import Testing

@testable import TernServer

/// Issue #17 point 2 against the real listeners: values sent over IMAP (an ID field with CR LF, a mailbox name
/// with U+2028 in modified UTF-7), the SASL endpoint (a service name with a Dovecot-escaped LF) and LMTP (an SMTPUTF8 address with U+2028)
/// reach the log, but none of them can start a log line. The log goes through `EscapingLogHandler`, as in the `tern` binary.
@Suite(.timeLimit(.minutes(2))) struct LogInjectionLiveTests {
    /// Every character a terminal or log reader may take as a line break.
    static func physicalLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { "\n\r\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".contains($0) }
    }

    @Test func networkValuesCannotStartALogLine() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        try await RawClient.session(port: server.imapPort) { client in
            _ = try await client.readLine()
            let value = "Thunderbird\r\nFORGED-id: admin logged in"
            let id = try await client.command("i", "ID (\"name\" {\(value.utf8.count)+}\r\n\(value))")
            #expect(id.last?.hasPrefix("i OK") == true)
            _ = try await client.command("l", "LOGIN alice hunter2")
            // Modified UTF-7 for "box", U+2028, "FORGED-mailbox".
            let created = try await client.command("c", "CREATE \"box&ICg-FORGED-mailbox\"")
            #expect(created.last?.hasPrefix("c OK") == true, "\(created)")
        }
        let sasl = try await server.sasl(
            user: "alice", password: "wrong", parameters: "service=smtp\u{1}nFORGED-sasl: ok\trip=192.0.2.1")
        #expect(sasl == "FAIL\t1\tuser=alice")
        try await RawClient.session(port: server.lmtpPort) { client in
            _ = try await client.readLine()
            try await client.write("LHLO test\r\n")
            while let line = try await client.readLine(), line.hasPrefix("250-") {}
            try await client.write("MAIL FROM:<> SMTPUTF8\r\n")
            _ = try await client.readLine()
            try await client.write("RCPT TO:<nobody\u{2028}FORGED-lmtp@example.tld>\r\n")
            #expect(try await client.readLine()?.hasPrefix("550") == true)
        }
        let log = server.log.withLockedValue { $0 }
        for marker in ["FORGED-id", "FORGED-mailbox", "FORGED-sasl", "FORGED-lmtp"] where !log.contains(marker) {
            // A vector whose value never reaches a log proves nothing here; say which.
            Issue.record("\(marker) did not reach the log:\n\(log)")
        }
        let forged = Self.physicalLines(log).filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("FORGED") }
        #expect(forged.isEmpty, "\(forged)")
    }
}
