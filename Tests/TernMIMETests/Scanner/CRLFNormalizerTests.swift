import Testing
import TernMIME

@Suite struct CRLFNormalizerTests {
    @Test func bareLFAndLoneCRBecomeCRLF() {
        #expect(CRLFNormalizer.normalized(Array("a\nb\r\nc\rd\n\r\r".utf8)) == Array("a\r\nb\r\nc\r\nd\r\n\r\n\r\n".utf8))
    }

    /// What Dovecot serves for `line\0one\r\nline two\n\rline three\r` (its BINARY[1], NUL kept).
    @Test func matchesDovecotStoredForm() {
        let raw: [UInt8] = Array("line".utf8) + [0] + Array("one\r\nline two\n\rline three\r".utf8)
        #expect(CRLFNormalizer.normalized(raw) == Array("line".utf8) + [0] + Array("one\r\nline two\r\n\r\nline three\r\n".utf8))
    }

    @Test func splitCRLFAcrossChunks() {
        var normalizer = CRLFNormalizer()
        var out: [UInt8] = []
        normalizer.feed(Array("a\r".utf8), into: &out)
        normalizer.feed(Array("\nb\r".utf8), into: &out)
        normalizer.finish(into: &out)
        #expect(out == Array("a\r\nb\r\n".utf8))
    }

    @Test func normalizedMessageHasRawSizesEqualToCRLFSizes() throws {
        let raw = try MIMEFixtures.load("bare-lf.eml")
        let before = MIMEScanner.scan(raw)
        let after = MIMEScanner.scan(CRLFNormalizer.normalized(raw))
        #expect(after.root.children[0].bodySize == before.root.children[0].bodyCRLFSize)
        #expect(after.root.bodyBareLFs == 0 && after.root.headerBareLFs == 0)
        #expect(BodyStructureRenderer.render(after, extended: true) == BodyStructureRenderer.render(before, extended: true))
    }
}
