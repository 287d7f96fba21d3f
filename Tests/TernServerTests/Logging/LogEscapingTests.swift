import Logging
import NIOConcurrencyHelpers
import Testing

@testable import TernServer

@Suite struct LogEscapingTests {
    @Test(arguments: [
        ("alice", "alice"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("back\\slash", "back\\\\slash"),
        ("\u{1B}[31mred", "\\x1B[31mred"),
        ("nul\u{0}", "nul\\x00"),
        ("del\u{7F}", "del\\x7F"),
        ("nel\u{85}x", "nel\\u{0085}x"),
        ("ls\u{2028}ps\u{2029}", "ls\\u{2028}ps\\u{2029}"),
        ("Grüße 日本", "Grüße 日本"),
    ])
    func escapes(input: String, output: String) {
        #expect(LogEscaping.escape(input) == output)
    }

    @Test func capsLengthAndSaysHowMuchWasCut() {
        let escaped = LogEscaping.escape(String(repeating: "é", count: 1000), maxBytes: 100)
        #expect(escaped.hasPrefix(String(repeating: "é", count: 50) + "...[1900 more bytes]"))
        #expect(escaped.utf8.count < 130)
    }

    /// No input of any bytes produces a line break or another control character in the output.
    @Test func noControlCharacterSurvives() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scalars = (0..<64).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x3000, using: &generator)) }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let escaped = LogEscaping.escape(text)
            #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 })
        }
    }
}

/// The handler the `tern` binary installs: message, keys and values (explicit, handler-level, error) escaped.
@Suite struct EscapingLogHandlerTests {
    struct Capture: LogHandler {
        let lines: NIOLockedValueBox<[String]>
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let text = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.withLockedValue { $0.append("\(text) \(event.message)") }
        }
    }

    @Test func everyPartIsEscaped() {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "t") { _ in EscapingLogHandler(wrapping: Capture(lines: lines)) }
        logger[metadataKey: "session"] = "s\n1"
        logger.info("m\r\nX", metadata: ["login": "a\r\nFORGED line", "k\ney": "v"])
        #expect(lines.withLockedValue { $0 } == ["k\\ney=v login=a\\r\\nFORGED line session=s\\n1 m\\r\\nX"])
    }
}
