import NIOCore
import TernLMTP
import Testing

@Suite struct LMTPReplyEncoderTests {
    static func wire(_ reply: LMTPReply) -> String { String(buffer: LMTPReplyEncoder.encode(reply)) }

    @Test func singleLineWithEnhancedCode() {
        #expect(Self.wire(LMTPReply(550, EnhancedStatusCode(5, 1, 1), "User unknown")) == "550 5.1.1 User unknown\r\n")
    }

    @Test func withoutEnhancedCode() {
        #expect(Self.wire(LMTPReply(220, nil, "host ready")) == "220 host ready\r\n")
    }

    @Test func multiLine() {
        let reply = LMTPReply(code: 250, enhanced: nil, lines: ["host", "PIPELINING", "SIZE 10"])
        #expect(Self.wire(reply) == "250-host\r\n250-PIPELINING\r\n250 SIZE 10\r\n")
        let enhanced = LMTPReply(code: 451, enhanced: EnhancedStatusCode(4, 3, 0), lines: ["one", "two"])
        #expect(Self.wire(enhanced) == "451-4.3.0 one\r\n451 4.3.0 two\r\n")
    }

    @Test func lineBreaksInTextCannotInjectReplies() {
        #expect(
            Self.wire(LMTPReply(250, EnhancedStatusCode(2, 0, 0), "a\r\n250 fake\nb\rc"))
                == "250 2.0.0 a  250 fake b c\r\n"
        )
    }

    @Test func emptyLinesList() {
        #expect(Self.wire(LMTPReply(code: 250, enhanced: nil, lines: [])) == "250 \r\n")
    }
}
