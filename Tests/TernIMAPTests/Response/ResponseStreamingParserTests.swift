import NIOCore
import Testing

@testable import TernIMAP

@Suite("Response parser: streamed FETCH literals")
struct ResponseStreamingParserTests {
    /// Parses `wire` in chunks of `chunk` bytes and merges consecutive literal pieces, so results from
    /// different fragmentations compare equal.
    private func parts(_ wire: [UInt8], chunk: Int, threshold: Int = 16) throws -> [ResponseStreamPart] {
        var parser = ResponseParser(streamLiteralsAbove: threshold)
        var result: [ResponseStreamPart] = []
        var offset = 0
        while offset < wire.count {
            let length = min(chunk, wire.count - offset)
            parser.append(ByteBuffer(bytes: wire[offset..<(offset + length)]))
            offset += length
            while let part = try parser.nextPart() {
                if case .fetchStreamingBytes(var bytes) = part, case .fetchStreamingBytes(var previous)? = result.last {
                    previous.writeBuffer(&bytes)
                    result[result.count - 1] = .fetchStreamingBytes(previous)
                } else {
                    result.append(part)
                }
            }
        }
        #expect(parser.bufferedByteCount == 0)
        return result
    }

    static let wire = Array(
        ("* 1 FETCH (UID 7 BODY[] {40}\r\n" + String(repeating: "x", count: 38) + "\r\n"
            + " BODY[HEADER] {5}\r\nab\r\nc FLAGS (\\Seen) BINARY[2]<3> ~{20}\r\n").utf8)
        + [0] + Array(String(repeating: "y", count: 19).utf8)
        + Array((" RFC822.SIZE 99)\r\n* 2 EXISTS\r\n* 3 FETCH (ENVELOPE (NIL {21}\r\nsubject longer than 1 NIL NIL NIL NIL NIL NIL NIL NIL))\r\nA1 OK done\r\n").utf8)

    @Test func largeBodyLiteralsAreStreamedOthersBuffered() throws {
        let result = try parts(Self.wire, chunk: Self.wire.count)
        let expected: [ResponseStreamPart] = [
            .fetchBegin(SequenceNumber(1)),
            .fetchAttribute(.uid(UID(7))),
            .fetchStreamingBegin(.body(.complete, origin: nil), byteCount: 40),
            .fetchStreamingBytes(ByteBuffer(string: String(repeating: "x", count: 38) + "\r\n")),
            .fetchStreamingEnd,
            .fetchAttribute(.bodySection(.header, origin: nil, data: "ab\r\nc")),
            .fetchAttribute(.flags([.seen])),
            .fetchStreamingBegin(.binary(part: [2], origin: 3), byteCount: 20),
            .fetchStreamingBytes(ByteBuffer(bytes: [0] + Array(String(repeating: "y", count: 19).utf8))),
            .fetchStreamingEnd,
            .fetchAttribute(.rfc822Size(99)),
            .fetchEnd,
            .response(.untagged(.exists(2))),
            // A long string inside ENVELOPE is not a body item: it stays buffered.
            .response(.untagged(.fetch(SequenceNumber(3), [.envelope(Envelope(subject: "subject longer than 1"))]))),
            .response(.tagged(TaggedResponse(tag: Tag("A1")!, status: .ok, text: ResponseText(text: "done")))),
        ]
        #expect(result == expected)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func fragmentationDoesNotChangeTheParts(chunk: Int) throws {
        #expect(try parts(Self.wire, chunk: chunk) == parts(Self.wire, chunk: Self.wire.count))
    }

    @Test func streamingKeepsMemoryBounded() throws {
        let body = 4 * 1024 * 1024
        var parser = ResponseParser(limits: ResponseParserLimits(maxLiteralSize: 64 * 1024), streamLiteralsAbove: 16 * 1024)
        parser.append(ByteBuffer(string: "* 9 FETCH (RFC822 {\(body)}\r\n"))
        var received = 0
        var maxBuffered = 0
        let chunk = ByteBuffer(repeating: UInt8(ascii: "z"), count: 8192)
        for _ in 0..<(body / 8192) {
            parser.append(chunk)
            maxBuffered = max(maxBuffered, parser.bufferedByteCount)
            while let part = try parser.nextPart() {
                if case .fetchStreamingBytes(let bytes) = part { received += bytes.readableBytes }
            }
        }
        parser.append(ByteBuffer(string: ")\r\n"))
        var tail: [ResponseStreamPart] = []
        while let part = try parser.nextPart() { tail.append(part) }
        #expect(received == body)
        #expect(tail == [.fetchEnd])
        #expect(maxBuffered <= 8192 + 64)
    }

    @Test func streamedEncoderOutputParsesBackAsStreamedParts() throws {
        var encoder = ResponseEncoder()
        var wire = ByteBuffer()
        try encoder.encode(FetchStreamPart.begin(SequenceNumber(5)))
        try encoder.encode(FetchStreamPart.attribute(.uid(UID(50))))
        try encoder.encode(FetchStreamPart.streamingBegin(.body(SectionSpecifier(part: [1], kind: .text), origin: 0), byteCount: 32))
        var head = encoder.take()
        wire.writeBuffer(&head)
        wire.writeString(String(repeating: "b", count: 32))
        try encoder.encode(FetchStreamPart.streamingBytes(count: 32))
        try encoder.encode(FetchStreamPart.streamingEnd)
        try encoder.encode(FetchStreamPart.end)
        var end = encoder.take()
        wire.writeBuffer(&end)
        let result = try parts(Array(wire.readableBytesView), chunk: 5)
        #expect(
            result == [
                .fetchBegin(SequenceNumber(5)), .fetchAttribute(.uid(UID(50))),
                .fetchStreamingBegin(.body(SectionSpecifier(part: [1], kind: .text), origin: 0), byteCount: 32),
                .fetchStreamingBytes(ByteBuffer(string: String(repeating: "b", count: 32))), .fetchStreamingEnd, .fetchEnd,
            ])
    }

    @Test func malformedTextAfterAStreamedLiteralIsFatal() throws {
        var parser = ResponseParser(streamLiteralsAbove: 4)
        parser.append(ByteBuffer(string: "* 1 FETCH (RFC822 {8}\r\n12345678 BOGUS)\r\n* 2 EXISTS\r\n"))
        #expect(try parser.nextPart() == .fetchBegin(SequenceNumber(1)))
        #expect(try parser.nextPart() == .fetchStreamingBegin(.rfc822, byteCount: 8))
        #expect(try parser.nextPart() == .fetchStreamingBytes(ByteBuffer(string: "12345678")))
        #expect(try parser.nextPart() == .fetchStreamingEnd)
        #expect(throws: ParserError.self) { try parser.nextPart() }
        #expect(throws: ParserError.self) { try parser.nextPart() }
    }
}
