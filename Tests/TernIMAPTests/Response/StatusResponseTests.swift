import NIOCore
import Testing

@testable import TernIMAP

@Suite("Status responses and response codes")
struct StatusResponseTests {
    @Test func greetingsEncodeExactly() throws {
        var encoder = ResponseEncoder()
        try encoder.encode(Greeting.ok(ResponseText(code: .capability([.imap4rev1, .imap4rev2, .auth("PLAIN")]), text: "Tern ready")))
        try encoder.encode(Greeting.preauth(ResponseText(text: "logged in as smith")))
        try encoder.encode(Greeting.bye(ResponseText(code: .unavailable, text: "try later")))
        #expect(
            String(buffer: encoder.take())
                == "* OK [CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN] Tern ready\r\n"
                + "* PREAUTH logged in as smith\r\n* BYE [UNAVAILABLE] try later\r\n")
    }

    @Test func taggedResponsesEncodeExactly() throws {
        let tag = try #require(Tag("A142"))
        let ok = Response.tagged(TaggedResponse(tag: tag, status: .ok, text: ResponseText(code: .readWrite, text: "SELECT completed")))
        #expect(try ResponseTestSupport.encode(ok) == "A142 OK [READ-WRITE] SELECT completed\r\n")
        let no = Response.tagged(TaggedResponse(tag: tag, status: .no, text: ResponseText(code: .tryCreate, text: "")))
        #expect(try ResponseTestSupport.encode(no) == "A142 NO [TRYCREATE]\r\n")
    }

    @Test func textNeverBreaksTheLine() throws {
        let response = Response.untagged(.status(.bad, ResponseText(text: "evil\r\n* OK injected")))
        #expect(try ResponseTestSupport.encode(response) == "* BAD evil  * OK injected\r\n")
    }

    /// Every response code, encoded and parsed back.
    @Test(arguments: [
        "ALERT", "BADCHARSET", "BADCHARSET (UTF-8 US-ASCII)", "CAPABILITY IMAP4rev2 IDLE", "PARSE",
        "PERMANENTFLAGS (\\Deleted \\Seen \\*)", "PERMANENTFLAGS ()", "READ-ONLY", "READ-WRITE", "TRYCREATE",
        "UIDNEXT 4392", "UIDVALIDITY 3857529045", "UNSEEN 12", "APPENDUID 38505 3955",
        "APPENDUID 38505 3955:3957", "COPYUID 38505 304,319:320 3956:3958", "UIDNOTSTICKY",
        "HIGHESTMODSEQ 715194045007", "NOMODSEQ", "MODIFIED 7,9", "CLOSED", "NOTSAVED", "UNAVAILABLE",
        "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "EXPIRED", "PRIVACYREQUIRED", "CONTACTADMIN", "NOPERM",
        "INUSE", "EXPUNGEISSUED", "CORRUPTION", "SERVERBUG", "CLIENTBUG", "CANNOT", "LIMIT", "OVERQUOTA",
        "ALREADYEXISTS", "NONEXISTENT", "HASCHILDREN", "TOOBIG", "UNKNOWN-CTE", "USEATTR", "COMPRESSIONACTIVE",
        "X-CUSTOM", "X-CUSTOM some argument text", "METADATA LONGENTRIES 2000",
    ])
    func responseCodeRoundTrips(code: String) throws {
        let responses = try ResponseTestSupport.expectRoundTrip("a1 NO [\(code)] text\r\n")
        guard case .tagged(let tagged) = responses.first else {
            Issue.record("not a tagged response")
            return
        }
        let name = String(code.prefix { $0 != " " })
        if name.hasPrefix("X-") || name == "METADATA" {
            #expect(tagged.text.code == .other(name: name, argument: code.contains(" ") ? String(code.drop { $0 != " " }.dropFirst()) : nil))
        } else {
            #expect(tagged.text.code != nil)
            if case .other = tagged.text.code { Issue.record("\(code) was not recognised") }
        }
    }

    @Test func typedResponseCodesParse() throws {
        let responses = try ResponseTestSupport.expectRoundTrip(
            "* OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n* OK [UIDNEXT 4392] Predicted next UID\r\n")
        #expect(
            responses[0]
                == .untagged(.status(.ok, ResponseText(
                    code: .copyUID(
                        uidValidity: 38505,
                        source: UIDSet([UID(304)...UID(304), UID(319)...UID(320)]),
                        destination: UIDSet([UID(3956)...UID(3958)])),
                    text: "Done"))))
        #expect(responses[1] == .untagged(.status(.ok, ResponseText(code: .uidNext(UID(4392)), text: "Predicted next UID"))))
    }

    @Test func unknownArgumentsOfAKnownCodeAreKeptVerbatim() throws {
        let responses = try ResponseTestSupport.expectRoundTrip("* OK [UIDNEXT abc] odd\r\n")
        #expect(responses == [.untagged(.status(.ok, ResponseText(code: .other(name: "UIDNEXT", argument: "abc"), text: "odd")))])
    }

    @Test func continuationRequests() throws {
        let responses = try ResponseTestSupport.expectRoundTrip(
            "+ Ready for additional command text\r\n+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC\r\n+ \r\n+ [ALERT] go on\r\n")
        #expect(responses[0] == .continuation(.text(ResponseText(text: "Ready for additional command text"))))
        #expect(responses[1] == .continuation(.base64("YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC")))
        #expect(responses[2] == .continuation(.base64("")))
        #expect(responses[3] == .continuation(.text(ResponseText(code: .alert, text: "go on"))))
    }

    @Test func statusWithoutText() throws {
        // RFC 9051 makes the text optional.
        try ResponseTestSupport.expectRoundTrip("* OK [READ-ONLY]\r\n")
        try ResponseTestSupport.expectRoundTrip("* BYE \r\n")
    }
}
