import NIOCore
import TernCrypto
import TernStorage
import Testing

/// The blob conformance suite through the encryption wrapper, plus what only a wrapper can get
/// wrong: plaintext at rest, and objects tampered with or moved in the base store.
@Suite struct EncryptedBlobStoreTests {
    static let keys = UserKeys.generate()

    static func encryptedMemory() throws -> (store: EncryptedBlobStore<MemoryStore>, base: MemoryStore) {
        let base = MemoryStore()
        return (try EncryptedBlobStore(base: base, keys: keys), base)
    }

    static var blobChecks: [ConformanceCheck] {
        BlobChecks.all + BlobRangeChecks.all + BlobListChecks.all
    }

    @Test(arguments: blobChecks)
    func conformance(_ check: ConformanceCheck) async throws {
        try await check.run(on: {
            let (store, base) = try Self.encryptedMemory()
            return StoreUnderTest(
                name: "encrypted(memory)",
                blobs: store,
                rows: base,
                watchHub: base.watchHub,
                signalsSynchronously: true
            )
        })
    }

    @Test func noPlaintextAtRest() async throws {
        let (store, base) = try Self.encryptedMemory()
        let message = Array("Subject: quarterly numbers\r\nFrom: alice@example.org\r\n\r\nsecret body words".utf8)
        try await store.put("msg/1", message)
        let raw = try await base.readAll("msg/1")
        #expect(
            raw.count
                == SealedStreamLayout(chunkSize: SealedStreamHeader.defaultChunkSize).ciphertextLength(
                    plaintextLength: message.count
                )
        )
        for needle in ["quarterly", "alice@example.org", "secret body"] {
            #expect(!contains(raw, Array(needle.utf8)), "\(needle) visible at rest")
        }
        #expect(try await store.readAll("msg/1") == message)
        #expect(try await store.head("msg/1")?.size == message.count)
    }

    @Test func tamperedObjectsFailWithIntegrity() async throws {
        let (store, base) = try Self.encryptedMemory()
        var random = SeededRandom(seed: 41)
        let bytes = random.bytes(200_000)
        try await store.put("msg/2", bytes)
        var raw = try await base.readAll("msg/2")
        raw[100_000] ^= 0x01
        try await base.put("msg/2", raw)
        #expect(await storageErrorCode { _ = try await store.readAll("msg/2") } == .integrity)
        #expect(
            await storageErrorCode {
                _ = try await store.readAll("msg/2", range: try BlobRange(offset: 99_000, length: 10))
            } == .integrity
        )
        // Ranges away from the damaged chunk still read (chunks authenticate independently).
        #expect(
            try await store.readAll("msg/2", range: try BlobRange(offset: 0, length: 10)) == Array(bytes.prefix(10))
        )

        try await base.put("msg/2", Array(raw.prefix(raw.count - 100)))
        #expect(await storageErrorCode { _ = try await store.readAll("msg/2") } == .integrity)
    }

    @Test func objectsMovedInTheBaseStoreFailToOpen() async throws {
        let (store, base) = try Self.encryptedMemory()
        try await store.put("msg/a", Array("for a".utf8))
        // The operator swaps objects between keys: the blob id (the key) no longer matches.
        try await base.copy(from: "msg/a", to: "msg/b")
        #expect(await storageErrorCode { _ = try await store.readAll("msg/b") } == .integrity)
        // A copy through the wrapper re-seals, so it opens.
        try await store.copy(from: "msg/a", to: "msg/c")
        #expect(try await store.readAll("msg/c") == Array("for a".utf8))
    }

    @Test func otherUsersKeysCannotRead() async throws {
        let base = MemoryStore()
        let alice = try EncryptedBlobStore(base: base, keys: Self.keys)
        let mallory = try EncryptedBlobStore(base: base, keys: UserKeys.generate())
        try await alice.put("msg/x", Array("private".utf8))
        #expect(await storageErrorCode { _ = try await mallory.readAll("msg/x") } == .integrity)
    }

    @Test func smallChunksMakeManyRangesExact() async throws {
        let store = try EncryptedBlobStore(base: MemoryStore(), keys: Self.keys, chunkSize: 16)
        var random = SeededRandom(seed: 42)
        let bytes = random.bytes(100)
        try await store.put("msg/small", bytes)
        for offset in [0, 1, 15, 16, 17, 31, 32, 99, 100] {
            for length in [0, 1, 15, 16, 17, 50, 200] {
                let read = try await store.readAll("msg/small", range: try BlobRange(offset: offset, length: length))
                let start = min(offset, 100)
                #expect(read == Array(bytes[start..<min(100, start + length)]), "offset \(offset) length \(length)")
            }
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains {
            haystack[$0..<($0 + needle.count)].elementsEqual(needle)
        }
    }
}
