import NIOCore
import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// Content keys (HEADER, BODY, TEXT) of one SEARCH are settled in one read of each message, with the
/// answers the keys give one at a time (issue 17 point 6).
@Suite struct OnePassContentTests {
    /// Mixed shapes: plain, multipart with a base64 part, quoted-printable HTML, an encapsulated message.
    static let messages: [StoredMessage] = [
        StoredMessage("Subject: alpha report\r\nX-Tag: red\r\n\r\nThe quick brown fox.\r\n"),
        StoredMessage(
            "Subject: beta\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n"
                + "Content-Type: text/plain\r\n\r\nlazy dog sleeps\r\n--zz\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nZ3LDvMOfZSBmb3ggamFtYm9yZWU=\r\n--zz--\r\n"),
        StoredMessage(
            "Subject: gamma fox\r\nX-Tag: blue\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>brown =C3=BCber dog</p>\r\n"),
        StoredMessage(
            "Subject: delta\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
                + "Subject: inner red\r\nX-Tag: green\r\n\r\nquick jamboree\r\n"),
        StoredMessage(
            "Subject: epsilon\r\n\r\n" + String(repeating: "filler text ", count: 20_000) + "needle at the end\r\n"),
    ]

    static func search(_ keys: [SearchKey], in mailbox: TestMailbox) async throws -> Set<UInt32> {
        Set(
            try await SearchEvaluator.search(
                keys, charset: nil, in: mailbox.messages, savedResult: nil, context: mailbox.context()
            ).sequenceNumbers)
    }

    /// Before: every key read the message again (50 keys, 50 reads of each message that matched the
    /// first ones). Now: one read per message, whatever the number of keys.
    @Test func fiftyTextKeysReadEachMessageOnce() async throws {
        let words = (0..<50).map { "word\($0)x" }
        let stored = (0..<12).map { n in
            // Even messages carry every word, odd ones the first half.
            let count = n % 2 == 0 ? 50 : 25
            return StoredMessage("Subject: m\(n)\r\n\r\n" + words.prefix(count).joined(separator: " ") + "\r\n")
        }
        let mailbox = try TestMailbox(stored)
        let found = try await Self.search(words.map { SearchKey.text(ByteString($0)) }, in: mailbox)
        #expect(found == Set(stride(from: 1, through: 12, by: 2).map(UInt32.init)))
        #expect(mailbox.source.bodyReads == 12)
        let single = try TestMailbox(stored)
        _ = try await Self.search([.text("word49x")], in: single)
        #expect(single.source.bodyReads == 12)
    }

    /// Repeated keys are searched for once, and a NOT/OR/AND mix still costs one read per message.
    @Test func mixedProgramsReadOncePerMessage() async throws {
        let mailbox = try TestMailbox(Self.messages)
        let program: [SearchKey] = [
            .or(.text("fox"), .body("dog")), .not(.header(field: "X-Tag", value: "blue")), .text("fox"),
            .or(.body("nothing-here"), .not(.text("nothing-there"))),
        ]
        let found = try await Self.search(program, in: mailbox)
        #expect(found == [1, 2])
        #expect(mailbox.source.bodyReads == Self.messages.count)
    }

    /// Once the answer is known the read stops: OR finds "filler" in the first chunk of a 240 KB body.
    @Test func readStopsWhenTheProgramIsDecided() async throws {
        let mailbox = try TestMailbox([Self.messages[4]], chunkSize: 4096)
        let found = try await Self.search([.or(.body("needle"), .body("filler"))], in: mailbox)
        #expect(found == [1])
        #expect(mailbox.source.bytesRead < 64 * 1024)
        let all = try TestMailbox([Self.messages[4]], chunkSize: 4096)
        #expect(try await Self.search([.body("needle"), .body("filler")], in: all) == [1])
        #expect(all.source.bytesRead >= Self.messages[4].bytes.count - 100)
    }

