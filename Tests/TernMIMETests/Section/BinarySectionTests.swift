import NIOCore
import Testing
import TernMIME

@Suite struct BinarySectionTests {
    @Test func base64PartDecodesAndHasSize() throws {
        let bytes = try MIMEFixtures.load("rfc822.eml")
        let s = MIMEScanner.scan(bytes)
        guard case .decode(let range, let encoding, nil) = BinarySection.resolve(part: [3], in: s) else {
            Issue.record("part 3 must resolve to a decode")
            return
        }
        #expect(encoding == .base64)
        let body = ByteBuffer(bytes: bytes[range.offset..<range.end])
        #expect(BinarySection.decodedSize(of: [body], encoding: encoding) == 9)  // "%PDF-1.4\n"
        var chunks: [ByteBuffer] = []
        for b in bytes[range.offset..<range.end] { chunks.append(ByteBuffer(bytes: [b])) }
        #expect(BinarySection.decodedSize(of: chunks, encoding: encoding) == 9)
    }

    @Test func identityCompositeMissingAndUnknown() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("rfc822.eml"))
        #expect(BinarySection.resolve(part: [1], in: s)
            == .decode(range: s.root.children[0].bodyRange, encoding: .identity, partial: nil))
        #expect(BinarySection.resolve(part: [2], in: s)
            == .decode(range: s.root.children[1].bodyRange, encoding: .identity, partial: nil))
        #expect(BinarySection.resolve(part: [9], in: s) == .missing)
        let uu = MIMEScanner.scan(MIMEFixtures.crlf("Content-Type: text/plain\nContent-Transfer-Encoding: X-UUENCODE\n\nbegin"))
        #expect(BinarySection.resolve(part: [1], in: uu) == .unknownEncoding(Array("X-UUENCODE".utf8)))
        #expect(BinarySection.resolve(part: [], in: uu)
            == .decode(range: ByteRange(offset: 0, count: uu.size), encoding: .identity, partial: nil))
    }

    /// RFC 2045 4 keeps Content-* fields out of BODYSTRUCTURE without MIME-Version, but Dovecot
    /// still decodes BINARY and SEARCH by the Content-Transfer-Encoding (checked against 2.3.19).
    @Test func transferEncodingWithoutMIMEVersionStillDecodesBinary() throws {
        let s = MIMEScanner.scan(MIMEFixtures.crlf("Subject: b64\nContent-Transfer-Encoding: base64\n\naGk=\n"))
        #expect(s.root.content.transferEncoding == nil)  // BODYSTRUCTURE says 7bit, as Dovecot
        guard case .decode(let range, let encoding, nil) = BinarySection.resolve(part: [1], in: s) else {
            Issue.record("part 1 must resolve to a decode")
            return
        }
        #expect(encoding == .base64)
        #expect(range == s.root.bodyRange)
    }
}
