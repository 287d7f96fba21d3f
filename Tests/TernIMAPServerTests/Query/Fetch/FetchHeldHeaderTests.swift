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

    /// Held sections count against the per-message budget of kept literals: past it they are
    /// measured and streamed as before, with the same bytes.
    @Test func heldSectionsStayWithinTheKeptBudget() async throws {
        let long = String(repeating: "x", count: 40 * 1024)
        let text = "Subject: big\r\nX-A: \(long)\r\nX-B: \(long)\r\n\r\nbody\r\n"
        let attributes = ["X-A", "X-B"].map {
            FetchAttribute.bodySection(SectionSpecifier(kind: Self.fields([$0])), partial: nil, peek: true)
        }
        var written: [[UInt8]] = []
        var reads: [Int] = []
        for holds in [false, true] {
            let mailbox = try TestMailbox([StoredMessage(text)], holdsHeaders: holds)
            let outbound = RecordingOutbound()
            try await FetchResponder.fetch(
                FetchRequest(attributes: attributes, isUID: false), messages: mailbox.messages, seenJustSet: [],
                options: .rfc3501, context: mailbox.context(), outbound: outbound)
            written.append(await outbound.bytes)
            reads.append(mailbox.source.bodyReads)
        }
        #expect(written[0] == written[1])
        #expect(written[1].count > 80 * 1024)
        // Not held: X-A measured and kept (1 read), X-B over the budget: measured, then streamed (2).
        #expect(reads[0] == 3)
        // Held: X-A from memory; X-B no longer fits the budget, so it is read as before.
        #expect(reads[1] == 2)
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
