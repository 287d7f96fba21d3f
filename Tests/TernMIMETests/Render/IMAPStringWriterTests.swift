import Testing
import TernMIME

@Suite struct IMAPStringWriterTests {
    private func string(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        IMAPStringWriter.string(bytes, into: &out)
        return MIMEFixtures.text(out)
    }

    private func humans(_ value: String) -> String {
        var out: [UInt8] = []
        IMAPStringWriter.stringForHumans(Array(value.utf8), into: &out)
        return MIMEFixtures.text(out)
    }

    private func nolf(_ value: String?) -> String {
        var out: [UInt8] = []
        IMAPStringWriter.nilOrStringWithoutLineBreaks(value.map { Array($0.utf8) }, into: &out)
        return MIMEFixtures.text(out)
    }

    @Test func quotedOrLiteral() {
        #expect(string(Array("abc".utf8)) == #""abc""#)
        #expect(string([]) == #""""#)
        #expect(string(Array(#"a"b\c"#.utf8)) == #""a\"b\\c""#)
        #expect(string(Array(#"""""""#.utf8)) == "{5}\r\n\"\"\"\"\"")
        #expect(string(Array(#""""""#.utf8)) == #""\"\"\"\"""#)
        #expect(string(Array("a\r\nb".utf8)) == "{4}\r\na\r\nb")
        #expect(string([0x63, 0xE9]) == "{2}\r\nc\u{FFFD}")
    }

    @Test func forHumans() {
        #expect(humans("Hello world") == #""Hello world""#)
        #expect(humans("a  b") == "{3}\r\na b")
        #expect(humans("a\r\n\tb") == "{3}\r\na b")
        #expect(humans("  a ") == "{1}\r\na")
        #expect(humans("   ") == #""""#)
        #expect(humans(#"say "hi""#) == "{8}\r\nsay \"hi\"")
    }

    @Test func withoutLineBreaks() {
        #expect(nolf(nil) == "NIL")
        #expect(nolf("<a@b>") == #""<a@b>""#)
        #expect(nolf("<a>\r\n <b>") == #""<a> <b>""#)
        #expect(nolf("<a>\r\n<b>") == #""<a> <b>""#)
        #expect(nolf("x\n") == #""x""#)
    }
}
