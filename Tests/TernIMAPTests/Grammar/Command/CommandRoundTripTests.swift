import NIOCore
import Testing
import TernIMAP

@Suite("Command round trips")
struct CommandRoundTripTests {
    @Test("parse then encode reproduces the bytes", arguments: CommandTable.all)
    func roundTrip(_ text: String) throws {
        let outputs = parseCommands(text)
        let parsed = try #require(streamParts(outputs), "\(outputs)")
        #expect(encodeParts(parsed) == text)
    }

    @Test("one byte at a time equals all at once", arguments: CommandTable.all)
    func byteAtATime(_ text: String) {
        let whole = parseCommands(text)
        #expect(parseCommands(text, chunkSize: 1) == whole)
        #expect(parseCommands(text, chunkSize: 3) == whole)
    }

    @Test("the whole table as one stream, any fragmentation")
    func wholeTableAsOneStream() throws {
        let stream = CommandTable.all.joined()
        let whole = parseCommands(stream)
        let parsed = try #require(streamParts(whole))
        #expect(encodeParts(parsed) == stream)
        for chunkSize in [1, 2, 7, 64, 1000] {
            #expect(parseCommands(stream, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("lowercase keywords parse; the encoder writes them uppercase, values as sent")
    func lowercaseKeywords() throws {
        let text = "a001 login mrc secret\r\na002 select inbox\r\na003 fetch 12 full\r\na004 fetch 12 body[header]\r\n"
            + "a005 store 12 +flags \\deleted\r\na006 logout\r\n"
        let parsed = try #require(streamParts(parseCommands(text)))
        #expect(
            encodeParts(parsed)
                == "a001 LOGIN mrc secret\r\na002 SELECT inbox\r\na003 FETCH 12 FULL\r\na004 FETCH 12 BODY[HEADER]\r\n"
                + "a005 STORE 12 +FLAGS \\deleted\r\na006 LOGOUT\r\n")
    }

    @Test("encoding a command built in code picks the shortest valid forms")
    func encodeBuiltCommand() {
        var buffer = EncodeBuffer(role: .client)
        buffer.writeCommand(
            TaggedCommand(
                tag: Tag("x")!,
                command: .login(username: "fred foo", password: ByteString([0x70, 0x0A, 0x71]))))
        buffer.writeCommand(TaggedCommand(tag: Tag("y")!, command: .select(.inbox, parameters: [.condStore])))
        #expect(String(buffer: buffer.bytes) == "x LOGIN \"fred foo\" {3}\r\np\nq\r\ny SELECT INBOX (CONDSTORE)\r\n")
        #expect(buffer.synchronizingLiteralBoundaries.count == 1)
    }
}
