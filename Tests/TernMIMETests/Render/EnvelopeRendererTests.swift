import Testing
import TernMIME

@Suite struct EnvelopeRendererTests {
    @Test func simpleMessage() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("simple.eml"))
        #expect(MIMEFixtures.text(EnvelopeRenderer.render(s.envelope))
            == #"("Tue, 24 Nov 2026 10:00:00 +0000" "Hello" (("Alice" NIL "alice" "example.com")) (("Alice" NIL "alice" "example.com")) (("Alice" NIL "alice" "example.com")) ((NIL NIL "bob" "example.com")) NIL NIL NIL "<1@example.com>")"#)
    }

    @Test func groupsAndFolding() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("groups.eml"))
        let text = MIMEFixtures.text(EnvelopeRenderer.render(s.envelope))
        #expect(text.hasPrefix("(NIL {13}\r\ngroups folded ((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\"))"))
        #expect(text.contains(#"((NIL "@route1,@route2" "user" "host.test"))"#))
        #expect(text.contains(#"(NIL NIL "A Group" NIL)("Ed Jones" NIL "c" "a.test")"#))
        #expect(text.hasSuffix(#"(NIL NIL NIL NIL)(NIL NIL "Undisclosed recipients" NIL)(NIL NIL NIL NIL)) NIL NIL)"#))
    }

    @Test func rawEightBitAndNUL() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("nul-8bit.eml"))
        let out = EnvelopeRenderer.render(s.envelope)
        // Subject "caf\xE9 \0 bar": NUL becomes U+FFFD (3 bytes), 8-bit forces a literal, bytes stay raw.
        let subject: [UInt8] = Array("{12}\r\ncaf".utf8) + [0xE9, 0x20, 0xEF, 0xBF, 0xBD] + Array(" bar".utf8)
        #expect(Array(out[5..<5 + subject.count]) == subject)
    }

    @Test func emptyEnvelope() {
        #expect(MIMEFixtures.text(EnvelopeRenderer.render(EnvelopeFields())) == "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)")
    }
}
