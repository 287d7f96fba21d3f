import Testing

@testable import TernMIME

@Suite struct IMAPLiteralNormalizerTests {
    @Test(arguments: [
        ("a\nb\r\nc\n", "a\r\nb\r\nc\r\n"),
        ("\n\n", "\r\n\r\n"),
        ("lone\rcr", "lone\rcr"),
        ("crlf\r\n", "crlf\r\n"),
        ("", ""),
    ])
    func convertsBareLineFeeds(input: String, expected: String) {
        #expect(IMAPLiteralNormalizer.normalize(bytes(input)) == bytes(expected))
    }

    @Test func replacesNULUnlessAskedNotTo() {
        #expect(IMAPLiteralNormalizer.normalize([0x61, 0x00, 0x0A]) == [0x61, 0x80, 0x0D, 0x0A])
        #expect(IMAPLiteralNormalizer.normalize([0x61, 0x00, 0x0A], replacesNUL: false) == [0x61, 0x00, 0x0D, 0x0A])
    }

    @Test func everySplitGivesTheSameOutput() {
        let input = bytes("one\r\ntwo\nthree\r\rfour\n\n") + [0x00, 0x0D] + bytes("\nend")
        #expect(splitInvarianceViolation({ IMAPLiteralNormalizer() }, input) == nil)
        #expect(splitInvarianceViolation({ IMAPLiteralNormalizer(replacesNUL: false) }, input) == nil)
    }
}
