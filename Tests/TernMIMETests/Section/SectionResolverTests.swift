import Testing
import TernMIME

@Suite struct SectionResolverTests {
    let bytes: [UInt8]
    let structure: MessageStructure

    init() throws {
        bytes = try MIMEFixtures.load("rfc822.eml")
        structure = MIMEScanner.scan(bytes)
    }

    private func fetch(_ spec: SectionSpec, _ partial: FetchPartial? = nil) -> String? {
        switch SectionResolver.resolve(spec, partial: partial, in: structure) {
        case .ranges(let ranges):
            return ranges.map { MIMEFixtures.text(Array(bytes[$0.offset..<$0.end])) }.joined()
        case .filteredHeader(let range, var filter, let partial):
            var out: [UInt8] = []
            filter.feed(bytes[range.offset..<range.end], into: &out)
            filter.finish(into: &out)
            let window = partial?.window(ofSize: out.count) ?? 0..<out.count
            return MIMEFixtures.text(Array(out[window]))
        case .missing:
            return nil
        }
    }

    @Test func partNumbering() {
        #expect(fetch(SectionSpec(part: [1])) == "see attached")
        #expect(fetch(SectionSpec(part: [2, 1])) == "plain")
        #expect(fetch(SectionSpec(part: [2, 2])) == "<b>html</b>")
        #expect(fetch(SectionSpec(part: [3])) == "JVBERi0xLjQK")
        #expect(fetch(SectionSpec(part: [4])) == nil)
        // Like Dovecot, "1" below a non-multipart part names that part again; anything else is missing.
        #expect(fetch(SectionSpec(part: [1, 1])) == "see attached")
        #expect(fetch(SectionSpec(part: [1, 2])) == nil)
        #expect(fetch(SectionSpec(part: [0])) == nil)
        #expect(fetch(SectionSpec(part: [2, 3])) == nil)
    }

    @Test func headerTextMime() {
        #expect(fetch(SectionSpec(part: [2], text: .mime))
            == "Content-Type: message/rfc822\r\nContent-Description: forwarded\r\n\r\n")
        #expect(fetch(SectionSpec(part: [2], text: .header))?.hasPrefix("From: \"Carol C.\" <carol@example.org>\r\n") == true)
        #expect(fetch(SectionSpec(part: [2], text: .header))?.hasSuffix("boundary=inner\r\n\r\n") == true)
        #expect(fetch(SectionSpec(part: [2], text: .text))?.hasPrefix("--inner\r\n") == true)
        #expect(fetch(SectionSpec(part: [2, 1], text: .mime)) == "Content-Type: text/plain\r\n\r\n")
        #expect(fetch(SectionSpec(part: [1], text: .header)) == nil)
        #expect(fetch(SectionSpec(part: [1], text: .text)) == nil)
        #expect(fetch(SectionSpec(text: .mime)) == nil)
    }

    @Test func topLevel() {
        #expect(fetch(.whole) == MIMEFixtures.text(bytes))
        #expect(fetch(SectionSpec(text: .header)) == "From: a@example.com\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n")
        #expect(fetch(SectionSpec(text: .text))?.hasPrefix("--outer\r\n") == true)
        #expect(fetch(SectionSpec(text: .headerFields([Array("subject".utf8), Array("FROM".utf8)])))
            == "From: a@example.com\r\nSubject: fwd\r\n\r\n")
        #expect(fetch(SectionSpec(text: .headerFieldsNot([Array("Content-Type".utf8)])))
            == "From: a@example.com\r\nSubject: fwd\r\n\r\n")
        #expect(fetch(SectionSpec(part: [2], text: .headerFields([Array("Subject".utf8)]))) == "Subject: inner\r\n\r\n")
    }

    @Test func partials() {
        #expect(fetch(SectionSpec(part: [1]), FetchPartial(offset: 2, length: 3)) == "e a")
        #expect(fetch(SectionSpec(part: [1]), FetchPartial(offset: 10, length: 100)) == "ed")
        #expect(fetch(SectionSpec(part: [1]), FetchPartial(offset: 12, length: 1)) == "")
        #expect(fetch(SectionSpec(part: [1]), FetchPartial(offset: 0, length: 0)) == "")
        #expect(fetch(SectionSpec(text: .headerFields([Array("From".utf8)])), FetchPartial(offset: 6, length: 7)) == "a@examp")
    }

    @Test func singlePartMessage() throws {
        let simple = try MIMEFixtures.load("simple.eml")
        let s = MIMEScanner.scan(simple)
        guard case .ranges(let body) = SectionResolver.resolve(SectionSpec(part: [1]), in: s),
            case .ranges(let mime) = SectionResolver.resolve(SectionSpec(part: [1], text: .mime), in: s)
        else {
            Issue.record("part 1 of a single-part message must exist")
            return
        }
        #expect(MIMEFixtures.text(Array(simple[body[0].offset..<body[0].end])) == "Hello Bob,\r\nhow are you?\r\n")
        #expect(mime == [s.root.headerRange])
        #expect(SectionResolver.resolve(SectionSpec(part: [2]), in: s) == .missing)
    }
}
