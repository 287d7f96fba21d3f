import Testing

@testable import TernCrypto

/// Seeded random edits of random blobs: any change to the bytes must fail to open, never yield
/// different plaintext. (The seed is printed with every failure.)
@Suite struct RandomTamperingTests {
    @Test func randomEditsNeverOpen() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededBytes(seed: seed)
        for round in 0..<300 {
            let chunkSize = random.int(in: 1...40)
            let plaintext = random.bytes(random.int(in: 0...200))
            let sealed = try sealAll(plaintext, chunkSize: chunkSize)
            var edited = sealed
            switch random.int(in: 0...3) {
            case 0:  // overwrite a run of bytes
                let start = random.int(in: 0...(edited.count - 1))
                for index in start..<min(edited.count, start + random.int(in: 1...8)) {
                    edited[index] = UInt8(truncatingIfNeeded: random.next())
                }
            case 1:  // delete a run of bytes
                let start = random.int(in: 0...(edited.count - 1))
                edited.removeSubrange(start..<min(edited.count, start + random.int(in: 1...40)))
            case 2:  // insert bytes
                edited.insert(contentsOf: random.bytes(random.int(in: 1...40)), at: random.int(in: 0...edited.count))
            default:  // move a run of bytes elsewhere
                let start = random.int(in: 0...(edited.count - 1))
                let run = Array(edited[start..<min(edited.count, start + random.int(in: 1...60))])
                edited.removeSubrange(start..<(start + run.count))
                edited.insert(contentsOf: run, at: random.int(in: 0...edited.count))
            }
            guard edited != sealed else { continue }
            #expect(throws: TernCryptoError.self, "seed \(seed) round \(round)") { try openAll(edited) }
        }
    }
}
