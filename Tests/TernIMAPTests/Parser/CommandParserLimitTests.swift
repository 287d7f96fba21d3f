import NIOCore
import Testing
import TernIMAP

@Suite("Command parser: limits and resynchronisation")
struct CommandParserLimitTests {
    let noop = CommandParser.Output.part(.tagged(TaggedCommand(tag: Tag("b")!, command: .noop)))
    let small = ParserLimits(
        maxLineLength: 100, maxLiteralSize: 50, maxAppendMessageSize: 1000, maxCommandSize: 400, maxNestingDepth: 4,
        maxListItems: 5, maxSequenceRanges: 3, maxSearchKeys: 6, maxAppendMessages: 2)

    func expectFailure(
        _ text: String, _ code: ParserError.Code, tag: String? = "a", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for chunkSize in [nil, 1] as [Int?] {
            let outputs = parseCommands(text + "b NOOP\r\n", chunkSize: chunkSize, limits: small)
            let failures = parseErrors(outputs)
            #expect(failures.map(\.error.code) == [code], "\(outputs)", sourceLocation: sourceLocation)
            #expect(failures.first?.tag == tag.flatMap { Tag($0) }, sourceLocation: sourceLocation)
            #expect(outputs.last == noop, "no resync: \(outputs)", sourceLocation: sourceLocation)
        }
    }

    @Test("line length: exactly at the limit passes, one byte more fails and the rest of the line is dropped")
    func lineLength() {
        let atLimit = "a LOGIN x " + String(repeating: "y", count: 100 - 10 - 1) + "\r\n"
        #expect(parseErrors(parseCommands(atLimit, limits: small)).isEmpty)
        expectFailure("a LOGIN x " + String(repeating: "y", count: 100) + "\r\n", .lineTooLong)
        expectFailure(String(repeating: "y", count: 300) + "\r\n", .lineTooLong, tag: nil)
    }

    @Test("a too-long line ending in a non-synchronizing literal: its bytes are skipped too")
    func longLineWithLiteral() {
        expectFailure("a LOGIN " + String(repeating: "y", count: 200) + " {5+}\r\nb NOP\r\n", .lineTooLong)
    }

    @Test("literal size: synchronizing literal rejected without waiting for bytes; non-sync bytes skipped")
    func literalSize() {
        expectFailure("a LOGIN {51}\r\n", .literalTooLarge)
        expectFailure("a LOGIN {51+}\r\n" + String(repeating: "z", count: 51) + " p\r\n", .literalTooLarge)
        expectFailure("a LOGIN {99999999999999999999}\r\n", .literalTooLarge)
        #expect(parseErrors(parseCommands("a LOGIN {50+}\r\n" + String(repeating: "z", count: 50) + " p\r\n", limits: small)).isEmpty)
    }

    @Test("command size counts lines and literals together")
    func commandSize() {
        let literal = String(repeating: "z", count: 50)
        let many = Array(repeating: "{50+}\r\n" + literal, count: 8).joined(separator: " ")
        expectFailure("a ID (" + many + ")\r\n", .commandTooLarge)
    }

    @Test("APPEND message size and message count")
    func appendLimits() {
        expectFailure("a APPEND INBOX {1001}\r\n", .literalTooLarge)
        expectFailure("a APPEND INBOX {1001+}\r\n" + String(repeating: "m", count: 1001) + "\r\n", .literalTooLarge)
        let outputs = parseCommands("a APPEND INBOX {1000+}\r\n" + String(repeating: "m", count: 1000) + "\r\n", limits: small)
        #expect(parseErrors(outputs).isEmpty)
        expectFailure("a APPEND INBOX {1+}\r\nx {1+}\r\ny {1+}\r\nz\r\n", .tooManyItems)
    }

    @Test("nesting depth of lists and search keys")
    func nesting() {
        #expect(parseErrors(parseCommands("a SEARCH ((((SEEN))))\r\n", limits: small)).isEmpty)
        expectFailure("a SEARCH (((((SEEN)))))\r\n", .nestingTooDeep)
        expectFailure("a SEARCH NOT NOT NOT NOT NOT SEEN\r\n", .nestingTooDeep)
        expectFailure("a SEARCH OR OR OR OR OR SEEN SEEN SEEN SEEN SEEN SEEN\r\n", .nestingTooDeep)
        #expect(parseErrors(parseCommands("a SEARCH NOT NOT NOT SEEN\r\n", limits: small)).isEmpty)
    }

    @Test("number of items: list elements, sequence ranges, search keys")
    func itemCounts() {
        #expect(parseErrors(parseCommands("a FETCH 1 (UID FLAGS ENVELOPE BODY RFC822)\r\n", limits: small)).isEmpty)
        expectFailure("a FETCH 1 (UID FLAGS ENVELOPE BODY RFC822 MODSEQ)\r\n", .tooManyItems)
        expectFailure("a STORE 1 FLAGS a b c d e f\r\n", .tooManyItems)
        expectFailure("a FETCH 1,2,3,4 FLAGS\r\n", .tooManyItems)
        expectFailure("a SEARCH SEEN SEEN SEEN SEEN SEEN SEEN SEEN\r\n", .tooManyItems)
        expectFailure("a ENABLE A B C D E F\r\n", .tooManyItems)
    }

    @Test("an unknown command with a literal: the literal is read, then a tagged error")
    func unknownWithLiteral() {
        let outputs = parseCommands("a FROB {5}\r\nhello\r\nb NOOP\r\n")
        #expect(outputs.first == .continuationRequired(LiteralHeader(size: 5)))
        #expect(parseErrors(outputs).map(\.error.code) == [.unknownCommand])
        #expect(outputs.last == noop)
    }

    @Test("empty lines and garbage give untagged errors and do not stop parsing")
    func garbage() {
        let outputs = parseCommands("\r\n\u{1}\u{2}\r\n)))\r\nb NOOP\r\n")
        #expect(parseErrors(outputs).map(\.tag) == [nil, nil, nil])
        #expect(outputs.last == noop)
    }
}

@Suite("Command parser: memory")
struct CommandParserMemoryTests {
    @Test("the buffer empties after each command and never exceeds maxCommandSize")
    func bufferedBytes() {
        var parser = CommandParser(limits: ParserLimits(maxLiteralSize: 10_000, maxCommandSize: 20_000))
        var input = ByteBuffer(string: "a LOGIN {9000+}\r\n" + String(repeating: "u", count: 9000) + " p\r\n")
        var sawLarge = false
        while let output = parser.next(&input) {
            sawLarge = sawLarge || parser.bufferedByteCount > 9000
            if case .part(.tagged) = output { #expect(parser.bufferedByteCount == 0) }
        }
        #expect(!sawLarge)  // the command is handed out as soon as it is complete
        var partial = ByteBuffer(string: "a LOGIN {9000+}\r\n" + String(repeating: "u", count: 5000))
        #expect(parser.next(&partial) == nil)
        #expect(parser.bufferedByteCount > 5000 && parser.bufferedByteCount <= 20_000)
    }
}
