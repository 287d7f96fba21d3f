import Foundation
import NIOCore
import Testing
import TernMIME

@Suite struct MessageStructureEncodingTests {
    @Test func binaryRoundTripForEveryMessage() throws {
        for (name, bytes) in try MIMEFixtures.allMessages() {
            let s = MIMEScanner.scan(bytes)
            let encoded = s.binaryEncoded()
            #expect(try MessageStructure(binary: encoded) == s, "\(name)")
            var buffer = ByteBuffer()
            s.binaryEncoded(into: &buffer)
            #expect(try MessageStructure(binary: buffer) == s, "\(name) via ByteBuffer")
        }
    }

    /// The decoder reads contiguous bytes in place; any other collection is copied first. Both give
    /// the same structure, and decoding then encoding again gives the stored bytes back exactly.
    @Test func decodingIsExactForContiguousAndOtherCollections() throws {
        for (name, bytes) in try MIMEFixtures.allMessages() {
            let encoded = MIMEScanner.scan(bytes).binaryEncoded()
            let fromArray = try MessageStructure(binary: encoded)
            #expect(fromArray.binaryEncoded() == encoded, "\(name)")
            #expect(try MessageStructure(binary: encoded.lazy.map { $0 }) == fromArray, "\(name) non-contiguous")
            let padded = [0xAA] + encoded + [0xBB]
            #expect(try MessageStructure(binary: padded[1..<(padded.count - 1)]) == fromArray, "\(name) slice")
        }
    }

    @Test func codableRoundTrip() throws {
        let s = MIMEScanner.scan(try MIMEFixtures.load("rfc822.eml"))
        let json = try JSONEncoder().encode(s)
        #expect(try JSONDecoder().decode(MessageStructure.self, from: json) == s)
    }

    @Test func overDeepStoredTreeIsRejected() {
        // kind, 7 sizes, presence mask, 2 empty parameter lists, one child: nested beyond the ceiling.
        let node: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        var bytes: [UInt8] = [1, 0, 0]
        for _ in 0..<(MIMEScanLimits.depthCeiling + 10) { bytes += node }
        #expect(throws: MIMEStructureDecodingError.self) { try MessageStructure(binary: bytes) }
        #expect(MIMEScanLimits(maxDepth: 1_000_000).maxDepth == MIMEScanLimits.depthCeiling)
    }

    @Test func encodingIsCompact() throws {
        let bytes = try MIMEFixtures.load("alternative.eml")
        let encoded = MIMEScanner.scan(bytes).binaryEncoded()
        #expect(encoded.count < 200)  // a 272-byte message with 3 nodes
    }

    @Test func corruptInputThrowsInsteadOfTrapping() throws {
        let encoded = MIMEScanner.scan(try MIMEFixtures.load("rfc822.eml")).binaryEncoded()
        for cut in 0..<encoded.count {
            #expect(throws: MIMEStructureDecodingError.self) { try MessageStructure(binary: encoded[..<cut]) }
        }
        #expect(throws: MIMEStructureDecodingError.self) { try MessageStructure(binary: encoded + [0]) }
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            var corrupt = encoded
            corrupt[Int(rng.next() % UInt64(corrupt.count))] = UInt8(truncatingIfNeeded: rng.next())
            _ = try? MessageStructure(binary: corrupt)  // must not trap
        }
        #expect(throws: MIMEStructureDecodingError.self) { try MessageStructure(binary: [9]) }
    }
}
