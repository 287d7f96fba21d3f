import Foundation
import Logging
import Testing

@testable import TernServer

/// `log_format = "json"`: each event is one JSON object on one line, whatever the values contain.
@Suite struct JSONLogLineTests {
    private func parse(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func anEventIsOneParsableObject() throws {
        let line = JSONLogLine.render(
            timestamp: "2026-12-07T10:21:38.123Z", level: .info, label: "tern", message: "session opened",
            metadata: ["session": "7", "remote": "127.0.0.1"])
        #expect(line == """
            {"timestamp":"2026-12-07T10:21:38.123Z","level":"info","label":"tern","message":"session opened",\
            "metadata":{"remote":"127.0.0.1","session":"7"}}
            """)
        let object = try parse(line)
        #expect(object["message"] as? String == "session opened")
        #expect((object["metadata"] as? [String: String])?["session"] == "7")
    }

    /// CR LF, NEL, the Unicode line separators, quotes and backslashes from the network stay inside their value.
    @Test func forgedLineBreaksStayInsideTheValue() throws {
        let forged = "alice\r\n{\"level\":\"critical\"}\u{85}x\u{2028}y\u{2029}z\"\\\u{1B}[2J\u{7F}"
        let line = JSONLogLine.render(
            timestamp: "t", level: .warning, label: "tern", message: "login \(forged)", metadata: [forged: forged])
        #expect(!line.contains { "\n\r\u{85}\u{2028}\u{2029}\u{1B}\u{7F}".contains($0) })
        let object = try parse(line)
        #expect(object["message"] as? String == "login \(forged)")
        #expect((object["metadata"] as? [String: String])?[forged] == forged)
    }

    @Test func longValuesAreCut() throws {
        let line = JSONLogLine.render(
            timestamp: "t", level: .info, label: "tern", message: String(repeating: "a", count: 5000), metadata: [:],
            maxValueBytes: 100)
        let message = try #require(try parse(line)["message"] as? String)
        #expect(message == String(repeating: "a", count: 100) + "...[4900 more bytes]")
    }

    @Test func timestampIsUTCWithMilliseconds() {
        let stamp = JSONLogHandler.timestamp()
        #expect(stamp.count == 24 && stamp.hasSuffix("Z") && stamp.dropFirst(10).hasPrefix("T"), "\(stamp)")
    }
}
