import NIOCore
import Testing
import TernIMAP

@Suite("Common grammar values")
struct CommonValueTests {
    @Test("dates convert to and from epoch days and seconds")
    func dates() throws {
        let date = try #require(IMAPDate(year: 1996, month: 7, day: 17))
        #expect(IMAPDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(IMAPDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(IMAPDate(year: 2023, month: 2, day: 29) == nil)
        #expect(IMAPDate(year: 2024, month: 2, day: 29) != nil)
        let time = try #require(InternalDate(date: date, hour: 2, minute: 44, second: 25, zoneMinutes: -420))
        #expect(time.description == "17-Jul-1996 02:44:25 -0700")
        #expect(time.secondsSinceEpoch == 837_596_665)
        #expect(InternalDate(secondsSinceEpoch: 837_596_665, zoneMinutes: -420) == time)
        let early = try #require(InternalDate(secondsSinceEpoch: 0, zoneMinutes: 60))
        #expect(early.description == " 1-Jan-1970 01:00:00 +0100")
    }

    @Test("the lexer reads the primitive tokens")
    func lexer() throws {
        var cursor = ParseCursor(ByteBuffer(string: "atom \"q\\\"s\" {3}\r\nlit NIL 123 4294967295 ~{2}\r\n\u{0}x 1:* $ "))
        #expect(try cursor.atom() == "atom")
        try cursor.expectSpace()
        #expect(try cursor.astring() == ByteString("q\"s"))
        try cursor.expectSpace()
        #expect(try cursor.string() == ByteString("lit"))
        try cursor.expectSpace()
        #expect(try cursor.nstring() == nil)
        try cursor.expectSpace()
        #expect(try cursor.number() == 123)
        try cursor.expectSpace()
        #expect(try cursor.number() == UInt32.max)
        try cursor.expectSpace()
        let (header, bytes) = try cursor.literal(allowBinary: true)
        #expect(header == LiteralHeader(size: 2, isBinary: true))
        #expect(bytes == ByteBuffer(bytes: [0, 0x78]))
        try cursor.expectSpace()
        #expect(try cursor.sequenceSet() == .ranges([SequenceRange(.number(1), .last)]))
        try cursor.expectSpace()
        #expect(try cursor.sequenceSet() == .lastSearchResult)
    }

    @Test("running out of bytes is `incomplete`, bad bytes are `malformed`")
    func lexerErrors() {
        func code(_ text: String, _ read: (inout ParseCursor) throws(ParserError) -> Void) -> ParserError.Code? {
            var cursor = ParseCursor(ByteBuffer(string: text))
            do {
                try read(&cursor)
                return nil
            } catch {
                return error.code
            }
        }
        let quoted: (inout ParseCursor) throws(ParserError) -> Void = { cursor throws(ParserError) in _ = try cursor.quoted() }
        let string: (inout ParseCursor) throws(ParserError) -> Void = { cursor throws(ParserError) in _ = try cursor.string() }
        let number: (inout ParseCursor) throws(ParserError) -> Void = { cursor throws(ParserError) in _ = try cursor.number() }
        let results = [
            code("\"abc", quoted), code("{5}\r\nab", string), code("4294967296 ", number), code("\"a\\b\"", quoted),
            code("\"a\rb\"", quoted), code("{70000}\r\n", string),
        ]
        #expect(results == [.incomplete, .incomplete, .malformed, .malformed, .malformed, .literalTooLarge])
    }

    @Test("flags and capabilities compare case-insensitively")
    func caseInsensitive() {
        #expect(Flag("\\SEEN") == .seen)
        #expect(Set([Flag("\\seen"), .seen]).count == 1)
        #expect(Flag("$Junk").isKeyword)
        #expect(Capability("imap4REV1") == .imap4rev1)
    }

    @Test("sequence sets resolve `*` and either range order")
    func sequenceSets() {
        let set = SequenceSet.ranges([SequenceRange(5, 3), SequenceRange(.number(9), .last)])
        #expect(set.contains(4, largest: 20))
        #expect(set.contains(20, largest: 20))
        #expect(!set.contains(8, largest: 20))
        #expect(!SequenceSet.lastSearchResult.contains(1, largest: 1))
        #expect(Partial(origin: 10, length: 100).clamped(toSize: 50) == 10..<50)
        #expect(Partial(origin: 60, length: 1).clamped(toSize: 50) == 50..<50)
    }
}
