import NIOCore
import Testing
import TernIMAP

@Suite("Command parser: literals, continuations, APPEND streaming")
struct CommandParserLiteralTests {
    let noop = CommandParser.Output.part(.tagged(TaggedCommand(tag: Tag("b")!, command: .noop)))

    @Test("a synchronizing literal asks for a continuation, a non-synchronizing one does not")
    func continuationRequests() {
        let sync = parseCommands("a LOGIN {4}\r\nfred x\r\n")
        #expect(sync.first == .continuationRequired(LiteralHeader(size: 4)))
        #expect(sync.count == 2)
        let nonSync = parseCommands("a LOGIN {4+}\r\nfred x\r\n")
        #expect(nonSync.count == 1)
        #expect(nonSync == Array(sync.dropFirst()))
    }

    @Test("zero-length literals, literal at the end of a line, literal inside a list")
    func literalShapes() {
        #expect(parseOne("a LOGIN {0}\r\n {0+}\r\n") == .login(username: "", password: ""))
        #expect(
            parseOne("a SEARCH TEXT {3}\r\na\r\n")
                == .search(SearchCommand(keys: [.text(ByteString([0x61, 0x0D, 0x0A]))])))
        #expect(
            parseOne("a FETCH 1 BODY[HEADER.FIELDS ({2}\r\nTo {4+}\r\nFrom)]")
                == .fetch(
                    FetchCommand(
                        set: .ranges([SequenceRange(1)]),
                        items: .single(
                            .bodySection(SectionSpecifier(kind: .headerFields(["To", "From"])), partial: nil, peek: false)))))
    }

    @Test("a CRLF split across feeds, and a bare LF, end a line")
    func lineEnds() {
        var parser = CommandParser()
        #expect(parseCommands(Array("b NOOP\r".utf8), parser: &parser).isEmpty)
        #expect(parseCommands(Array("\n".utf8), parser: &parser) == [noop])
        #expect(parseCommands("b NOOP\n") == [noop])
        #expect(parseCommands("a LOGIN {1}\nx y\n").last == parseCommands("a LOGIN {1}\r\nx y\r\n").last)
    }

    @Test("a literal's bytes are data, even when they look like line ends or commands")
    func literalIsOpaque() {
        let outputs = parseCommands("a LOGIN {13}\r\nb NOOP\r\n{3}\r\n x\r\nb NOOP\r\n")
        #expect(outputs.count == 3)
        #expect(outputs[1] == .part(.tagged(TaggedCommand(tag: Tag("a")!, command: .login(username: "b NOOP\r\n{3}\r\n", password: "x")))))
        #expect(outputs[2] == noop)
    }

    @Test("APPEND streams: start, begin, bytes, end, finish; the message is never buffered")
    func appendStreams() throws {
        let body = String(repeating: "0123456789", count: 10_000)
        let text = "A003 APPEND saved-messages (\\Seen) {\(body.utf8.count)}\r\n\(body)\r\nb NOOP\r\n"
        var parser = CommandParser(limits: ParserLimits(maxCommandSize: 4096))
        let outputs = parseCommands(Array(text.utf8), chunkSize: 1000, parser: &parser)
        let message = AppendMessage(flags: [.seen], data: AppendData(byteCount: UInt64(body.utf8.count)))
        #expect(
            outputs == [
                .part(.append(.start(tag: Tag("A003")!, mailbox: MailboxName(encoding: "saved-messages")))),
                .part(.append(.beginMessage(message))),
                .continuationRequired(LiteralHeader(size: UInt64(body.utf8.count))),
                .part(.append(.messageBytes(ByteBuffer(string: body)))),
                .part(.append(.endMessage)),
                .part(.append(.finish)),
                noop,
            ])
    }

    @Test("MULTIAPPEND with flags, dates, literal8 and UTF8 per message")
    func multiAppend() throws {
        let text = "a APPEND INBOX {1}\r\nx (\\Seen) \"01-Jan-2020 00:00:00 +0000\" ~{2+}\r\nyz UTF8 (~{1}\r\nw)\r\n"
        let parts = try #require(streamParts(parseCommands(text)))
        let date = InternalDate(
            date: IMAPDate(year: 2020, month: 1, day: 1)!, hour: 0, minute: 0, second: 0, zoneMinutes: 0)
        #expect(
            parts == [
                .append(.start(tag: Tag("a")!, mailbox: .inbox)),
                .append(.beginMessage(AppendMessage(data: AppendData(byteCount: 1)))),
                .append(.messageBytes(ByteBuffer(string: "x"))), .append(.endMessage),
                .append(
                    .beginMessage(
                        AppendMessage(
                            flags: [.seen], internalDate: date,
                            data: AppendData(byteCount: 2, isNonSynchronizing: true, isBinary: true)))),
                .append(.messageBytes(ByteBuffer(string: "yz"))), .append(.endMessage),
                .append(.beginMessage(AppendMessage(data: AppendData(byteCount: 1, isUTF8: true)))),
                .append(.messageBytes(ByteBuffer(string: "w"))), .append(.endMessage),
                .append(.finish),
            ])
    }

    @Test("APPEND to a mailbox sent as a literal")
    func appendMailboxLiteral() throws {
        let parts = try #require(streamParts(parseCommands("a APPEND {5}\r\nDraft {1}\r\nx\r\n")))
        #expect(parts.first == .append(.start(tag: Tag("a")!, mailbox: MailboxName(encoding: "Draft"))))
        #expect(parts.count == 5)
    }

    @Test("malformed APPEND continuation is a tagged error, then the parser resynchronises")
    func appendErrors() {
        let outputs = parseCommands("a APPEND INBOX {1}\r\nx junk\r\nb NOOP\r\n")
        #expect(parseErrors(outputs).map(\.tag) == [Tag("a")])
        #expect(outputs.last == noop)
        let utf8 = parseCommands("a APPEND INBOX UTF8 (~{1}\r\nx\r\nb NOOP\r\n")
        #expect(parseErrors(utf8).map(\.tag) == [Tag("a")])
        #expect(utf8.last == noop)
        let noLiteral = parseCommands("a APPEND INBOX (\\Seen)\r\nb NOOP\r\n")
        #expect(parseErrors(noLiteral).map(\.tag) == [Tag("a")])
        let badFlag = parseCommands("a APPEND INBOX (\\*) {1+}\r\nx\r\nb NOOP\r\n")
        #expect(parseErrors(badFlag).map(\.tag) == [Tag("a")])
        #expect(badFlag.last == noop)
    }

    @Test("refusing a synchronizing literal drops the command; the next command parses")
    func refuseLiteral() {
        var parser = CommandParser()
        var input = ByteBuffer(string: "a APPEND INBOX {100}\r\n")
        #expect(parser.next(&input) == .part(.append(.start(tag: Tag("a")!, mailbox: .inbox))))
        let failure = parser.refuseLiteral("mailbox does not exist")
        #expect(failure?.tag == Tag("a"))
        #expect(failure?.error.code == .literalRefused)
        #expect(parser.next(&input) == nil)
        #expect(parser.refuseLiteral() == nil)
        var next = ByteBuffer(string: "b NOOP\r\n")
        #expect(parser.next(&next) == noop)

        var login = CommandParser()
        var loginInput = ByteBuffer(string: "a LOGIN {5}\r\n")
        #expect(login.next(&loginInput) == .continuationRequired(LiteralHeader(size: 5)))
        #expect(login.refuseLiteral()?.tag == Tag("a"))
        #expect(login.bufferedByteCount == 0)
    }

    @Test("IDLE's DONE and AUTHENTICATE responses after the server's continuation")
    func continuationLines() {
        var parser = CommandParser()
        var input = ByteBuffer(string: "a IDLE\r\n")
        #expect(parser.next(&input) == .part(.tagged(TaggedCommand(tag: Tag("a")!, command: .idle))))
        parser.expectIdleDone()
        var done = ByteBuffer(string: "done\r\nb NOOP\r\n")
        #expect(parser.next(&done) == .part(.idleDone))
        #expect(parser.next(&done) == noop)
        parser.expectIdleDone()
        var wrong = ByteBuffer(string: "b NOOP\r\n")
        #expect(parser.next(&wrong).map { if case .error(let e) = $0 { e.tag == nil } else { false } } == true)

        parser.expectAuthenticationResponse()
        var response = ByteBuffer(string: "dGVzdA==\r\n")
        #expect(parser.next(&response) == .part(.authenticationResponse(.data(Array("dGVzdA==".utf8)))))
        parser.expectAuthenticationResponse()
        var empty = ByteBuffer(string: "\r\n")
        #expect(parser.next(&empty) == .part(.authenticationResponse(.data([]))))
        parser.expectAuthenticationResponse()
        var cancel = ByteBuffer(string: "*\r\n")
        #expect(parser.next(&cancel) == .part(.authenticationResponse(.cancel)))
        parser.expectAuthenticationResponse()
        var invalid = ByteBuffer(string: "not base64!\r\nb NOOP\r\n")
        guard case .error = parser.next(&invalid) else {
            Issue.record("expected an error")
            return
        }
        #expect(parser.next(&invalid) == noop)
    }

    @Test("LITERAL- accepts {N+} up to 4096 bytes and skips a larger one's bytes after rejecting it")
    func literalMinus() {
        let small = String(repeating: "x", count: 4096)
        let accepted = parseCommands("a LOGIN {4096+}\r\n\(small) p\r\n", literalPolicy: .literalMinus)
        #expect(parseErrors(accepted).isEmpty)
        let large = String(repeating: "x", count: 4097)
        let rejected = parseCommands("a LOGIN {4097+}\r\n\(large) p\r\nb NOOP\r\n", literalPolicy: .literalMinus)
        #expect(parseErrors(rejected).map(\.error.code) == [.nonSynchronizingLiteralRejected])
        #expect(parseErrors(rejected).map(\.tag) == [Tag("a")])
        #expect(rejected.last == noop)
        #expect(rejected.count == 2)
        let syncOnly = parseCommands("a LOGIN {1+}\r\nx p\r\nb NOOP\r\n", literalPolicy: .synchronizingOnly)
        #expect(parseErrors(syncOnly).count == 1)
        #expect(syncOnly.last == noop)
    }

    @Test("literal8 is only valid for APPEND data")
    func literal8Elsewhere() {
        let outputs = parseCommands("a LOGIN ~{1+}\r\nx p\r\nb NOOP\r\n")
        #expect(parseErrors(outputs).map(\.tag) == [Tag("a")])
        #expect(outputs.last == noop)
    }
}
