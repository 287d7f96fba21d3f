import Testing
import TernMIME

@Suite struct BodyStructureRendererTests {
    @Test func bodyWithoutExtensionData() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("alternative.eml"))
        #expect(MIMEFixtures.text(BodyStructureRenderer.render(s, extended: false))
            == #"(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 6 0)("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 9 0) "alternative")"#)
    }

    @Test func messageRFC822Body() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("digest.eml"))
        #expect(MIMEFixtures.text(BodyStructureRenderer.render(s, extended: false))
            == #"(("message" "rfc822" NIL NIL NIL "7bit" 49 (NIL "first" ((NIL NIL "one" "example.com")) ((NIL NIL "one" "example.com")) ((NIL NIL "one" "example.com")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 8 0) 3)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 0) "digest")"#)
    }

    @Test func caseAndValuesAreKept() {
        let s = MIMEScanner.scan(MIMEFixtures.crlf(
            "Content-Type: TEXT/Plain; CharSet=\"ISO-8859-1\"\nContent-Transfer-Encoding: Quoted-Printable\nContent-ID: <x\n y>\n\nabc"))
        #expect(MIMEFixtures.text(BodyStructureRenderer.render(s, extended: true))
            == #"("TEXT" "Plain" ("CharSet" "ISO-8859-1") "<x y>" NIL "Quoted-Printable" 3 0 NIL NIL NIL NIL)"#)
    }
}
