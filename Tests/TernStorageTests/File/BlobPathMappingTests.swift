import Testing

@testable import TernStorage

@Suite("BlobPathMapping")
struct BlobPathMappingTests {
    @Test func layout() throws {
        #expect(try BlobPathMapping.relativePath(forKey: "msg/0a1b") == "dmsg/f0a1b")
        #expect(try BlobPathMapping.relativePath(forKey: "..") == "f..")
        #expect(try BlobPathMapping.relativePath(forKey: "../etc/passwd") == "d../detc/fpasswd")
        #expect(try BlobPathMapping.relativePath(forKey: "/x") == "d/fx")
        #expect(try BlobPathMapping.relativePath(forKey: "a/") == "da/f")
        #expect(try BlobPathMapping.relativePath(forKey: "A%b c") == "f%41%25b%20c")
    }

    /// No mapped path component is `.`, `..` or empty, and decoding gives the key back.
    @Test func randomKeysRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0001
        var random = SeededRandom(seed: seed)
        let alphabet = Array("aZ09./%-_~ é\u{7F}ключ".unicodeScalars).filter { $0.value >= 0x20 && $0.value != 0x7F }
        for _ in 0..<2000 {
            let length = Int(random.next() % 40) + 1
            var key = ""
            for _ in 0..<length { key.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            let path = try BlobPathMapping.relativePath(forKey: key)
            let names = path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(
                names.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." },
                "seed \(seed): \(key.debugDescription) -> \(path)"
            )
            let decoded = names.map { BlobPathMapping.entry(forName: String($0)) }
            #expect(decoded.dropLast().allSatisfy { $0?.isDirectory == true }, "seed \(seed)")
            #expect(decoded.last??.isDirectory == false, "seed \(seed)")
            #expect(
                decoded.compactMap { $0?.segment }.joined(separator: "/") == key,
                "seed \(seed): \(key.debugDescription)"
            )
        }
    }

    @Test func rejectsForeignNames() {
        #expect(BlobPathMapping.entry(forName: "x123") == nil)
        #expect(BlobPathMapping.entry(forName: "") == nil)
        #expect(BlobPathMapping.entry(forName: "fA") == nil)
        #expect(BlobPathMapping.entry(forName: "f%2") == nil)
        #expect(BlobPathMapping.entry(forName: "f%61") == nil)  // 'a' is never escaped
        #expect(BlobPathMapping.entry(forName: "f%ff") == nil)  // not UTF-8
    }

    @Test func longSegmentsAreRefused() {
        #expect(throws: StorageError.self) {
            try BlobPathMapping.relativePath(forKey: String(repeating: "A", count: 100))
        }
        #expect(throws: Never.self) {
            try BlobPathMapping.relativePath(forKey: String(repeating: "a", count: 254))
        }
    }
}
