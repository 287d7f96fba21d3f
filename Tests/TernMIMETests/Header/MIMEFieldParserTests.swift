import Testing
@testable import TernMIME

@Suite struct MIMEFieldParserTests {
    private func params(_ value: String) -> [String] {
        MIMEFieldParser.contentType(Array(value.utf8)).parameters.map {
            $0.map { "\(MIMEFixtures.text($0.name))=\(MIMEFixtures.text($0.value))" }
        } ?? ["<broken>"]
    }

    @Test(arguments: [
        ("text/plain", [String]()),
        ("text/plain; charset=us-ascii (comment)", ["charset=us-ascii"]),
        (#"text/plain; charset="utf-8"; format=flowed"#, ["charset=utf-8", "format=flowed"]),
        (#"application/x; name*0="a"; name*1="b""#, ["name=ab"]),
        ("application/x; name*1=b; name*0=a", ["name=ab"]),
        ("application/x; name*0*=utf-8''%E2%82; name*1=%AC", ["name*=utf-8''%E2%82%25AC"]),
        ("application/x; name*=utf-8'en'%41", ["name*=utf-8'en'%41"]),
        ("application/x; name*0=a; name*2=c", ["name*0=a", "name*2=c"]),
        ("application/x; plain=1; z*0=a; other=2", ["plain=1", "other=2", "z=a"]),
        ("text/plain; name==?utf-8?b?QQ==?=", ["name==?utf-8?b?QQ==?="]),
        // After a broken parameter the parser skips one byte and resynchronises only at a ';' that
        // directly follows, like Dovecot; here that swallows the rest.
        ("text/plain; junk; charset=x", [String]()),
        ("text/plain; junk;; charset=x", ["charset=x"]),
        ("text", ["<broken>"]),
        ("text/", ["<broken>"]),
    ])
    func contentTypeParameters(value: String, expected: [String]) {
        #expect(params(value) == expected)
    }

    @Test func typeAndSubtype() {
        let parsed = MIMEFieldParser.contentType(Array(" Text / HTML ; x=y".utf8))
        #expect(parsed.type == Array("Text".utf8))
        #expect(parsed.subtype == Array("HTML".utf8))
        // Dovecot keeps a lone type ("text" "") but reports other broken values as "" "".
        let lone = MIMEFieldParser.contentType(Array("text".utf8))
        #expect(lone.type == Array("text".utf8) && lone.subtype == [])
        let broken = MIMEFieldParser.contentType(Array("text/".utf8))
        #expect(broken.type == [] && broken.subtype == [] && broken.combined == [])
    }

    @Test func boundaryIsCutAt80() {
        let long = String(repeating: "b", count: 100)
        let parsed = MIMEFieldParser.contentType(Array("multipart/mixed; boundary=\"\(long)\"".utf8))
        #expect(MIMEFieldParser.boundary(of: parsed)?.count == 80)
    }

    @Test func otherFields() {
        #expect(MIMEFieldParser.transferEncoding(Array(" Base64 ".utf8)) == Array("Base64".utf8))
        #expect(MIMEFieldParser.transferEncoding(Array("base64 junk".utf8)) == nil)
        let disposition = MIMEFieldParser.disposition(Array(#"attachment; filename="a b.txt""#.utf8))
        #expect(disposition?.disposition == Array("attachment".utf8))
        #expect(disposition?.parameters == [MIMEParameter("filename", "a b.txt")])
        #expect(MIMEFieldParser.language(Array("en, de-DE (x)".utf8)) == [Array("en".utf8), Array("de-DE".utf8)])
    }

    @Test func decodedExtendedValue() {
        let p = MIMEParameter("filename*", "utf-8'en'%E2%82%AC%20x")
        let decoded = p.decodedValue
        #expect(decoded.charset == Array("utf-8".utf8))
        #expect(decoded.language == Array("en".utf8))
        #expect(decoded.bytes == Array("€ x".utf8))
        #expect(MIMEParameter("name", "%41").decodedValue.bytes == Array("%41".utf8))
    }
}
