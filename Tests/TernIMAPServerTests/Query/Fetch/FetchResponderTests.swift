import NIOCore
import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// FETCH answers byte for byte as Dovecot 2.3 gave them for the same message (captured with
/// scripts/services/dovecot.sh; BINARY differs only in using literal8, which RFC 3516 allows).
@Suite struct FetchResponderTests {
    static let probe = StoredMessage(
        "From: Alice <alice@example.com>\r\nSubject: hello\r\nTo: bob@example.com\r\n"
            + "Date: Wed, 17 Jul 1996 02:23:25 -0700\r\nMessage-ID: <1@x>\r\n\r\nbody text\r\n",
        flags: ["\\Flagged"])
    static let header =
        "From: Alice <alice@example.com>\r\nSubject: hello\r\nTo: bob@example.com\r\n"
        + "Date: Wed, 17 Jul 1996 02:23:25 -0700\r\nMessage-ID: <1@x>\r\n\r\n"

    static func names(_ names: [String], quoted: Set<String> = []) -> [ByteString] {
        names.map { ByteString($0, form: quoted.contains($0) ? .quoted : .atom) }
    }

    static func fetch(
        _ attributes: [FetchAttribute], isUID: Bool = false, in mailbox: TestMailbox, seenJustSet: Set<UInt32> = [],
        options: EncodingOptions = .rfc3501
    ) async throws -> String {
        let outbound = RecordingOutbound()
        try await FetchResponder.fetch(
            FetchRequest(attributes: attributes, isUID: isUID), messages: mailbox.messages, seenJustSet: seenJustSet,
            options: options, context: mailbox.context(), outbound: outbound)
        return await outbound.text
    }

    static func fetchBytes(_ attributes: [FetchAttribute], in mailbox: TestMailbox) async throws -> [UInt8] {
        let outbound = RecordingOutbound()
        try await FetchResponder.fetch(
            FetchRequest(attributes: attributes, isUID: false), messages: mailbox.messages, seenJustSet: [],
            options: .rfc3501, context: mailbox.context(), outbound: outbound)
        return await outbound.bytes
    }

