import Testing
import TernMIME

@Suite struct MIMEScannerTests {
    private func bodyStructure(_ fixture: String) throws -> String {
        MIMEFixtures.text(BodyStructureRenderer.render(MIMEScanner.scan(try MIMEFixtures.load(fixture)), extended: true))
    }

    @Test(arguments: [
        (
            "simple.eml",
            #"("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)"#
        ),
        (
            "alternative.eml",
            #"(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 6 0 NIL NIL NIL NIL)("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 9 0 NIL NIL NIL NIL) "alternative" ("boundary" "XX") NIL NIL NIL)"#
        ),
        (
            "bare-lf.eml",
            #"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 1 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)"#
        ),
        (
            "digest.eml",
            #"(("message" "rfc822" NIL NIL NIL "7bit" 49 (NIL "first" ((NIL NIL "one" "example.com")) ((NIL NIL "one" "example.com")) ((NIL NIL "one" "example.com")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 8 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 0 NIL NIL NIL NIL) "digest" ("boundary" "d") NIL NIL NIL)"#
        ),
        (
            "header-only.eml",
            #"("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)"#
        ),
        (
            "missing-close.eml",
            #"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 14 1 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)"#
        ),
        (
            "multipart-no-boundary.eml",
            #"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" NIL NIL NIL NIL)"#
        ),
        (
            "no-blank-line-parts.eml",
            #"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)"#
        ),
        (
            "rfc822.eml",
            #"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 0 NIL NIL NIL NIL)("message" "rfc822" NIL NIL "forwarded" "7bit" 213 (NIL "inner" (("Carol C." NIL "carol" "example.org")) (("Carol C." NIL "carol" "example.org")) (("Carol C." NIL "carol" "example.org")) NIL NIL NIL NIL NIL) (("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL)("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 11 0 NIL NIL NIL NIL) "alternative" ("boundary" "inner") NIL NIL NIL) 13 NIL NIL NIL NIL)("application" "pdf" ("name" "longname.pdf") "<part3@example.com>" NIL "base64" 12 "Q2hlY2sgSW50ZWdyaXR5IQ==" ("attachment" ("filename*" "utf-8''%E2%82%AC%20rates.pdf")) ("en" "de") "http://example.com/x.pdf") "mixed" ("boundary" "outer") NIL NIL NIL)"#
        ),
    ])
    func bodyStructureOfFixture(fixture: String, expected: String) throws {
        #expect(try bodyStructure(fixture) == expected)
    }

    @Test func offsetsOfAlternative() throws {
        let bytes = try MIMEFixtures.load("alternative.eml")
        let s = MIMEScanner.scan(bytes)
        #expect(s.size == bytes.count)
        #expect(s.root.kind == .multipart)
        let text = MIMEFixtures.text
        #expect(text(Array(bytes[s.root.headerOffset..<s.root.bodyOffset])).hasSuffix("boundary=\"XX\"\r\n\r\n"))
        let first = s.root.children[0]
        #expect(text(Array(bytes[first.headerOffset..<first.bodyOffset])) == "Content-Type: text/plain; charset=utf-8\r\n\r\n")
        #expect(text(Array(bytes[first.bodyOffset..<first.bodyRange.end])) == "Hi Bob")
        let second = s.root.children[1]
        #expect(text(Array(bytes[second.bodyOffset..<second.bodyRange.end])) == "<p>Hi</p>")
        #expect(s.root.bodyRange.end == bytes.count)
        #expect(s.root.headerLines == 6)
    }

