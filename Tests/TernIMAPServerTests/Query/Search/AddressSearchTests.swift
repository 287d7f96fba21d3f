import Testing
import TernIMAP

@testable import TernIMAPServer

/// SEARCH FROM/TO/CC/BCC match the addresses in their normal form (issue 13 point 8; RFC 3501
/// §6.4.4 "contains the specified string in the envelope structure's FROM field"), with the
/// messages and answers of Dovecot's imaptest `search-addresses` script.
@Suite struct AddressSearchTests {
    static let headers = [
        "From: user-from@domain.org\r\nTo: user-to@domain.org\r\nCc: user-cc@domain.org\r\nBcc: user-bcc@domain.org\r\n",
        "From: RealFrom <user-from@domain.org>\r\nTo: RealTo <user-to@domain.org>\r\n"
            + "Cc: RealCc <user-cc@domain.org>\r\nBcc: RealBcc <user-bcc@domain.org>\r\n",
        "From: <user-from (comment)@ (comment) domain.org>\r\nTo: <user-to@domain.org>\r\n"
            + "Cc: <user-cc@domain.org>\r\nBcc: <user-bcc@domain.org>\r\n",
        "From: user-from@domain.org (RealFrom)\r\nTo: user-to@domain.org (RealTo)\r\n"
            + "Cc: user-cc@domain.org (RealCc)\r\nBcc: user-bcc@domain.org (RealBcc)\r\n",
        "From: user-from1@domain.org, user-from2@domain.org\r\nCc: user-cc@domain.org\r\n",
        "To: groupname: groupuser1@domain.org, groupuser2@domain.org;,\r\n  groupname2: groupuser3@domain.org;\r\n",
        "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>\r\n",
    ]

    static func search(_ key: SearchKey) async throws -> [UInt32] {
        let mailbox = try TestMailbox(headers.map { StoredMessage($0 + "\r\nbody\r\n") })
        return try await SearchEvaluator.search(
            [key], charset: nil, in: mailbox.messages, savedResult: nil, context: mailbox.context()
        ).sequenceNumbers
    }

    @Test(arguments: [
        (SearchKey.from("user-from@domain.org"), [UInt32]([1, 2, 3, 4])),
        (.to("user-to@domain.org"), [1, 2, 3, 4]),
        (.cc("user-cc@domain.org"), [1, 2, 3, 4, 5]),
        (.bcc("user-bcc@domain.org"), [1, 2, 3, 4]),
        (.from("realfrom"), [2, 4]),
        (.bcc("ealbc"), [2, 4]),
        (.from("ser-fro"), [1, 2, 3, 4, 5]),
        (.from("user-from2"), [5]),
        (.to("groupname"), [6]),
        (.to("groupname2"), [6]),
        (.to("groupuser3"), [6]),
        (.to("groupuser4"), []),
        (.from("comment"), []),
        (.from("jörg <joerg@"), [7]),
    ])
    func matchesAsDovecot(_ key: SearchKey, _ expected: [UInt32]) async throws {
        #expect(try await Self.search(key) == expected)
    }

    @Test func normalForm() {
        func normal(_ raw: String) -> String {
            String(decoding: AddressSearchText.normalized(Array(raw.utf8)), as: UTF8.self)
        }
        #expect(normal("<user (comment)@ (comment) domain.org>") == "user@domain.org")
        #expect(normal("\"Real, Name\" <a@b.c>, d@e.f") == "Real, Name <a@b.c>, d@e.f")
        #expect(normal("g: a@b.c, d@e.f;, h@i.j") == "g: a@b.c, d@e.f;, h@i.j")
        #expect(normal("") == "")
    }
}
