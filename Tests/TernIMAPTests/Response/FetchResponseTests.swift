import NIOCore
import Testing

@testable import TernIMAP

@Suite("FETCH responses")
struct FetchResponseTests {
    @Test(arguments: [
        "* 23 FETCH (FLAGS (\\Seen) RFC822.SIZE 44827)",
        "* 14 FETCH (FLAGS (\\Seen \\Deleted))",
        "* 1 FETCH (FLAGS ())",
        "* 23 FETCH (FLAGS (\\Seen) UID 4827313)",
        "* 12 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")",
        "* 12 FETCH (INTERNALDATE \" 7-Feb-1994 21:52:25 +0100\")",
        "* 4 FETCH (UID 8 MODSEQ (12121231000))",
        "* 1 FETCH (BODY[] \"\")",
        "* 1 FETCH (BODY[]<0> {5}\r\nHello)",
        "* 1 FETCH (BODY[1.2.MIME] NIL)",
        "* 2 FETCH (BODY[HEADER.FIELDS (DATE FROM)] {20}\r\nDate: x\r\nFrom: y\r\n\r\n)",
        "* 2 FETCH (BODY[3.HEADER.FIELDS.NOT (X-A \"B C\")] {2}\r\n\r\n)",
        "* 2 FETCH (BODY[TEXT] \"short\" BODY[4.TEXT] NIL)",
        "* 3 FETCH (BINARY[1] ~{3}\r\na\u{0}b BINARY.SIZE[1] 3)",
        "* 3 FETCH (BINARY[] \"plain\" BINARY[2.1]<10> NIL BINARY.SIZE[] 1024)",
        "* 4 FETCH (RFC822 {4}\r\nab\r\n RFC822.HEADER {2}\r\n\r\n RFC822.TEXT \"hi\")",
        "* 5 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 2279 48))",
        // RFC 3501 §7.4.2, the two-part example.
        "* 6 FETCH (BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\"))",
        "* 7 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 10 1 NIL))",
        "* 7 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 10 1 \"md5\" (\"INLINE\" NIL)))",
        "* 7 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 10 1 NIL NIL \"en\"))",
        "* 7 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 10 1 NIL NIL (\"en\" \"de\") \"http://x/\" 7 (NIL \"a\" (1 2))))",
        "* 8 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 20 2 NIL NIL NIL NIL)(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 4096 NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\")) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"xyz\") NIL NIL NIL))",
        "* 9 FETCH (BODYSTRUCTURE (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 500 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1) 12))",
        "* 9 FETCH (BODY (\"IMAGE\" \"GIF\" (\"NAME\" \"x.gif\") \"<id@x>\" \"a picture\" \"BASE64\" 4554))",
        "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))",
        // Group syntax: a start marker (NIL host) and an end marker (NIL mailbox and host).
        "* 13 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))",
    ])
    func roundTrips(line: String) throws {
        try ResponseTestSupport.expectRoundTrip(line + "\r\n")
    }

    @Test func typedEnvelopeAndBody() throws {
        let responses = try ResponseTestSupport.expectRoundTrip(
            "* 5 FETCH (UID 9 ENVELOPE (\"d\" {3}\r\na\"b ((\"N\" NIL \"m\" \"h\")) NIL NIL NIL NIL NIL NIL \"<id>\") BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1))\r\n")
        let address = Address(name: "N", adl: nil, mailbox: "m", host: "h")
        let envelope = Envelope(date: "d", subject: "a\"b", from: [address], messageID: "<id>")
        let body = BodyStructure.singlepart(SinglePartBody(
            type: "TEXT", subtype: "PLAIN",
            fields: BodyFields(parameters: nil, id: nil, description: nil, encoding: "7BIT", octets: 3),
            kind: .text(lines: 1)))
        #expect(
            responses == [.untagged(.fetch(SequenceNumber(5), [.uid(UID(9)), .envelope(envelope), .bodyStructure(body, extensible: false)]))])
    }

    @Test func valuesBuiltInCodeEncodeExactly() throws {
        let day = try #require(IMAPDate(year: 1996, month: 7, day: 17))
        let date = try #require(InternalDate(date: day, hour: 2, minute: 44, second: 25, zoneMinutes: -420))
        let envelope = Envelope(
            date: "Wed, 17 Jul 1996", subject: "line\r\nbreak \"quoted\"",
            from: [Address(name: "Terry \"T\" Gray", adl: nil, mailbox: "gray", host: "example.org")],
            to: [], inReplyTo: nil, messageID: "<x@y>")
        let response = Response.untagged(.fetch(SequenceNumber(12), [
            .flags([.seen, .recent]), .uid(UID(7)), .internalDate(date), .rfc822Size(4286), .modSeq(ModSeq(5)),
            .envelope(envelope),
            .bodySection(SectionSpecifier(part: [1], kind: .complete), origin: 0, data: "x y"),
            .binary(part: [2], origin: nil, data: ByteString([0, 1])),
            .binarySize(part: [2], size: 2),
        ]))
        #expect(
            try ResponseTestSupport.encode(response)
                == "* 12 FETCH (FLAGS (\\Seen \\Recent) UID 7 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
                + "MODSEQ (5) ENVELOPE (\"Wed, 17 Jul 1996\" {20}\r\nline\r\nbreak \"quoted\" "
                + "((\"Terry \\\"T\\\" Gray\" NIL \"gray\" \"example.org\")) NIL NIL NIL NIL NIL NIL \"<x@y>\") "
                + "BODY[1]<0> \"x y\" BINARY[2] ~{2}\r\n\u{0}\u{1} BINARY.SIZE[2] 2)\r\n")
    }

    @Test func prerenderedItemsAreCopiedVerbatim() throws {
        let rendered = Array("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1)".utf8)
        let response = Response.untagged(.fetch(SequenceNumber(1), [
            .prerendered(.bodyStructure, bytes: rendered), .prerendered(.envelope, bytes: Array("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)".utf8)),
        ]))
        #expect(
            try ResponseTestSupport.encode(response)
                == "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1) ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")
    }

    @Test func streamingFetchWritesHeadersAndLeavesTheChunksToTheCaller() throws {
        var encoder = ResponseEncoder()
        var wire = ByteBuffer()
        func flush() {
            var taken = encoder.take()
            wire.writeBuffer(&taken)
        }
        try encoder.encode(FetchStreamPart.begin(SequenceNumber(12)))
        try encoder.encode(FetchStreamPart.attribute(.uid(UID(99))))
        try encoder.encode(FetchStreamPart.streamingBegin(.body(.header, origin: nil), byteCount: 12))
        flush()
        for chunk in ["Subject:", " x\r\n"] {
            wire.writeString(chunk)
            try encoder.encode(FetchStreamPart.streamingBytes(count: chunk.utf8.count))
        }
        try encoder.encode(FetchStreamPart.streamingEnd)
        try encoder.encode(FetchStreamPart.streamingBegin(.binary(part: [2], origin: 4), byteCount: 2))
        flush()
        wire.writeBytes([0, 0xFF])
        try encoder.encode(FetchStreamPart.streamingBytes(count: 2))
        try encoder.encode(FetchStreamPart.streamingEnd)
        try encoder.encode(FetchStreamPart.streamingBegin(.rfc822Text, byteCount: 0))
        try encoder.encode(FetchStreamPart.streamingEnd)
        try encoder.encode(FetchStreamPart.end)
        flush()
        let expected: [UInt8] = Array("* 12 FETCH (UID 99 BODY[HEADER] {12}\r\nSubject: x\r\n BINARY[2]<4> ~{2}\r\n".utf8)
            + [0, 0xFF] + Array(" RFC822.TEXT {0}\r\n)\r\n".utf8)
        #expect(Array(wire.readableBytesView) == expected)
        // The streamed bytes parse back like any other FETCH response.
        let parsed = try ResponseTestSupport.parseWhole(expected)
        #expect(
            parsed == [.untagged(.fetch(SequenceNumber(12), [
                .uid(UID(99)), .bodySection(.header, origin: nil, data: ByteString("Subject: x\r\n", form: .literal)),
                .binary(part: [2], origin: 4, data: ByteString([0, 0xFF])), .rfc822Text(""),
            ]))])
    }

    @Test func streamingFirstItemHasNoLeadingSpace() throws {
        var encoder = ResponseEncoder()
        try encoder.encode(FetchStreamPart.begin(SequenceNumber(1)))
        try encoder.encode(FetchStreamPart.streamingBegin(.rfc822, byteCount: 1))
        try encoder.encode(FetchStreamPart.streamingBytes(count: 1))
        try encoder.encode(FetchStreamPart.streamingEnd)
        try encoder.encode(FetchStreamPart.end)
        #expect(String(buffer: encoder.take()) == "* 1 FETCH (RFC822 {1}\r\n)\r\n")
    }

    @Test func streamingMisuseIsReported() throws {
        var encoder = ResponseEncoder()
        #expect(throws: ResponseEncoderError.self) { try encoder.encode(FetchStreamPart.end) }
        try encoder.encode(FetchStreamPart.begin(SequenceNumber(1)))
        #expect(throws: ResponseEncoderError.self) { try encoder.encode(Response.untagged(.exists(1))) }
        try encoder.encode(FetchStreamPart.streamingBegin(.rfc822, byteCount: 4))
        #expect(throws: ResponseEncoderError.self) { try encoder.encode(FetchStreamPart.attribute(.uid(UID(1)))) }
        #expect(throws: ResponseEncoderError.self) { try encoder.encode(FetchStreamPart.streamingBytes(count: 5)) }
        try encoder.encode(FetchStreamPart.streamingBytes(count: 3))
        #expect(throws: ResponseEncoderError.self) { try encoder.encode(FetchStreamPart.streamingEnd) }
        try encoder.encode(FetchStreamPart.streamingBytes(count: 1))
        try encoder.encode(FetchStreamPart.streamingEnd)
        try encoder.encode(FetchStreamPart.end)
        try encoder.encode(Response.untagged(.exists(1)))
    }

    @Test(arguments: [
        "* 1 FETCH (BOGUS 1)",
        "* 1 FETCH (INTERNALDATE \"31-Feb-1996 02:44:25 -0700\")",
        "* 1 FETCH (INTERNALDATE \"17-Jul-1996 2:44:25 -0700\")",
        "* 1 FETCH (BODY[MIME] NIL)",
        "* 1 FETCH (BODY[1.0] NIL)",
        "* 1 FETCH (UID 0)",
        "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3))",
        "* 1 FETCH (ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))",
        "* 1 FETCH (RFC822.SIZE 99999999999999999999)",
        "* 1 FETCH (BODY[] {2}\r\nabc)",
    ])
    func malformedFetchResponsesAreRejected(line: String) {
        #expect(throws: ParserError.self) { try ResponseTestSupport.parseWhole(Array((line + "\r\n").utf8)) }
    }
}
