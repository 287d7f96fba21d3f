import Foundation
import NIOCore
import NIOPosix
import TernTestSupport
import Testing

/// Issue #17 point 2 on the `tern` binary itself: `tern dev` installs the escaping log handler, so a LOGIN-free
/// ID value with CR LF and a SASL service with an escaped LF, sent to its real ports, never start a line of its
/// stderr log.
/// With `--log-format json` every log line is a JSON object and the forged text stays inside a value.
@Suite(.timeLimit(.minutes(3))) struct LogInjectionBinaryTests {
    @Test(arguments: ["text", "json"]) func devServerLogLinesCannotBeForged(format: String) async throws {
        let dev = try await TernDevServer.start(.init(extraArguments: ["--log-format", format]))
        defer { Task { await dev.stop() } }
        let imap = try SocketAddress(ipAddress: dev.imap.host, port: dev.imap.port)
        try await LoopbackClient.connect(to: imap) { client in
            _ = try await client.readLine()
            let value = "Thunderbird\r\nFORGED-binary-id: root login"
            try await client.write("i ID (\"name\" {\(value.utf8.count)+}\r\n\(value))\r\n")
            while let line = try await client.readLine(), !line.hasPrefix("i ") {}
        }
        let auth = try #require(dev.auth)
        try await LoopbackClient.connect(to: try SocketAddress(ipAddress: auth.host, port: auth.port)) { client in
            try await client.write("VERSION\t1\t0\nCPID\t1\n")
            while let line = try await client.readLine(), line != "DONE" {}
            let response = Data("\0alice\0wrong".utf8).base64EncodedString()
            try await client.write("AUTH\t1\tPLAIN\tservice=smtp\u{1}nFORGED-binary-sasl: ok\tresp=\(response)\n")
            _ = try await client.readLine()
        }
        // The server logs after answering; give it a moment to write.
        var logs = ""
        for _ in 0..<50 {
            logs = dev.logs()
            if logs.contains("FORGED-binary-id") && logs.contains("FORGED-binary-sasl") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(logs.contains("FORGED-binary-id") && logs.contains("FORGED-binary-sasl"), "\(logs)")
        let lines = logs.split(omittingEmptySubsequences: false) { "\n\r\u{85}\u{2028}\u{2029}".contains($0) }
        #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("FORGED") }, "\(logs)")
        if format == "json" {
            // stdout (the dev instructions) shares the file; every line carrying a forged value is a log object.
            let forgedLines = lines.filter { $0.contains("FORGED") }
            #expect(forgedLines.count >= 2, "\(logs)")
            for line in forgedLines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["level"] != nil && object?["metadata"] != nil, "\(line)")
            }
        }
    }
}
