import Testing

@testable import TernMIME

@Suite struct EncodedWordDecoderTests {
    @Test(arguments: [
        // RFC 2047 section 8 examples
        ("=?ISO-8859-1?Q?a?=", "a"),
        ("=?ISO-8859-1?Q?a?= b", "a b"),
        ("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab"),
        ("=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=", "ab"),
        ("=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=", "ab"),
        ("=?ISO-8859-1?Q?a_b?=", "a b"),
        ("=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b"),
        ("(=?ISO-8859-1?Q?a?=)", "(a)"),
        // B encoding, charsets, language suffix (RFC 2231 section 5)
        ("=?UTF-8?B?w6lsw6h2ZQ==?=", "élève"),
        ("=?utf-8?b?w6lsw6h2ZQ?=", "élève"),  // lowercase, missing padding
        ("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?iso-2022-jp?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは"),
        ("=?gb2312?B?xOO6ww==?=", "你好"),
        // a UTF-8 character split across two adjacent words is joined before conversion
        ("=?UTF-8?B?4pw=?= =?UTF-8?B?kw==?=", "✓"),
        ("=?UTF-8?Q?=E2=9C?= =?UTF-8?Q?=93_ok?=", "✓ ok"),
        // text around words, words glued to text
        ("Re: =?UTF-8?Q?caf=C3=A9?= time", "Re: café time"),
        ("x=?UTF-8?Q?caf=C3=A9?=y", "xcaféy"),
        ("=?UTF-8?Q?with space inside?=", "with space inside"),
        // broken words stay as they are
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
        ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
        ("=?x-unknown?Q?=FF?=", "=?x-unknown?Q?=FF?="),
        ("=?x-unknown?Q?plain?=", "plain"),
        ("a = b ?= c", "a = b ?= c"),
        // RFC 6532 raw UTF-8 and invalid 8-bit
        ("Grüße", "Grüße"),
        ("", ""),
    ])
    func decodes(input: String, expected: String) {
        #expect(EncodedWordDecoder.decode(Array(input.utf8)) == expected)
    }

    @Test func invalidRawBytesUseTheFallbackCharset() {
        let latin1: [UInt8] = [0x47, 0x72, 0xFC, 0xDF, 0x65]
        #expect(EncodedWordDecoder.decode(latin1, fallbackCharset: "iso-8859-1") == "Grüße")
        #expect(EncodedWordDecoder.decode(latin1) == "Gr\u{FFFD}\u{FFFD}e")
    }

    @Test func differentCharsetsAreNotJoined() {
        let input = "=?ISO-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A9?="
        #expect(EncodedWordDecoder.decode(Array(input.utf8)) == "éé")
    }

    @Test func hostileOpenersStayCheapAndLiteral() {
        // No "?=" anywhere: every opener is a candidate that never closes.
        let opener = Array("=?utf-8?q?a ".utf8)
        let input = Array((0..<6000).map { _ in opener }.joined())
        let decoded = EncodedWordDecoder.decode(input)
        #expect(decoded.utf8.count == input.count && decoded.hasPrefix("=?utf-8?q?a =?"))
        let long = "=?utf-8?q?" + String(repeating: "a", count: EncodedWordDecoder.maxEncodedTextLength + 10) + "?="
        #expect(EncodedWordDecoder.decode(Array(long.utf8)) == long)
    }
}
