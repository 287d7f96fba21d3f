import NIOCore
import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// Header sections answered from a header block the source holds in memory (`heldBytes`, the
/// server's header blocks stored with the metadata) must be byte for byte what the streamed,
/// measured path sends, and must not read storage.
@Suite struct FetchHeldHeaderTests {
    static func fields(_ names: [String]) -> SectionSpecifier.Kind { .headerFields(FetchResponderTests.names(names)) }

    static let sections: [(SectionSpecifier, Partial?)] = [
        (SectionSpecifier(kind: fields(["FROM", "TO", "SUBJECT", "DATE"])), nil),
        (SectionSpecifier(kind: fields(["Received", "X-Nothing"])), nil),
        (SectionSpecifier(kind: .headerFieldsNot(FetchResponderTests.names(["Received", "Content-Type"]))), nil),
        (SectionSpecifier(kind: fields(["From", "subject"])), Partial(origin: 5, length: 30)),
        (SectionSpecifier(kind: fields(["From"])), Partial(origin: 100_000, length: 5)),
        (SectionSpecifier(part: [2], kind: fields(["Subject"])), nil),
    ]

    static func fetch(_ mailbox: TestMailbox) async throws -> [UInt8] {
        let attributes = sections.map { FetchAttribute.bodySection($0.0, partial: $0.1, peek: true) }
        let outbound = RecordingOutbound()
        try await FetchResponder.fetch(
            FetchRequest(attributes: [.uid, .envelope] + attributes, isUID: true), messages: mailbox.messages,
            seenJustSet: [], options: .rfc3501, context: mailbox.context(), outbound: outbound)
        return await outbound.bytes
    }

    @Test func heldHeadersAnswerLikeStreamedOnesOverTheCorpus() async throws {
        let names = try FetchCorpusTests.corpusNames()
        #expect(names.count > 100)
        var stored: [StoredMessage] = []
        for name in names { stored.append(StoredMessage(bytes: try CorpusFile.load(name))) }
        let streamed = try TestMailbox(stored, chunkSize: 997)
        let held = try TestMailbox(stored, chunkSize: 997, holdsHeaders: true)
        let expected = try await Self.fetch(streamed)
        let answered = try await Self.fetch(held)
        #expect(streamed.source.bodyReads > 0)
        #expect(answered == expected)
        // Only the section of part 2's encapsulated message lies outside the held top-level header.
        #expect(held.source.bodyReads < streamed.source.bodyReads / 2)
    }

    @Test func topLevelHeaderFieldsReadNoStorage() async throws {
        let mailbox = try TestMailbox(
            [
                StoredMessage("From: a@example.org\r\nTo: b@example.org\r\nSubject: one\r\nX-A: 1\r\n\r\nbody\r\n"),
                StoredMessage("Subject: no blank line\r\nFrom: c@example.org"),
                StoredMessage("Subject: nul \u{0} here\r\n\r\n"),
            ], holdsHeaders: true)
        let outbound = RecordingOutbound()
        let section = SectionSpecifier(kind: .headerFields(FetchResponderTests.names(["FROM", "SUBJECT"])))
        try await FetchResponder.fetch(
            FetchRequest(attributes: [.bodySection(section, partial: nil, peek: true)], isUID: false),
            messages: mailbox.messages, seenJustSet: [], options: .rfc3501, context: mailbox.context(),
            outbound: outbound)
        #expect(mailbox.source.bodyReads == 0)
        let text = await outbound.text
        let first = "* 1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] {37}\r\nFrom: a@example.org\r\nSubject: one\r\n\r\n)"
        #expect(text.contains(first))
        let bytes = await outbound.bytes
        let nulReplaced = Array("{23}\r\nSubject: nul ".utf8) + [0x80] + Array(" here\r\n\r\n)".utf8)
        #expect(bytes.firstRange(of: nulReplaced) != nil)
    }
}
