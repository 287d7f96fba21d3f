import NIOCore
import Testing

@testable import TernIMAP

@Suite("Encoder primitives")
struct EncodeBufferTests {
    private func written(
        _ options: EncodingOptions = .rfc3501,
        role: EncodeBuffer.Role = .server,
        _ write: (inout EncodeBuffer) -> Void
    ) -> String {
        var buffer = EncodeBuffer(role: role, options: options)
        write(&buffer)
        return String(decoding: buffer.bytes.readableBytesView, as: UTF8.self)
    }

    @Test(arguments: [
        ("INBOX", "INBOX"),
        ("foo/bar]", "foo/bar]"),
        ("", "\"\""),
        ("two words", "\"two words\""),
        ("a\"b", "\"a\\\"b\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("100%", "\"100%\""),
        ("star*", "\"star*\""),
        ("(paren", "\"(paren\""),
        ("{brace", "\"{brace\""),
        ("NIL", "\"NIL\""),
        ("nil", "\"nil\""),
        ("line\r\nbreak", "{11}\r\nline\r\nbreak"),
        ("lf\nonly", "{7}\r\nlf\nonly"),
    ])
    func astringChoosesTheSimplestForm(input: String, expected: String) {
        #expect(written { $0.writeAString(input) } == expected)
    }

    @Test func stringNeverUsesAnAtom() {
        #expect(written { $0.writeIMAPString("INBOX") } == "\"INBOX\"")
        #expect(written { $0.writeNString(nil as String?) } == "NIL")
        #expect(written { $0.writeNString("NIL") } == "\"NIL\"")
    }

    @Test func nulForcesALiteral() {
        #expect(written { $0.writeIMAPString(ByteString([0x61, 0x00, 0x62])) } == "{3}\r\na\u{0}b")
    }

    @Test func eightBitNeedsUTF8ToBeQuoted() {
        let name = "Entwürfe"
        let count = name.utf8.count
        #expect(written { $0.writeAString(name) } == "{\(count)}\r\n\(name)")
        #expect(written(EncodingOptions(utf8Accept: true)) { $0.writeAString(name) } == "\"\(name)\"")
        #expect(written(EncodingOptions(imap4rev2: true)) { $0.writeAString(name) } == "\"\(name)\"")
        // Invalid UTF-8 stays a literal even when UTF-8 is allowed.
        #expect(written(EncodingOptions(utf8Accept: true)) { $0.writeIMAPString(ByteString([0xC3])) } == "{1}\r\n\u{FFFD}")
    }

    @Test func longStringsBecomeLiterals() {
        var options = EncodingOptions()
        options.maxQuotedLength = 8
        #expect(written(options) { $0.writeIMAPString("12345678") } == "\"12345678\"")
        #expect(written(options) { $0.writeIMAPString("123456789") } == "{9}\r\n123456789")
        // Atoms are not bounded by the quoted length.
        #expect(written(options) { $0.writeAString("123456789") } == "123456789")
    }

    @Test func rememberedFormIsHonouredWhenItCanCarryTheBytes() {
        #expect(written { $0.writeAString(ByteString("INBOX", form: .quoted)) } == "\"INBOX\"")
        #expect(written { $0.writeAString(ByteString("abc", form: .literal)) } == "{3}\r\nabc")
        // An atom form that cannot carry a space falls back to the rules.
        #expect(written { $0.writeAString(ByteString("a b", form: .atom)) } == "\"a b\"")
        #expect(written { $0.writeIMAPString(ByteString("abc", form: .atom)) } == "\"abc\"")
        #expect(written { $0.writeAString(ByteString("a\r\nb", form: .quoted)) } == "{4}\r\na\r\nb")
    }

    @Test func literal8AndHeaders() {
        #expect(written { $0.writeLiteral8([0, 1, 2]) } == "~{3}\r\n\u{0}\u{1}\u{2}")
        #expect(written { $0.writeLiteralHeader(byteCount: 42, binary: false) } == "{42}\r\n")
    }

    @Test func serverLiteralsNeverWait() {
        var buffer = EncodeBuffer(role: .server, options: EncodingOptions(literalAnnouncement: .nonSynchronizing))
        buffer.writeLiteral(Array("abc".utf8))
        #expect(String(buffer: buffer.bytes) == "{3}\r\nabc")
        #expect(buffer.synchronizingLiteralBoundaries.isEmpty)
    }

