import TernAuth
import Testing

@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
        let unpadded = String(encoded.prefix { $0 != "=" })
        #expect(Base64.encode(Array(plain.utf8), padded: false) == unpadded)
        #expect(Base64.decodeUnpadded(Array(unpadded.utf8)) == Array(plain.utf8))
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zg===", "Z===", "Zm9v=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Z=g=", "=Zg=", "Zm*v", "====",
        "Zm9vYg=a",
    ])
    func strictDecodingRefuses(text: String) {
        #expect(Base64.decode(text) == nil, "\(text.debugDescription)")
    }

    @Test func randomRoundTrip() {
        let seed = UInt64.random(in: 0 ... .max)
        var generator = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<70, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes, "seed \(seed)")
            #expect(Base64.decodeUnpadded(Array(Base64.encode(bytes, padded: false).utf8)) == bytes, "seed \(seed)")
        }
    }
}

/// A small deterministic generator so randomized tests can be replayed from their printed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
