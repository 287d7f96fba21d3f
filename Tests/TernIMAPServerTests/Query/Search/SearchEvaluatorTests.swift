import NIOCore
import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// Every SEARCH key against a small mailbox; expected results were checked against Dovecot 2.3 where
/// the behaviour is observable (see the thread mailbox in ThreadAndSortTests for the same messages).
@Suite struct SearchEvaluatorTests {
    static let messages: [StoredMessage] = [
        StoredMessage(
            "From: Alice <alice@example.com>\r\nTo: Bob <bob@example.com>\r\nCc: carol@example.com\r\n"
                + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Berlin\r\nDate: Sun, 31 Dec 2023 23:30:00 -0500\r\n"
                + "X-Priority: 1 (Highest)\r\n\r\nHello Bob, the meeting is at noon.\r\n",
            flags: ["\\Seen", "\\Answered"], internalDate: "01-Jan-2024 05:00:00 +0000"),
        StoredMessage(
            "From: =?iso-8859-1?q?J=F6rg?= <joerg@example.org>\r\nTo: alice@example.com\r\n"
                + "Bcc: secret@example.net\r\nSubject: Invoice 42\r\nDate: Mon, 1 Jan 2024 10:00:00 +0100\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=xx\r\n\r\n--xx\r\n"
                + "Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "8NLJ18XU\r\n--xx\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "c2VjcmV0IHBkZiB0ZXh0\r\n--xx--\r\n",
            flags: ["\\Flagged", "$Invoice"], internalDate: "02-Jan-2024 00:30:00 +0100"),
        StoredMessage(
            "From: bob@example.com\r\nTo: alice@example.com\r\nSubject: Re: Grüße\r\n"
                + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "<p>Sch=C3=B6ne Gr=C3=BC=C3=9Fe, the MEETING moved</p>\r\n",
            flags: ["\\Deleted", "\\Draft"], internalDate: "03-Jan-2024 12:00:00 +0000"),
    ]

    static func search(
        _ keys: [SearchKey], charset: ByteString? = nil, savedResult: [UInt32]? = nil, in mailbox: TestMailbox
    ) async throws -> [UInt32] {
        try await SearchEvaluator.search(
            keys, charset: charset, in: mailbox.messages, savedResult: savedResult, context: mailbox.context()
        ).sequenceNumbers
    }

    static func day(_ d: Int, _ m: Int, _ y: Int) -> IMAPDate { IMAPDate(year: y, month: m, day: d)! }

    static let table: [(SearchKey, [UInt32])] = [
        (.all, [1, 2, 3]),
        (.answered, [1]), (.unanswered, [2, 3]),
        (.deleted, [3]), (.undeleted, [1, 2]),
        (.draft, [3]), (.undraft, [1, 2]),
        (.flagged, [2]), (.unflagged, [1, 3]),
        (.seen, [1]), (.unseen, [2, 3]),
        (.recent, [2]), (.new, [2]), (.old, [1, 3]),
        (.keyword(Flag("$invoice")), [2]), (.unkeyword(Flag("$Invoice")), [1, 3]),
        (.from("ALICE"), [1]), (.from("jörg"), [2]), (.from("example.org"), [2]),
        (.to("bob"), [1]), (.cc("carol@"), [1]), (.bcc("secret"), [2]),
        // Full case folding: ß folds to "ss".
        (.subject("grüsse"), [1, 3]), (.subject("GRÜSSE"), [1, 3]), (.subject("grüße"), [1, 3]), (.subject("invoice"), [2]),
        (.header(field: "x-priority", value: "highest"), [1]), (.header(field: "X-Priority", value: ""), [1]),
        (.header(field: "content-type", value: "MULTIPART"), [2]),
        (.body("привет"), [2]), (.body("meeting"), [1, 3]), (.body("secret pdf"), []), (.body("Schöne"), [3]),
        (.body("alice"), []), (.text("alice"), [1, 2, 3]), (.text("joerg@example"), [2]), (.text("noon"), [1]),
        // INTERNALDATE dates in the server zone (UTC here): 1-Jan, 1-Jan (23:30 UTC), 3-Jan.
        (.on(day(1, 1, 2024)), [1, 2]), (.since(day(2, 1, 2024)), [3]), (.before(day(3, 1, 2024)), [1, 2]),
        (.since(day(1, 1, 2024)), [1, 2, 3]),
        // Date header as written, zone disregarded; no Date header never matches.
        (.sentOn(day(31, 12, 2023)), [1]), (.sentSince(day(1, 1, 2024)), [2]), (.sentBefore(day(1, 1, 2024)), [1]),
        (.larger(400), [2]), (.smaller(300), [1, 3]),
        (.uid(.ranges([SequenceRange(65, 1000)])), [2, 3]), (.uid(.ranges([SequenceRange(.number(100), .last)])), [3]),
        (.sequenceSet(.ranges([SequenceRange(2), SequenceRange(.last)])), [2, 3]),
        (.not(.seen), [2, 3]), (.or(.draft, .flagged), [2, 3]), (.and([.unseen, .body("meeting")]), [3]),
        (.or(.body("nothing here"), .from("bob")), [3]),
        // TEXT covers MIME part headers too ("Content-Type: application/pdf"), as in Dovecot.
        (.not(.or(.answered, .text("pdf"))), [3]), (.not(.or(.answered, .body("pdf"))), [2, 3]),
    ]