    @Test func metadataFirstThenBodiesInRequestOrder() async throws {
        let mailbox = try TestMailbox([Self.probe], recent: [1])
        let text = try await Self.fetch(
            [
                .bodySection(SectionSpecifier(kind: .headerFields(Self.names(["from", "Subject"]))), partial: nil, peek: true),
                .flags, .bodySection(SectionSpecifier(part: [3]), partial: nil, peek: true), .uid,
                .bodySection(.text, partial: Partial(origin: 100, length: 5), peek: true), .rfc822Size,
            ], in: mailbox)
        #expect(
            text
                == "* 1 FETCH (FLAGS (\\Flagged \\Recent) UID 1 RFC822.SIZE 141 BODY[HEADER.FIELDS (FROM SUBJECT)] {51}\r\n"
                + "From: Alice <alice@example.com>\r\nSubject: hello\r\n\r\n BODY[3] {0}\r\n BODY[TEXT]<100> {0}\r\n)\r\n")
        #expect(mailbox.source.bodyReads == 1)  // only the header block for HEADER.FIELDS
    }

    @Test func uidFetchPutsUIDFirstAndShowsFlagsWhenSeenWasSet() async throws {
        let mailbox = try TestMailbox([StoredMessage(Self.header + "body text\r\n", flags: ["\\Flagged", "\\Seen"])], recent: [1])
        let text = try await Self.fetch(
            [.rfc822Size, .bodySection(.text, partial: Partial(origin: 0, length: 4), peek: false)], isUID: true,
            in: mailbox, seenJustSet: [1])
        #expect(
            text == "* 1 FETCH (UID 1 RFC822.SIZE 141 FLAGS (\\Flagged \\Seen \\Recent) BODY[TEXT]<0> {4}\r\nbody)\r\n")
    }

    @Test func rfc822ItemsAndInternalDate() async throws {
        let mailbox = try TestMailbox([Self.probe], recent: [1])
        let text = try await Self.fetch([.rfc822Header, .rfc822Text, .rfc822, .internalDate], in: mailbox)
        #expect(
            text
                == "* 1 FETCH (INTERNALDATE \"17-Jul-1996 09:44:25 +0000\" RFC822.HEADER {130}\r\n" + Self.header
                + " RFC822.TEXT {11}\r\nbody text\r\n RFC822 {141}\r\n" + Self.header + "body text\r\n)\r\n")
    }

    @Test func sectionsBinaryAndPartials() async throws {
        let mailbox = try TestMailbox([Self.probe])
        let text = try await Self.fetch(
            [
                .binary(part: [1], partial: nil, peek: true), .binarySize(part: [1]),
                .bodySection(SectionSpecifier(part: [1], kind: .mime), partial: nil, peek: true),
                .bodySection(
                    SectionSpecifier(kind: .headerFieldsNot(Self.names(["x-a", "y"], quoted: ["x-a"]))), partial: nil,
                    peek: true),
                .bodySection(.text, partial: Partial(origin: 2, length: 3), peek: true),
            ], in: mailbox)
        #expect(
            text
                == "* 1 FETCH (BINARY[1] ~{11}\r\nbody text\r\n BINARY.SIZE[1] 11 BODY[1.MIME] {130}\r\n" + Self.header
                + " BODY[HEADER.FIELDS.NOT (\"X-A\" Y)] {130}\r\n" + Self.header + " BODY[TEXT]<2> {3}\r\ndy )\r\n")
    }

    @Test func allAndFullMacrosNeverReadTheBody() async throws {
        let mailbox = try TestMailbox([StoredMessage(Self.header + "body text\r\n", flags: ["\\Flagged", "\\Seen"])], recent: [1])
        let envelope =
            "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700\" \"hello\" ((\"Alice\" NIL \"alice\" \"example.com\")) "
            + "((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Alice\" NIL \"alice\" \"example.com\")) "
            + "((NIL NIL \"bob\" \"example.com\")) NIL NIL NIL \"<1@x>\")"
        let prefix = "* 1 FETCH (FLAGS (\\Flagged \\Seen \\Recent) INTERNALDATE \"17-Jul-1996 09:44:25 +0000\" RFC822.SIZE 141 "
        #expect(try await Self.fetch(FetchItems.all.attributes, in: mailbox) == prefix + envelope + ")\r\n")
        #expect(
            try await Self.fetch(FetchItems.full.attributes, in: mailbox)
                == prefix + envelope + " BODY (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1))\r\n")
        #expect(
            try await Self.fetch([.modSeq, .bodyStructure], in: mailbox, options: EncodingOptions(condstore: true)).hasSuffix(
                " BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1 NIL NIL NIL NIL))\r\n"))
        #expect(mailbox.source.bodyReads == 0)
    }

    @Test func emptyMissingSectionsAndDuplicates() async throws {
        let mailbox = try TestMailbox([Self.probe])
        let text = try await Self.fetch(
            [
                .uid, .uid, .bodySection(SectionSpecifier(part: [1], kind: .header), partial: nil, peek: true),
                .bodySection(SectionSpecifier(part: [2]), partial: nil, peek: true),
                .binary(part: [2], partial: nil, peek: true), .binarySize(part: [2]),
                .bodySection(.text, partial: nil, peek: true), .bodySection(.text, partial: nil, peek: false),
            ], in: mailbox)
        #expect(
            text
                == "* 1 FETCH (UID 1 BODY[1.HEADER] {0}\r\n BODY[2] {0}\r\n BINARY[2] ~{0}\r\n BINARY.SIZE[2] 0"
                + " BODY[TEXT] {11}\r\nbody text\r\n BODY[TEXT] {11}\r\nbody text\r\n)\r\n")
    }

    static let encoded = StoredMessage(
        "Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "AAECaGVsbG8A\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "caf=C3=A9 =\r\nna=C3=AFve\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
            + "begin 644 x\r\n--b--\r\n")

    @Test func binaryDecodesBase64AndQuotedPrintable() async throws {
        let mailbox = try TestMailbox([Self.encoded])
        let bytes = try await Self.fetchBytes(
            [
                .binarySize(part: [1]), .binary(part: [1], partial: nil, peek: true),
                .binary(part: [2], partial: Partial(origin: 2, length: 6), peek: true), .binarySize(part: [2]),
            ], in: mailbox)
        #expect(
            bytes
                == Array("* 1 FETCH (BINARY.SIZE[1] 9 BINARY[1] ~{9}\r\n".utf8) + [0, 1, 2] + Array("hello".utf8) + [0]
                + Array(" BINARY[2]<2> ~{6}\r\nfé na BINARY.SIZE[2] 12)\r\n".utf8))
    }

    @Test func unknownTransferEncodingFailsBeforeTheMessageIsWritten() async throws {
        let mailbox = try TestMailbox([Self.probe, Self.encoded])
        let outbound = RecordingOutbound()
        await #expect {
            try await FetchResponder.fetch(
                FetchRequest(attributes: [.uid, .binary(part: [3], partial: nil, peek: true)], isUID: false),
                messages: mailbox.messages, seenJustSet: [], options: .rfc3501, context: mailbox.context(),
                outbound: outbound)
        } throws: { ($0 as? QueryError)?.code == .unknownTransferEncoding }
        // The first message was answered (it has no part 3: empty), the second not started.
        #expect(await outbound.text == "* 1 FETCH (UID 1 BINARY[3] ~{0}\r\n)\r\n")
    }

    @Test func bareLineFeedsAreSentAsCRLFWithPartialsOnTheResult() async throws {
        let mailbox = try TestMailbox([StoredMessage("Subject: lf\n\nline one\nline\0two\n")])
        let bytes = try await Self.fetchBytes(
            [
                .bodySection(.text, partial: nil, peek: true),
                .bodySection(.complete, partial: Partial(origin: 12, length: 8), peek: true),
                .binary(part: [1], partial: nil, peek: true),
            ], in: mailbox)
        let expected =
            Array("* 1 FETCH (BODY[TEXT] {20}\r\nline one\r\nline".utf8) + [0x80]
            + Array("two\r\n BODY[]<12> {8}\r\n\n\r\nline  BINARY[1] ~{20}\r\nline one\r\nline".utf8) + [0]
            + Array("two\r\n)\r\n".utf8)
        #expect(bytes == expected)
    }

    @Test func storageFailureBeforeAndDuringALiteral() async throws {
        let big = StoredMessage(Self.header + String(repeating: "0123456789abcdef", count: 4096) + "\r\n")
        let mailbox = try TestMailbox([big], chunkSize: 1000)
        mailbox.source.failAfter(bytes: 0)
        await #expect {
            _ = try await Self.fetch([.uid, .rfc822Header], in: mailbox)
        } throws: { ($0 as? QueryError)?.code == .streamBroken }
        // HEADER.FIELDS is measured before the response starts: a failure there is a clean NO.
        let outbound = RecordingOutbound()
        await #expect {
            try await FetchResponder.fetch(
                FetchRequest(
                    attributes: [.bodySection(SectionSpecifier(kind: .headerFields(["Subject"])), partial: nil, peek: true)],
                    isUID: false),
                messages: mailbox.messages, seenJustSet: [], options: .rfc3501, context: mailbox.context(),
                outbound: outbound)
        } throws: { ($0 as? QueryError)?.code == .storage }
        #expect(await outbound.bytes.isEmpty)
    }

    @Test func largeFilteredHeadersAreMeasuredThenStreamed() async throws {
        let long = "X-Long: " + String(repeating: "0123456789", count: 10_000) + "\r\n"
        let mailbox = try TestMailbox([StoredMessage("Subject: s\r\n" + long + "To: t\r\n\r\nbody\r\n")], chunkSize: 4096)
        let text = try await Self.fetch(
            [
                .bodySection(SectionSpecifier(kind: .headerFields(["x-long", "to"])), partial: nil, peek: true),
                .bodySection(SectionSpecifier(kind: .headerFields(["subject"])), partial: nil, peek: true),
            ], in: mailbox)
        let kept = long + "To: t\r\n\r\n"
        #expect(
            text
                == "* 1 FETCH (BODY[HEADER.FIELDS (X-LONG TO)] {\(kept.utf8.count)}\r\n\(kept)"
                + " BODY[HEADER.FIELDS (SUBJECT)] {14}\r\nSubject: s\r\n\r\n)\r\n")
        // Over the 64 KiB budget: counted, then read again to stream; the small one is kept from its pass.
        #expect(mailbox.source.bodyReads == 3)
    }

    @Test func messagesNeedingSeen() throws {
        let mailbox = try TestMailbox([Self.probe, StoredMessage(Self.header, flags: ["\\seen"])])
        let peek = FetchRequest(attributes: [.bodySection(.complete, partial: nil, peek: true), .rfc822Header], isUID: false)
        #expect(!peek.setsSeen)
        #expect(peek.messagesNeedingSeen(mailbox.messages).isEmpty)
        for attribute in [FetchAttribute.rfc822, .rfc822Text, .bodySection(.header, partial: nil, peek: false),
                          .binary(part: [1], partial: nil, peek: false)] {
            let request = FetchRequest(attributes: [attribute], isUID: true)
            #expect(request.setsSeen)
            #expect(request.messagesNeedingSeen(mailbox.messages).map(\.sequenceNumber) == [1])
        }
    }

    /// #13 point 11: BINARY.SIZE equals the length BINARY returns, also for a message without
    /// MIME-Version whose body is transfer-encoded (Dovecot 2.3.19 answers 0 / "" and 2 / "hi").
    @Test func binarySizeMatchesBinaryWithoutMIMEVersion() async throws {
        let mailbox = try TestMailbox([
            StoredMessage("Subject: qp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=\r\n"),
            StoredMessage("Subject: b64\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n"),
        ])
        let text = try await Self.fetch(
            [.binarySize(part: [1]), .binary(part: [1], partial: nil, peek: true)], in: mailbox)
        #expect(text.contains("* 1 FETCH (BINARY.SIZE[1] 0 BINARY[1] ~{0}\r\n)"))
        #expect(text.contains("* 2 FETCH (BINARY.SIZE[1] 2 BINARY[1] ~{2}\r\nhi)"))
    }
}
