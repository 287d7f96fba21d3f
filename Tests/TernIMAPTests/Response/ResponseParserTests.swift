import NIOCore
import Testing

@testable import TernIMAP

@Suite("Response parser: framing, limits, resynchronisation")
struct ResponseParserTests {
    static let sample =
        "* OK [CAPABILITY IMAP4rev2] ready\r\n* 12 FETCH (BODY[HEADER] {12}\r\nSubject: x\r\n UID 4)\r\n"
        + "+ go ahead\r\n* LIST () \"/\" {3}\r\na{b\r\n* 3 FETCH (BINARY[1] ~{2}\r\n\u{0}} FLAGS (\\Seen))\r\nA1 OK done\r\n"

    @Test func needsMoreBytesUntilTheFrameIsComplete() throws {
        var parser = ResponseParser()
        parser.append(ByteBuffer(string: "* 1 FETCH (BODY[] {5}\r\nab"))
        #expect(try parser.next() == nil)
        parser.append(ByteBuffer(string: "cde)"))
        #expect(try parser.next() == nil)
        parser.append(ByteBuffer(string: "\r\n* 2 EXISTS\r"))
        #expect(try parser.next() == .untagged(.fetch(SequenceNumber(1), [.bodySection(.complete, origin: nil, data: "abcde")])))
        #expect(try parser.next() == nil)
        parser.append(ByteBuffer(string: "\n"))
        #expect(try parser.next() == .untagged(.exists(2)))
        #expect(parser.bufferedByteCount == 0)
    }

    /// Literal bytes that look like line ends or literal announcements do not confuse the framer.
    @Test func literalContentIsOpaqueToTheFramer() throws {
        let wire = "* 1 FETCH (BODY[] {10}\r\n{3}\r\nabc\r\n)\r\n"
        let responses = try ResponseTestSupport.expectRoundTrip(wire)
        #expect(responses == [.untagged(.fetch(SequenceNumber(1), [.bodySection(.complete, origin: nil, data: "{3}\r\nabc\r\n")]))])
    }

    @Test func randomFragmentationGivesTheSameResponses() throws {
        let wire = Array(Self.sample.utf8)
        let expected = try ResponseTestSupport.parseWhole(wire)
        #expect(expected.count == 6)
        #expect(try ResponseTestSupport.parseByteAtATime(wire) == expected)
        var random = SeededRandom(seed: 0x5EED_0001)
        for round in 0..<500 {
            var parser = ResponseParser()
            var responses: [Response] = []
            var offset = 0
            while offset < wire.count {
                let length = min(wire.count - offset, Int(random.next() % 17) + 1)
                parser.append(ByteBuffer(bytes: wire[offset..<(offset + length)]))
                offset += length
                while let response = try parser.next() { responses.append(response) }
            }
            #expect(responses == expected, "round \(round) with seed 0x5EED0001")
        }
    }

    @Test func aMalformedResponseIsDroppedAndParsingContinues() throws {
        var parser = ResponseParser()
        parser.append(ByteBuffer(string: "* 1 FETCH (BOGUS {3}\r\nabc)\r\n* 2 EXISTS\r\n"))
        #expect(throws: ParserError.self) { try parser.next() }
        #expect(!parser.isFailed)
        #expect(try parser.next() == .untagged(.exists(2)))
    }

    @Test func overlongLinesAreFatal() throws {
        var parser = ResponseParser(limits: ResponseParserLimits(maxLineLength: 16))
        parser.append(ByteBuffer(string: "* OK 0123456789abcdef"))
        let error = try #require(throws: ParserError.self) { try parser.next() }
        #expect(error.code == .lineTooLong)
        #expect(parser.isFailed)
        parser.append(ByteBuffer(string: "\r\n* 1 EXISTS\r\n"))
        #expect(throws: ParserError.self) { try parser.next() }
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func lineLimitCountsEachLineOfAFrame() throws {
        var parser = ResponseParser(limits: ResponseParserLimits(maxLineLength: 24))
        parser.append(ByteBuffer(string: "* 1 FETCH (RFC822 {40}\r\n"))
        parser.append(ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 40)))
        parser.append(ByteBuffer(string: ")\r\n"))
        #expect(try parser.next() != nil)
    }

    @Test func literalAndResponseSizeLimits() throws {
        var literal = ResponseParser(limits: ResponseParserLimits(maxLiteralSize: 10))
        literal.append(ByteBuffer(string: "* 1 FETCH (RFC822 {11}\r\n"))
        #expect(try #require(throws: ParserError.self) { try literal.next() }.code == .literalTooLarge)

        var huge = ResponseParser()
        huge.append(ByteBuffer(string: "* 1 FETCH (RFC822 {99999999999999999999}\r\n"))
        #expect(try #require(throws: ParserError.self) { try huge.next() }.code == .literalTooLarge)

        var total = ResponseParser(limits: ResponseParserLimits(maxLiteralSize: 10, maxResponseSize: 30))
        total.append(ByteBuffer(string: "* 1 FETCH (RFC822 {10}\r\n0123456789 RFC822.TEXT {10}\r\n"))
        #expect(try #require(throws: ParserError.self) { try total.next() }.code == .responseTooLarge)
    }

    @Test func nestingAndItemLimits() throws {
        let deep = "* 1 FETCH (BODY " + String(repeating: "(", count: 10) + ")\r\n"
        #expect(
            try #require(throws: ParserError.self) {
                try ResponseTestSupport.parseWhole(Array(deep.utf8), limits: ResponseParserLimits(maxNestingDepth: 5))
            }.code == .nestingTooDeep)
        let many = "* SEARCH" + String(repeating: " 1", count: 11) + "\r\n"
        #expect(
            try #require(throws: ParserError.self) {
                try ResponseTestSupport.parseWhole(Array(many.utf8), limits: ResponseParserLimits(maxListItems: 10))
            }.code == .tooManyItems)
    }

    /// Mutated and truncated responses never crash or hang the parser (buffering or streaming literals), and
    /// it never holds more than one response's worth of bytes.
    @Test func mutatedInputNeverCrashes() throws {
        let seed: UInt64 = 0xC0FF_EE00_2026
        var random = SeededRandom(seed: seed)
        let corpus = Array(Self.sample.utf8)
        let alphabet = Array("()[]{}<>~+* \"\\\r\nNIL0123456789.:,".utf8)
        let limits = ResponseParserLimits(maxLineLength: 512, maxLiteralSize: 256, maxResponseSize: 1024)
        for round in 0..<10_000 {
            var input = corpus
            for _ in 0..<Int(random.next() % 6) + 1 {
                let position = Int(random.next() % UInt64(input.count))
                switch random.next() % 3 {
                case 0: input[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: input.remove(at: position)
                default: input.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                }
                if input.isEmpty { input = corpus }
            }
            var parser = ResponseParser(limits: limits, streamLiteralsAbove: round % 2 == 0 ? nil : 8)
            var offset = 0
            var steps = 0
            while offset < input.count {
                let length = min(input.count - offset, Int(random.next() % 64) + 1)
                parser.append(ByteBuffer(bytes: input[offset..<(offset + length)]))
                offset += length
                while steps < 10_000 {
                    steps += 1
                    do {
                        guard try parser.nextPart() != nil else { break }
                    } catch {
                        if parser.isFailed { break }
                    }
                }
                #expect(parser.bufferedByteCount <= limits.maxResponseSize + 64, "seed \(seed)")
            }
            #expect(steps < 10_000, "parser looped; seed \(seed)")
        }
    }
}

/// SplitMix64: a small deterministic generator so randomized tests reproduce from their seed.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
