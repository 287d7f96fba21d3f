import NIOCore
import TernLMTP
import Testing

/// A whole session fed in random chunks (down to single bytes) gives the same replies, actions and messages as
/// the same bytes fed in one read.
@Suite struct LMTPSessionChunkingTests {
    static func run(_ wire: [UInt8], cuts: [Int]) -> (transcript: String, events: [String], messages: [[UInt8]]) {
        var harness = LMTPHarness(directory: [
            "alice@example.tld": .accepted(mailbox: "alice"), "bob@example.tld": .accepted(mailbox: "bob"),
        ])
        harness.run()
        let bounds = [0] + cuts + [wire.count]
        for (start, end) in zip(bounds, bounds.dropFirst()) where start < end {
            harness.send(bytes: Array(wire[start..<end]))
        }
        return (harness.transcript, harness.events, harness.messages)
    }

    @Test func randomChunkingMatchesOneRead() {
        let seed = UInt64.random(in: 0 ... .max)
        var generator = SplitMix64(seed: seed)
        for _ in 0..<60 {
            var wire = Array("LHLO x\r\n".utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                wire += Array(
                    "MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.tld>\r\nRCPT TO:<nobody@b.c>\r\nRCPT TO:<bob@example.tld>\r\nDATA\r\n"
                        .utf8
                )
                for _ in 0..<Int.random(in: 0..<30, using: &generator) {
                    let line = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                        [UInt8(ascii: "."), UInt8(ascii: "x"), UInt8(ascii: "\r"), UInt8(ascii: " "), 0xE2]
                            .randomElement(using: &generator)!
                    }
                    wire += (line.first == UInt8(ascii: ".") ? [UInt8(ascii: ".")] : []) + line + [13, 10]
                }
                wire += Array(".\r\nNOOP\r\n".utf8)
            }
            wire += Array("QUIT\r\n".utf8)
            let whole = Self.run(wire, cuts: [])
            #expect(whole.messages.count >= 1, "seed \(seed)")
            let cuts = (0..<Int.random(in: 1..<40, using: &generator)).map { _ in
                Int.random(in: 0...wire.count, using: &generator)
            }
            let chunked = Self.run(wire, cuts: Array(Set(cuts)).sorted())
            #expect(chunked.transcript == whole.transcript, "seed \(seed)")
            #expect(chunked.events == whole.events, "seed \(seed)")
            #expect(chunked.messages == whole.messages, "seed \(seed)")
        }
    }

    @Test func byteAtATimeMatchesOneRead() {
        let wire = Array(
            ("LHLO x\r\nMAIL FROM:<a@b.c> BODY=8BITMIME\r\nRCPT TO:<alice@example.tld>\r\nDATA\r\n"
                + "Subject: x\r\n\r\n..dot\r\n.\r\r\nbare\rcr\r\n\r\n.\r\nQUIT\r\n").utf8
        )
        let whole = Self.run(wire, cuts: [])
        #expect(whole.messages == [Array("Subject: x\r\n\r\n.dot\r\n\r\r\nbare\rcr\r\n\r\n".utf8)])
        let single = Self.run(wire, cuts: Array(1..<wire.count))
        #expect(single.transcript == whole.transcript)
        #expect(single.events == whole.events)
        #expect(single.messages == whole.messages)
    }
}