    @Test func nestedFiftyDeepIsKept() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("nested-50.eml"))
        #expect(s.degradation == nil)
        #expect(s.partCount == 51)
        #expect(s.root.depth == 51)
    }

    @Test func tooDeepBecomesOneOpaquePart() throws {
        let bytes = try MIMEFixtures.load("nested-150.eml")
        let s = MIMEScanner.scan(bytes)
        #expect(s.degradation?.code == .tooDeep)
        #expect(s.partCount == 1)
        #expect(s.root.kind == .leaf)
        #expect(s.root.bodyRange.end == bytes.count)
    }

    @Test func tooManyPartsBecomesOneOpaquePart() {
        var text = "Content-Type: multipart/mixed; boundary=x\n\n"
        for _ in 0..<50 { text += "--x\n\npart\n" }
        text += "--x--\n"
        let s = MIMEScanner.scan(MIMEFixtures.crlf(text), limits: MIMEScanLimits(maxParts: 20))
        #expect(s.degradation?.code == .tooManyParts)
        #expect(s.partCount == 1)
        let ok = MIMEScanner.scan(MIMEFixtures.crlf(text))
        #expect(ok.degradation == nil)
        #expect(ok.partCount == 51)
    }

    @Test func headersTooLargeDegrades() {
        let long = String(repeating: "x", count: 3000)
        var text = ""
        for name in ["Subject", "To", "Cc", "Bcc", "Date"] { text += "\(name): \(long)\n" }
        text += "\nbody\n"
        let limits = MIMEScanLimits(maxFieldBytes: 4096, maxRetainedHeaderBytes: 8000)
        let s = MIMEScanner.scan(MIMEFixtures.crlf(text), limits: limits)
        #expect(s.degradation?.code == .headersTooLarge)
        #expect(s.envelope.subject?.count == 3000)
        #expect(s.envelope.date == nil)
    }

    @Test func longFieldIsTruncatedToTheFieldLimit() {
        let long = String(repeating: "y", count: 10_000)
        let s = MIMEScanner.scan(MIMEFixtures.crlf("Subject: \(long)\n\nbody\n"), limits: MIMEScanLimits(maxFieldBytes: 1000))
        #expect(s.degradation == nil)
        #expect((s.envelope.subject?.count ?? 0) < 1000)
        #expect(s.root.bodySize == 6)
    }

    @Test func nonMIMEPartIgnoresContentFields() {
        let s = MIMEScanner.scan(MIMEFixtures.crlf("Content-Transfer-Encoding: base64\nSubject: x\n\nabc\n"))
        #expect(s.root.content.transferEncoding == nil)
        let mime = MIMEScanner.scan(MIMEFixtures.crlf("MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n\nabc\n"))
        #expect(mime.root.content.transferEncoding == Array("base64".utf8))
    }

    @Test func firstContentTypeWinsLastEnvelopeFieldWins() {
        let s = MIMEScanner.scan(MIMEFixtures.crlf(
            "Subject: one\nSubject: two\nContent-Type: text/html\nContent-Type: image/png\n\nx"))
        #expect(s.envelope.subject == Array("two".utf8))
        #expect(s.root.content.subtype == Array("html".utf8))
    }

    @Test func repeatedAddressFieldsAreConcatenated() {
        let s = MIMEScanner.scan(MIMEFixtures.crlf("From: a@x\nFrom: b@y\nSubject: s\n\n"))
        #expect(s.envelope.from == [Array("a@x".utf8), Array("b@y".utf8)])
        #expect(MIMEFixtures.text(EnvelopeRenderer.render(s.envelope)).hasPrefix(
            #"(NIL "s" ((NIL NIL "a" "x")(NIL NIL "b" "y")) ((NIL NIL "a" "x")(NIL NIL "b" "y"))"#))
    }

    @Test func blankLineBeforeEnclosingBoundaryBelongsToTheBoundary() {
        let text = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n--b--\n"
        let bytes = MIMEFixtures.crlf(text)
        let s = MIMEScanner.scan(bytes)
        let part = s.root.children[0]
        #expect(MIMEFixtures.text(Array(bytes[part.headerOffset..<part.bodyOffset])) == "Content-Type: text/plain\r\n")
        #expect(part.bodySize == 0)
        #expect(part.headerLines == 1)
    }

    @Test func lineAfterCloseDelimiterStaysInTheNestedMultipart() {
        let text = "Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=abc\n\n--abc\n\nx\n--abc--\n--a--\n"
        let bytes = MIMEFixtures.crlf(text)
        let inner = MIMEScanner.scan(bytes).root.children[0]
        #expect(MIMEFixtures.text(Array(bytes[inner.bodyOffset..<inner.bodyRange.end])) == "--abc\r\n\r\nx\r\n--abc--\r\n")
    }

    @Test func brokenContentTypeIsEmpty() {
        for value in ["text/", "/plain", "text/plain (unclosed"] {
            let s = MIMEScanner.scan(MIMEFixtures.crlf("MIME-Version: 1.0\nContent-Type: \(value)\n\nx"))
            #expect(s.root.content.type == [] && s.root.content.subtype == [], "\(value)")
        }
    }

    @Test func emptyBoundaryIsABoundary() {
        let s = MIMEScanner.scan(MIMEFixtures.crlf("Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\nempty\n----\n"))
        #expect(s.root.children.count == 1)
        #expect(s.root.children[0].bodySize == 5)
    }

    @Test func foldedValuesKeepFoldingAndSkipLeadingSpace() {
        let s = MIMEScanner.scan(MIMEFixtures.crlf("Subject:   a\n\tb\nTo:\n x@y.z\n\n"))
        #expect(s.envelope.subject == Array("a\r\n\tb".utf8))
        #expect(s.envelope.to == [Array("\r\n x@y.z".utf8)])
    }

    @Test func boundaryPrefixMatchPrefersLongestAndNestedSameBoundary() {
        let text = """
            Content-Type: multipart/mixed; boundary=a

            --a
            Content-Type: multipart/mixed; boundary=ab

            --ab

            inner
            --ab--
            --a--

            """
        let s = MIMEScanner.scan(MIMEFixtures.crlf(text))
        #expect(s.root.children.count == 1)
        #expect(s.root.children[0].kind == .multipart)
        #expect(s.root.children[0].children.count == 1)
        #expect(s.root.children[0].children[0].bodySize == 5)
    }

    @Test func finishTwiceAndFeedAfterFinish() throws {
        var scanner = MIMEScanner()
        scanner.feed(try MIMEFixtures.load("alternative.eml"))
        let first = scanner.finish()
        scanner.feed(Array("more".utf8))
        #expect(scanner.finish() == first)
    }

    @Test func emptyMessage() {
        let s = MIMEScanner.scan([UInt8]())
        #expect(s.size == 0)
        #expect(s.root.headerSize == 0)
        #expect(s.root.bodySize == 0)
        #expect(MIMEFixtures.text(BodyStructureRenderer.render(s, extended: false))
            == #"("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)"#)
    }
}