    @Test(arguments: table.indices)
    func key(_ index: Int) async throws {
        let (key, expected) = Self.table[index]
        let mailbox = try TestMailbox(Self.messages, recent: [2])
        #expect(try await Self.search([key], in: mailbox) == expected, "SEARCH \(key)")
    }

    @Test func tinyStorageChunksGiveTheSameResults() async throws {
        let mailbox = try TestMailbox(Self.messages, recent: [2], chunkSize: 5)
        for (key, expected) in Self.table {
            #expect(try await Self.search([key], in: mailbox) == expected, "SEARCH \(key)")
        }
    }

    @Test func nearbyTextPartsShareOneRead() async throws {
        func message(attachment: Int) -> StoredMessage {
            StoredMessage(
                "Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nalpha\r\n--b\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n" + String(repeating: "omega ", count: attachment / 6)
                    + "\r\n--b\r\nContent-Type: text/plain\r\n\r\nthe omega part\r\n--b--\r\n")
        }
        let near = try TestMailbox([message(attachment: 1000)], chunkSize: 4096)
        #expect(try await Self.search([.body("the OMEGA")], in: near) == [1])
        #expect(try await Self.search([.text("subject: parts")], in: near) == [1])
        #expect(near.source.bodyReads == 2)  // one read per search
        let far = try TestMailbox([message(attachment: 100_000)], chunkSize: 4096)
        #expect(try await Self.search([.body("the omega")], in: far) == [1])
        #expect(far.source.bodyReads == 2)  // part 1, then part 3: the attachment between is not read
        #expect(far.source.bytesRead < 1000)
        #expect(try await Self.search([.body("omega omega")], in: far) == [])
    }

    @Test func severalKeysAreAnded() async throws {
        let mailbox = try TestMailbox(Self.messages)
        #expect(try await Self.search([.from("example"), .to("alice"), .unflagged], in: mailbox) == [3])
    }

    @Test func metadataKeysNeverReadBodies() async throws {
        let mailbox = try TestMailbox(Self.messages, recent: [2])
        _ = try await Self.search(
            [.or(.seen, .recent), .not(.larger(10_000)), .from("a"), .subject("e"), .sentSince(Self.day(1, 1, 1990))],
            in: mailbox)
        #expect(mailbox.source.bodyReads == 0)
        // A decided key spares the body: only message 3 (not answered) is read for BODY.
        _ = try await Self.search([.or(.answered, .body("x"))], in: mailbox)
        #expect(mailbox.source.bodyReads == 2)  // message 2 (one text part), message 3
    }

    @Test func bodySearchStopsAtTheFirstMatch() async throws {
        let long = StoredMessage("Subject: long\r\n\r\nneedle\r\n" + String(repeating: "hay stack line\r\n", count: 10_000))
        let mailbox = try TestMailbox([long], chunkSize: 1024)
        #expect(try await Self.search([.body("NEEDLE")], in: mailbox) == [1])
        #expect(mailbox.source.bytesRead <= 2048)
    }

    @Test func charsetOfTheNeedle() async throws {
        let mailbox = try TestMailbox(Self.messages)
        // "привет" in KOI8-R.
        let koi8 = ByteString([0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4])
        #expect(try await Self.search([.body(koi8)], charset: "KOI8-R", in: mailbox) == [2])
        await #expect { try await Self.search([.all], charset: "X-NO-SUCH", in: mailbox) } throws: {
            ($0 as? QueryError)?.code == .badCharset
        }
    }

    @Test func savedResultAndModSeq() async throws {
        let mailbox = try TestMailbox(Self.messages)
        let uids = mailbox.messages.map(\.uid)
        #expect(try await Self.search([.uid(.lastSearchResult)], savedResult: [uids[0], uids[2]], in: mailbox) == [1, 3])
        #expect(try await Self.search([.sequenceSet(.lastSearchResult)], in: mailbox) == [])
        let modSeqs = mailbox.messages.map(\.message.modSeq)
        let result = try await Self.search([.modSeq(ModSeq(modSeqs[1]), entry: nil)], in: mailbox)
        #expect(result == [2, 3])
        #expect(SearchEvaluator.usesModSeq([.not(.or(.all, .modSeq(ModSeq(1), entry: nil)))]))
        #expect(!SearchEvaluator.usesModSeq([.all]))
    }

    @Test func esearchItemsFollowRFC4731() throws {
        let placeholder = try TestMailbox([StoredMessage("Subject: x\r\n\r\n")]).messages[0].message
        let messages = (1...7).map { number in
            QueryMessage(sequenceNumber: number, message: placeholder, isRecent: false)
        }
        let result = SearchResult(messages: [messages[0], messages[1], messages[3], messages[5], messages[6]])
        #expect(
            result.esearchItems([.min, .max, .count, .all], uid: false, includeModSeq: false)
                == [.min(1), .max(7), .all(.ranges([SequenceRange(1, 2), SequenceRange(4), SequenceRange(6, 7)])), .count(5)])
        #expect(result.esearchItems([], uid: false, includeModSeq: false).count == 1)
        #expect(SearchResult(messages: []).esearchItems([.count, .min], uid: false, includeModSeq: true) == [.count(0)])
    }
}