    @Test func clientSynchronizingLiteralsSplitTheOutput() {
        var buffer = EncodeBuffer(role: .client)
        buffer.writeRaw("A001 LOGIN ")
        buffer.writeLiteral(Array("FRED FOOBAR".utf8))
        buffer.writeSpace()
        buffer.writeLiteral(Array("fat man".utf8))
        buffer.writeCRLF()
        let chunks = buffer.takeChunks().map { String(buffer: $0) }
        #expect(chunks == ["A001 LOGIN {11}\r\n", "FRED FOOBAR {7}\r\n", "fat man\r\n"])
        #expect(buffer.bytes.readableBytes == 0)
    }

    @Test func literalPlusAndMinus() {
        let plus = written(EncodingOptions(literalAnnouncement: .nonSynchronizing), role: .client) {
            $0.writeLiteral(Array("abc".utf8))
        }
        #expect(plus == "{3+}\r\nabc")
        var buffer = EncodeBuffer(role: .client, options: EncodingOptions(literalAnnouncement: .nonSynchronizingUpTo4096))
        buffer.writeLiteralHeader(byteCount: 4096, binary: false)
        buffer.writeLiteralHeader(byteCount: 4097, binary: false)
        #expect(String(buffer: buffer.bytes) == "{4096+}\r\n{4097}\r\n")
        #expect(buffer.synchronizingLiteralBoundaries == [buffer.bytes.writerIndex])
    }

    @Test func listsAndNumbers() {
        #expect(written { $0.writeList([1, 2, 3]) { $0.writeNumber($1) } } == "(1 2 3)")
        #expect(written { $0.writeList([Int]()) { $0.writeNumber($1) } } == "()")
        #expect(written { $0.writeNumber(UInt64(Int64.max)) } == "9223372036854775807")
        #expect(written { $0.writeFlags([.seen, .deleted, Flag("$Forwarded")]) } == "(\\Seen \\Deleted $Forwarded)")
    }

    @Test func mailboxNamesFollowTheEnabledEncoding() {
        let plain = MailboxName.wire("Entwürfe", options: .rfc3501)
        #expect(written { $0.writeMailbox(plain) } == "Entw&APw-rfe")
        let utf8 = MailboxName.wire("Entwürfe", options: EncodingOptions(utf8Accept: true))
        #expect(written(EncodingOptions(utf8Accept: true)) { $0.writeMailbox(utf8) } == "\"Entwürfe\"")
        #expect(written { $0.writeMailbox(MailboxName(Array("Sent Items".utf8))) } == "\"Sent Items\"")
        #expect(written { $0.writeDelimiter(UInt8(ascii: "/")) } == "\"/\"")
        #expect(written { $0.writeDelimiter(UInt8(ascii: "\\")) } == "\"\\\\\"")
        #expect(written { $0.writeDelimiter(nil) } == "NIL")
    }

    @Test func setsAndSections() {
        #expect(written { $0.writeUIDSet(UIDSet([UID(304)...UID(304), UID(319)...UID(320)])) } == "304,319:320")
        let set = SequenceSet([SequenceRange(1, 3), SequenceRange(.number(7), .last), SequenceRange(9)])
        #expect(written { $0.writeSequenceSet(set) } == "1:3,7:*,9")
        #expect(written { $0.writeSequenceSet(.lastSearchResult) } == "$")
        #expect(written { $0.writeSection(.complete) } == "[]")
        #expect(written { $0.writeSection(SectionSpecifier(part: [1, 2], kind: .mime)) } == "[1.2.MIME]")
        let fields = SectionSpecifier(part: [3], kind: .headerFields(["DATE", "FROM"]))
        #expect(written { $0.writeSection(fields) } == "[3.HEADER.FIELDS (DATE FROM)]")
        #expect(written { $0.writeSection(SectionSpecifier(kind: .headerFieldsNot(["X-A"]))) } == "[HEADER.FIELDS.NOT (X-A)]")
    }

    @Test func utf8Validation() {
        #expect(UTF8Validation.isValid(Array("héllo 😀".utf8)))
        #expect(!UTF8Validation.isValid([0xC0, 0x80]))  // overlong
        #expect(!UTF8Validation.isValid([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!UTF8Validation.isValid([0xF4, 0x90, 0x80, 0x80]))  // above U+10FFFF
        #expect(!UTF8Validation.isValid([0xE2, 0x82]))  // truncated
    }
}
