import NIOCore
import Testing

@testable import TernIMAP

@Suite("Responses follow what the client enabled")
struct EnabledExtensionsTests {
    private func encode(_ response: Response, _ options: EncodingOptions) throws -> String {
        var encoder = ResponseEncoder(options: options)
        try encoder.encode(response)
        return String(buffer: encoder.take())
    }

    @Test func imap4rev2HasNoRecent() throws {
        let rev2 = EncodingOptions(imap4rev2: true)
        #expect(try encode(.untagged(.recent(3)), rev2) == "")
        #expect(try encode(.untagged(.recent(3)), .rfc3501) == "* 3 RECENT\r\n")
        let fetch = Response.untagged(.fetch(SequenceNumber(1), [.flags([.seen, .recent])]))
        #expect(try encode(fetch, rev2) == "* 1 FETCH (FLAGS (\\Seen))\r\n")
        #expect(try encode(fetch, .rfc3501) == "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\n")
        #expect(try encode(.untagged(.flags([.recent, .draft])), rev2) == "* FLAGS (\\Draft)\r\n")
    }

    @Test func qresyncGatesVanished() throws {
        let vanished = Response.untagged(.vanished(earlier: true, UIDSet([UID(1)...UID(3)])))
        #expect(try #require(throws: ResponseEncoderError.self) { try encode(vanished, .rfc3501) }.code == .notEnabled)
        #expect(try encode(vanished, EncodingOptions(qresync: true)) == "* VANISHED (EARLIER) 1:3\r\n")
    }

    @Test func condstoreGatesModSeq() throws {
        let search = Response.untagged(.search([1, 2], modSeq: ModSeq(7)))
        #expect(throws: ResponseEncoderError.self) { try encode(search, .rfc3501) }
        #expect(try encode(search, EncodingOptions(condstore: true)) == "* SEARCH 1 2 (MODSEQ 7)\r\n")
        #expect(try encode(search, EncodingOptions(qresync: true)) == "* SEARCH 1 2 (MODSEQ 7)\r\n")
        #expect(try encode(.untagged(.search([1, 2], modSeq: nil)), .rfc3501) == "* SEARCH 1 2\r\n")
        let fetch = Response.untagged(.fetch(SequenceNumber(4), [.uid(UID(8)), .modSeq(ModSeq(9))]))
        #expect(throws: ResponseEncoderError.self) { try encode(fetch, .rfc3501) }
        #expect(try encode(fetch, EncodingOptions(condstore: true)) == "* 4 FETCH (UID 8 MODSEQ (9))\r\n")

        var streaming = ResponseEncoder()
        try streaming.encode(FetchStreamPart.begin(SequenceNumber(4)))
        #expect(throws: ResponseEncoderError.self) { try streaming.encode(FetchStreamPart.attribute(.modSeq(ModSeq(9)))) }
        // Response codes are never gated: a client ignores codes it does not know.
        let code = Response.untagged(.status(.ok, ResponseText(code: .highestModSeq(ModSeq(5)), text: "Highest")))
        #expect(try encode(code, .rfc3501) == "* OK [HIGHESTMODSEQ 5] Highest\r\n")
    }

    @Test func utf8FollowsUTF8AcceptAndIMAP4rev2() throws {
        let name = "Données"
        for options in [EncodingOptions(utf8Accept: true), EncodingOptions(imap4rev2: true)] {
            let item = MailboxListItem(attributes: [], delimiter: UInt8(ascii: "/"), mailbox: .wire(name, options: options))
            #expect(try encode(.untagged(.list(item)), options) == "* LIST () \"/\" \"Données\"\r\n")
        }
        let legacy = MailboxListItem(attributes: [], delimiter: UInt8(ascii: "/"), mailbox: .wire(name, options: .rfc3501))
        #expect(try encode(.untagged(.list(legacy)), .rfc3501) == "* LIST () \"/\" Donn&AOk-es\r\n")
        let envelope = Envelope(subject: ByteString(name))
        let fetch = Response.untagged(.fetch(SequenceNumber(1), [.envelope(envelope)]))
        let count = name.utf8.count
        #expect(
            try encode(fetch, .rfc3501)
                == "* 1 FETCH (ENVELOPE (NIL {\(count)}\r\n\(name) NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")
        #expect(
            try encode(fetch, EncodingOptions(utf8Accept: true))
                == "* 1 FETCH (ENVELOPE (NIL \"\(name)\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")
    }
}