    /// Combining keys in one program gives exactly the set algebra of the keys searched one at a time.
    @Test func combinedKeysAnswerAsTheKeysOneAtATime() async throws {
        let keys: [SearchKey] = [
            .text("fox"), .body("dog"), .text("red"), .body("red"), .header(field: "X-Tag", value: "red"),
            .header(field: "x-tag", value: ""), .text("über"), .body("grüsse"), .text("jamboree"), .body("subject"),
            .text("x-tag: gr"), .subject("fox"), .body("needle"),
        ]
        let mailbox = try TestMailbox(Self.messages)
        let everything = Set((1...UInt32(Self.messages.count)))
        var single: [Set<UInt32>] = []
        for key in keys { single.append(try await Self.search([key], in: mailbox)) }
        for a in keys.indices {
            for b in keys.indices where b != a {
                let both = try await Self.search([keys[a], keys[b]], in: mailbox)
                #expect(both == single[a].intersection(single[b]), "\(keys[a]) AND \(keys[b])")
                let either = try await Self.search([.or(keys[a], keys[b])], in: mailbox)
                #expect(either == single[a].union(single[b]), "\(keys[a]) OR \(keys[b])")
                let notB = try await Self.search([keys[a], .not(keys[b])], in: mailbox)
                #expect(notB == single[a].subtracting(single[b]), "\(keys[a]) AND NOT \(keys[b])")
            }
        }
        let allKeys = try await Self.search(keys, in: mailbox)
        #expect(allKeys == single.reduce(everything) { $0.intersection($1) })
        // The single-key answers themselves (checked against the shapes above).
        #expect(single[0] == [1, 2, 3])  // fox: body 1, base64 part 2, subject 3
        #expect(single[3] == [])  // BODY red: only headers say red
        #expect(single[4] == [1])  // HEADER reads the top-level header only
        #expect(single[6] == [3])  // QP decoded
        #expect(single[7] == [2])  // base64 decoded, ß folds to ss
        #expect(single[8] == [2, 4])
        #expect(single[10] == [4])  // an encapsulated message's header, as TEXT sees it
    }
}

/// SORT and THREAD keep bounded keys, and their sum is budgeted (issue 17 point 6).
@Suite struct QueryKeyBoundTests {
    static func structure(_ text: String) -> MessageStructure { MIMEScanner.scan(ByteBuffer(string: text)) }

    @Test func sortKeysKeepAPrefix() throws {
        let long = String(repeating: "y", count: 256 * 1024)
        let mailbox = try TestMailbox([StoredMessage("Subject: Re: \(long)\r\nFrom: \(long)@example.com\r\n\r\nx\r\n")])
        let message = mailbox.messages[0]
        let keys = SortKeys(message: message, structure: mailbox.source.structureOf(message.message))
        #expect(keys.subject.count == SortKeys.maxKeyBytes)
        #expect(keys.from.count == SortKeys.maxKeyBytes)
        #expect(keys.keyBytes <= 4 * SortKeys.maxKeyBytes)
        #expect(keys.subject.allSatisfy { $0 == UInt8(ascii: "Y") })
    }

    @Test func threadKeysKeepTheNearestReferences() throws {
        let ids = (0..<1000).map { "<id\($0)@example.com>" }.joined(separator: " ")
        let longID = String(repeating: "z", count: 4000)
        let mailbox = try TestMailbox([StoredMessage("Message-ID: <\(longID)@x>\r\nSubject: s\r\n\r\nx\r\n")])
        let message = mailbox.messages[0]
        let keys = ThreadKeys(
            message: message, structure: mailbox.source.structureOf(message.message), references: Array(ids.utf8))
        #expect(keys.references.count == ThreadKeys.maxReferences)
        #expect(keys.references.last == "id999@example.com")
        #expect(keys.references.first == "id\(1000 - ThreadKeys.maxReferences)@example.com")
        #expect(keys.messageID?.utf8.count == ThreadKeys.maxIDBytes)
    }

    @Test func sortAndThreadPastTheKeyBudgetEndWithLimit() async throws {
        let stored = (0..<40).map { StoredMessage("Subject: subject \($0)\r\n\r\nx\r\n") }
        let mailbox = try TestMailbox(stored)
        var context = mailbox.context()
        context.maxKeyBytes = 20 * (KeyMemoryBudget.entryOverhead + 16)
        let sort = SortCommand(criteria: [SortCriterion(.subject)], charset: "UTF-8", keys: [.all])
        await #expect(throws: QueryError.self) {
            _ = try await MessageSorter.sort(sort, in: mailbox.messages, savedResult: nil, context: context)
        }
        let thread = ThreadCommand(algorithm: "REFERENCES", charset: "UTF-8", keys: [.all])
        do {
            _ = try await MessageThreader.thread(
                thread, algorithm: .references, in: mailbox.messages, savedResult: nil, context: context)
            Issue.record("THREAD over its budget answered")
        } catch let error as QueryError {
            #expect(error.code == .limit)
        }
        // The first 20 fit.
        let fits = try await MessageSorter.sort(
            sort, in: Array(mailbox.messages.prefix(15)), savedResult: nil, context: context)
        #expect(fits.count == 15)
    }
}
