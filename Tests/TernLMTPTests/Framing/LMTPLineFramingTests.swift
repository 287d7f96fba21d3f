import NIOCore
import TernLMTP
import Testing

/// The framer is internal; its behaviour is visible through the session: lines end in CRLF or LF, partial lines
/// wait for more input, and over-long lines are dropped as they stream in.
@Suite struct LMTPLineFramingTests {
    @Test func crlfAndBareLFBothEndCommandLines() {
        var harness = LMTPHarness()
        harness.run()
        #expect(harness.send("NOOP\nNOOP\r\n") == ["250 2.0.0 Ok", "250 2.0.0 Ok"].crlf)
    }

    @Test func commandSplitAcrossReadsAtEveryPosition() {
        let command = "MAIL FROM:<a@b.c> SIZE=10\r\n"
        let bytes = Array(command.utf8)
        for cut in 0...bytes.count {
            var harness = LMTPHarness()
            harness.run()
            harness.send("LHLO x\r\n")
            let first = harness.send(bytes: Array(bytes[..<cut]))
            let second = harness.send(bytes: Array(bytes[cut...]))
            #expect(first + second == "250 2.1.0 Sender ok\r\n", "cut at \(cut)")
        }
    }

    /// Seeded garbage in random chunks: the session never crashes, never holds more than the configured input,
    /// and every reply it writes is well formed.
    @Test func randomInputNeverCrashesAndStaysBounded() {
        let seed = UInt64.random(in: 0 ... .max)
        var generator = SplitMix64(seed: seed)
        let words = [
            "LHLO x", "MAIL FROM:<a@b.c>", "RCPT TO:<alice@example.tld>", "DATA", ".", "..", "RSET", "NOOP", "QUIT",
            "\u{0}", "MAIL FROM:<", "\r", "\n", "\r\n", "VRFY", "BDAT 1",
        ]
        for _ in 0..<200 {
            var configuration = LMTPConfiguration(
                hostname: "h",
                maxMessageBytes: 200,
                maxCommandLineLength: 40,
                maxErrors: 1000,
                maxBufferedInput: 4096
            )
            configuration.maxRecipients = 3
            var harness = LMTPHarness(
                configuration: configuration,
                directory: ["alice@example.tld": .accepted(mailbox: "alice")]
            )
            harness.run()
            for _ in 0..<40 {
                var chunk: [UInt8] = []
                for _ in 0..<Int.random(in: 1..<8, using: &generator) {
                    if Bool.random(using: &generator) {
                        chunk += Array(words.randomElement(using: &generator)!.utf8) + [13, 10]
                    } else {
                        chunk += (0..<Int.random(in: 0..<60, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }
                    }
                }
                harness.send(bytes: chunk)
                #expect(harness.machine.bufferedInputBytes <= 4096, "seed \(seed)")
                if harness.closed { break }
            }
            for line in harness.transcript.split(separator: "\r\n") {
                #expect(line.count >= 4 && line.prefix(3).allSatisfy(\.isNumber), "seed \(seed): \(line)")
            }
        }
    }
}
