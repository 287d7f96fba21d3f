import Testing

@testable import TernAuth

@Suite struct Argon2idTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
    }

    /// RFC 7693 appendix A and the BLAKE2 reference vectors.
    @Test func blake2b() {
        #expect(
            Blake2b.hash(Array("abc".utf8), digestLength: 64)
                == Self.hex(
                    """
                    ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc95\
                    18d38aa8dbf1925ab92386edd4009923
                    """
                )
        )
        #expect(
            Blake2b.hash([], digestLength: 64)
                == Self.hex(
                    """
                    786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b\
                    903a685b1448b755d56f701afe9be2ce
                    """
                )
        )
    }

    /// RFC 9106 section 5.3: Argon2id, m = 32 KiB, t = 3, p = 4, with secret and associated data.
    @Test func rfc9106TestVector() {
        let tag = Argon2id.hash(
            password: [UInt8](repeating: 0x01, count: 32),
            salt: [UInt8](repeating: 0x02, count: 16),
            secret: [UInt8](repeating: 0x03, count: 8),
            associatedData: [UInt8](repeating: 0x04, count: 12),
            parameters: .init(memoryKiB: 32, iterations: 3, parallelism: 4),
            tagLength: 32
        )
        #expect(tag == Self.hex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"))
    }
}
