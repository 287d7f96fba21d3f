import Testing

@testable import TernMIME

/// The oracle's own parsing, checked without a server: a wrong parse would hide real differences.
@Suite struct IMAPTestClientParsingTests {
    @Test(arguments: [
        ("* 1 FETCH (BODY[1] {12}\r\n", 12),
        ("A1 APPEND x {0}\r\n", 0),
        ("* 1 FETCH (BINARY[1] ~{7}\r\n", 7),
        ("X {5+}\r\n", 5),
        ("* 1 FETCH (BODY[1] \"{12}\")\r\n", nil),
        ("{}\r\n", nil),
        ("plain line\r\n", nil),
    ] as [(String, Int?)])
    func literalMarkers(line: String, count: Int?) {
        #expect(IMAPTestClient.literalCount(endingLine: Array(line.utf8)) == count)
    }

    @Test func stringValues() {
        #expect(DovecotFetchItem.parseString(Array("NIL".utf8)) == nil)
        #expect(DovecotFetchItem.parseString(Array("\"\"".utf8)) == [])
        #expect(DovecotFetchItem.parseString(Array("\"a\\\"b\\\\c\"".utf8)) == Array("a\"b\\c".utf8))
        #expect(DovecotFetchItem.parseString(Array("{3}\r\nabc".utf8)) == Array("abc".utf8))
        #expect(DovecotFetchItem.parseString(Array("~{2}\r\n\u{0}x".utf8)) == [0, UInt8(ascii: "x")])
    }

    @Test func fetchValueExtraction() {
        let item = DovecotFetchItem(request: "BODY.PEEK[HEADER.FIELDS (From Subject)]", label: "x", kind: .section(SectionSpec(), nil))
        let response = IMAPTestClient.Response(
            untagged: [Array("* 3 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] {9}\r\nFrom: a\r\n)\r\n".utf8)],
            status: Array("A9 OK done".utf8), isOK: true)
        #expect(item.dovecotValue(response, sequence: 3) == .content(Array("From: a\r\n".utf8)))
        let refused = IMAPTestClient.Response(untagged: [], status: Array("A9 NO [UNKNOWN-CTE] x".utf8), isOK: false)
        #expect(item.dovecotValue(refused, sequence: 3) == .refused("UNKNOWN-CTE"))
    }
}
