import NIOCore
import Testing

@testable import TernIMAP

@Suite("Untagged server and mailbox data")
struct MailboxDataTests {
    /// Lines that parse, re-encode byte for byte, and parse the same byte at a time.
    @Test(arguments: [
        "* CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED",
        "* ENABLED CONDSTORE QRESYNC",
        "* ENABLED",
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)",
        "* LIST (\\Noselect) \"/\" ~/Mail/foo",
        "* LIST () NIL flat",
        "* LIST (\\HasNoChildren \\Sent) \".\" \"Sent Items\"",
        "* LIST () \"/\" {8}\r\nline\r\nX!",
        "* LIST (\\Subscribed \\NonExistent) \"/\" \"Fruit/Peach\" (CHILDINFO (\"SUBSCRIBED\"))",
        "* LIST () \"/\" \"Lost & Found\" (OLDNAME (\"Lost &- Found\"))",
        "* LIST () \"/\" x (X-EXT (1 \"two\" NIL three))",
        "* LSUB (\\NoSelect) \".\" #news.comp.mail",
        "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)",
        "* STATUS INBOX (UIDVALIDITY 1 UNSEEN 0 RECENT 0 DELETED 3 SIZE 44827 HIGHESTMODSEQ 7011231777 APPENDLIMIT 1000)",
        "* STATUS \"a b\" ()",
        "* SEARCH",
        "* SEARCH 2 3 6",
        "* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)",
        "* ESEARCH (TAG \"A282\") MIN 2 COUNT 3",
        "* ESEARCH (TAG \"A283\") UID ALL 4:18,21,28",
        "* ESEARCH UID COUNT 17 ALL 4:18,21,28 MODSEQ 12345",
        "* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800",
        "* ESEARCH (TAG \"A286\")",
        "* SORT 2 84 882",
        "* SORT 5 3 (MODSEQ 42)",
        "* THREAD",
        "* THREAD (2)(3 6 (4 23)(44 7 96))",
        "* THREAD ((3)(5))",
        "* 172 EXISTS",
        "* 0 EXISTS",
        "* 1 RECENT",
        "* 44 EXPUNGE",
        "* VANISHED 405,407,410,425",
        "* VANISHED (EARLIER) 300:310,405,411",
        "* ID (\"name\" \"Tern\" \"version\" \"1.0\" \"support-url\" NIL)",
        "* ID NIL",
        "* NAMESPACE ((\"\" \"/\")) NIL NIL",
        "* NAMESPACE ((\"\" \"/\")(\"#mh/\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\"))",
        "* QUOTA \"\" (STORAGE 10 512)",
        "* QUOTA \"!partition/sda4\" (STORAGE 104 10923847 MESSAGE 3 100)",
        "* QUOTAROOT INBOX \"\"",
        "* QUOTAROOT comp.mail.mime",
        "* XPIG-LATIN ow-nay eaking-spay ig-pay atin-lay",
        "* OK [UNSEEN 12] Message 12 is first unseen",
        "* NO Disk is 98% full, please delete unnecessary data",
        "* BAD Command line too long",
    ])
    func roundTrips(line: String) throws {
        try ResponseTestSupport.expectRoundTrip(line + "\r\n")
    }

    @Test func typedValues() throws {
        let responses = try ResponseTestSupport.expectRoundTrip(
            "* LIST (\\HasChildren) \".\" INBOX\r\n* STATUS Drafts (MESSAGES 3 SIZE 1024)\r\n"
                + "* VANISHED (EARLIER) 41,43:116\r\n* SEARCH 1 3 (MODSEQ 9)\r\n* THREAD (1 2 (3)(4))\r\n")
        #expect(
            responses[0]
                == .untagged(.list(MailboxListItem(attributes: [.hasChildren], delimiter: UInt8(ascii: "."), mailbox: .inbox))))
        #expect(
            responses[1]
                == .untagged(.mailboxStatus(MailboxName(Array("Drafts".utf8)), [StatusValue(.messages, 3), StatusValue(.size, 1024)])))
        #expect(responses[2] == .untagged(.vanished(earlier: true, UIDSet([UID(41)...UID(41), UID(43)...UID(116)]))))
        #expect(responses[3] == .untagged(.search([1, 3], modSeq: ModSeq(9))))
        #expect(
            responses[4]
                == .untagged(.thread([ThreadList(messages: [1, 2], children: [ThreadList(messages: [3]), ThreadList(messages: [4])])])))
    }

    @Test func encoderWritesValuesBuiltInCode() throws {
        let options = EncodingOptions()
        let item = MailboxListItem(
            attributes: [.hasNoChildren, .drafts], delimiter: UInt8(ascii: "/"),
            mailbox: .wire("Entwürfe", options: options), extended: [.childInfo(["SUBSCRIBED"])])
        #expect(
            try ResponseTestSupport.encode(.untagged(.list(item)), options: options)
                == "* LIST (\\HasNoChildren \\Drafts) \"/\" Entw&APw-rfe (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n")
        let utf8 = EncodingOptions(imap4rev2: true)
        let renamed = MailboxListItem(
            attributes: [], delimiter: UInt8(ascii: "/"), mailbox: .wire("Entwürfe", options: utf8),
            extended: [.oldName(.wire("Entwürfe", options: .rfc3501))])
        #expect(
            try ResponseTestSupport.encode(.untagged(.list(renamed)), options: utf8)
                == "* LIST () \"/\" \"Entwürfe\" (\"OLDNAME\" (Entw&APw-rfe))\r\n")
        let esearch = ESearchResponse(
            correlator: "A1", uid: true,
            items: [.min(1), .max(9), .count(3), .all(SequenceSet([SequenceRange(1), SequenceRange(5, 9)]))])
        #expect(
            try ResponseTestSupport.encode(.untagged(.esearch(esearch)))
                == "* ESEARCH (TAG \"A1\") UID MIN 1 MAX 9 COUNT 3 ALL 1,5:9\r\n")
        #expect(
            try ResponseTestSupport.encode(.untagged(.id([IDParameter(key: "name", value: "Tern")])))
                == "* ID (\"name\" \"Tern\")\r\n")
        #expect(
            try ResponseTestSupport.encode(.untagged(.quota(root: "", [QuotaResource(name: "STORAGE", usage: 10, limit: 512)])))
                == "* QUOTA \"\" (STORAGE 10 512)\r\n")
    }

    @Test(arguments: [
        "* LIST (\\Noselect) \"ab\" foo",  // delimiter is one character
        "* STATUS x (BOGUS 1)",
        "* SEARCH 0",
        "* 0 EXPUNGE",
        "* 3 FOO",
        "* THREAD ((3))",  // a nested-only thread needs two children
        "* FLAGS (\\Seen",
        "* ESEARCH (TAG \"x\" MIN 1",
        "* 1 FETCH (UID 1) trailing",
        "* FETCH 1 (UID 1)",  // RFC 9051 §4.5 writes it this way; the number comes first
    ])
    func malformedLinesAreRejected(line: String) {
        #expect(throws: ParserError.self) { try ResponseTestSupport.parseWhole(Array((line + "\r\n").utf8)) }
    }
}
