import Testing

@testable import TernCrypto

@Suite struct SealedStreamLayoutTests {
    let layout = SealedStreamLayout(chunkSize: 16)

    @Test func lengthsFollowTheFormula() {
        #expect(layout.ciphertextLength(plaintextLength: 0) == 28 + 16)
        #expect(layout.ciphertextLength(plaintextLength: 1) == 28 + 1 + 16)
        #expect(layout.ciphertextLength(plaintextLength: 16) == 28 + 16 + 16)
        #expect(layout.ciphertextLength(plaintextLength: 17) == 28 + 17 + 32)
        #expect(layout.ciphertextLength(plaintextLength: 32) == 28 + 32 + 32)
    }

    @Test func plaintextLengthInvertsCiphertextLength() throws {
        for length in 0...200 {
            let sealed = layout.ciphertextLength(plaintextLength: length)
            #expect(try layout.plaintextLength(ciphertextLength: sealed) == length, "length \(length)")
        }
    }

    @Test func impossibleCiphertextLengthsAreRejected() {
        // Too short for a tag; a partial chunk of only a tag after full chunks; a chunk of 1...15 bytes.
        for length in [0, 27, 28, 28 + 15, 28 + 32 + 16, 28 + 32 + 5, 28 + 8] {
            #expect(throws: TernCryptoError.self, "length \(length)") {
                try layout.plaintextLength(ciphertextLength: length)
            }
        }
    }

    @Test func sealedSizesMatchTheLayout() throws {
        for length in [0, 1, 15, 16, 17, 32, 33, 100] {
            let sealed = try sealAll(Array(repeating: 7, count: length), chunkSize: 16)
            #expect(sealed.count == layout.ciphertextLength(plaintextLength: length), "length \(length)")
        }
    }

    @Test func planAtChunkBoundaries() {
        // 40 bytes in chunks of 16: chunks 0..<16, 16..<32, 32..<40.
        let plan = layout.readPlan(plaintextRange: 16..<32, plaintextLength: 40)
        #expect(plan.preambleRange == 0..<28)
        #expect(plan.ciphertextRange == (28 + 32)..<(28 + 64))
        #expect(plan.firstChunkIndex == 1)
        #expect(!plan.includesFinalChunk)
        #expect(plan.skipBytes == 0 && plan.keepBytes == 16)

        let tail = layout.readPlan(plaintextRange: 31..<40, plaintextLength: 40)
        #expect(tail.ciphertextRange == (28 + 32)..<(28 + 40 + 48))
        #expect(tail.firstChunkIndex == 1 && tail.includesFinalChunk)
        #expect(tail.skipBytes == 15 && tail.keepBytes == 9)
    }

    @Test func planClampsToTheBlob() {
        let beyond = layout.readPlan(plaintextRange: 50..<60, plaintextLength: 40)
        #expect(beyond.keepBytes == 0 && beyond.ciphertextRange.isEmpty)
        let overlapping = layout.readPlan(plaintextRange: 35..<1000, plaintextLength: 40)
        #expect(overlapping.keepBytes == 5 && overlapping.includesFinalChunk)
    }
}
