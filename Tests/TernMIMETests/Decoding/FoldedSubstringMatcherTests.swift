import NIOCore
import Testing

@testable import TernMIME

@Suite struct FoldedSubstringMatcherTests {
    @Test(arguments: [
        ("Hello World", "WORLD", true),
        ("Straße", "STRASSE", true),
        ("STRASSE", "straße", true),
        ("ΟΔΥΣΣΕΥΣ", "οδυσσευς", true),  // final sigma
        ("Ǆemal", "ǆEMAL", true),
        ("Kelvin: 5 K", "5 k", true),  // U+212A KELVIN SIGN folds to k
        ("aaab", "aab", true),  // KMP fallback
        ("abcabd", "abd", true),
        ("hello", "world", false),
        ("anything", "", true),
        ("", "x", false),
        ("Привет МИР", "мир", true),
    ])
    func matches(text: String, needle: String, expected: Bool) {
        var matcher = FoldedSubstringMatcher(needle: needle)
        matcher.feed(Array(text.utf8))
        let result = matcher.finish()
        #expect(result == expected)
    }

    @Test func everySplitGivesTheSameAnswer() {
        let text = Array("Grüße aus Köln — ΟΔΥΣΣΕΥΣ 😀 STRASSE end".utf8)
        for needle in ["köln", "odysseus", "οδυσσευς", "😀 s", "straße end", "nope"] {
            var whole = FoldedSubstringMatcher(needle: needle)
            whole.feed(text)
            let expected = whole.finish()
            for cut in 0...text.count {
                var matcher = FoldedSubstringMatcher(needle: needle)
                matcher.feed(ByteBuffer(bytes: text[..<cut]))
                matcher.feed(ByteBuffer(bytes: text[cut...]))
                let result = matcher.finish()
                #expect(result == expected, "needle \(needle), cut \(cut)")
            }
            var byteAtATime = FoldedSubstringMatcher(needle: needle)
            for byte in text { byteAtATime.feed(ByteBuffer(bytes: [byte])) }
            let result = byteAtATime.finish()
            #expect(result == expected, "needle \(needle), byte at a time")
        }
    }

    @Test func randomizedAgainstNaiveSearch() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let alphabet: [Character] = ["a", "A", "b", "ß", "s", "S", "é", "É", "😀"]
        for _ in 0..<500 {
            let text = String(
                (0..<Int.random(in: 0...30, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            )
            let needle = String(
                (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            )
            let expected = Self.scalarsContain(CaseFolding.fold(text), CaseFolding.fold(needle))
            let bytes = Array(text.utf8)
            let cut = Int.random(in: 0...bytes.count, using: &random)
            var matcher = FoldedSubstringMatcher(needle: needle)
            matcher.feed(ByteBuffer(bytes: bytes[..<cut]))
            matcher.feed(ByteBuffer(bytes: bytes[cut...]))
            let result = matcher.finish()
            #expect(result == expected, "seed \(seed), text \(text), needle \(needle), cut \(cut)")
        }
    }

    static func scalarsContain(_ text: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard needle.count <= text.count else { return needle.isEmpty }
        for start in 0...(text.count - needle.count) where Array(text[start..<(start + needle.count)]) == needle {
            return true
        }
        return false
    }

    @Test func invalidUTF8IsReadAsReplacement() {
        var matcher = FoldedSubstringMatcher(needle: "a\u{FFFD}b")
        matcher.feed([0x61, 0xFF, 0x62])
        let result = matcher.finish()
        #expect(result)
    }

    @Test func asyncContainsStopsAtMatch() async throws {
        let stream = AsyncStream<ByteBuffer> { continuation in
            continuation.yield(ByteBuffer(string: "first chunk HEL"))
            continuation.yield(ByteBuffer(string: "LO second"))
            continuation.finish()
        }
        #expect(try await stream.containsFolded("hello"))
    }
}
