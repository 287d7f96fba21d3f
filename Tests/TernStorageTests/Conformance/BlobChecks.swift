import NIOCore
import TernStorage
import Testing

/// Put, get, head, copy, delete and key rules.
enum BlobChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("blob round trip, head, delete", roundTrip),
        ConformanceCheck("empty blob", emptyBlob),
        ConformanceCheck("overwrite replaces", overwrite),
        ConformanceCheck("declared length must match the body", lengthMismatch),
        ConformanceCheck("failed upload stores nothing", failedUpload),
        ConformanceCheck("multi-chunk streaming put and get", streaming),
        ConformanceCheck("copy", copy),
        ConformanceCheck("odd but valid keys are opaque", oddKeys),
        ConformanceCheck("invalid keys are refused", invalidKeys),
        ConformanceCheck("conditional create", conditionalCreate),
    ]

    static func roundTrip(_ store: StoreUnderTest) async throws {
        var random = SeededRandom(seed: 1)
        let bytes = random.bytes(1000)
        try await store.blobs.put("msg/one", bytes)
        #expect(try await store.blobs.head("msg/one") == BlobInfo(key: "msg/one", size: 1000))
        #expect(try await store.blobs.readAll("msg/one") == bytes)
        let read = try await store.blobs.get("msg/one")
        #expect(read.size == 1000)
        #expect(read.range == 0..<1000)

        try await store.blobs.delete("msg/one")
        #expect(try await store.blobs.head("msg/one") == nil)
        #expect(await storageErrorCode { _ = try await store.blobs.get("msg/one") } == .notFound)
        // Deletes are idempotent.
        try await store.blobs.delete("msg/one")
        try await store.blobs.delete("never/written")
        #expect(try await store.blobs.head("never/written") == nil)
        #expect(await storageErrorCode { _ = try await store.blobs.get("never/written") } == .notFound)
    }

    static func emptyBlob(_ store: StoreUnderTest) async throws {
        try await store.blobs.put("empty", [])
        #expect(try await store.blobs.head("empty")?.size == 0)
        #expect(try await store.blobs.readAll("empty") == [])
        #expect(try await store.blobs.readAll("empty", range: try BlobRange(offset: 0, length: 10)) == [])
        #expect(try await store.blobs.readAll("empty", range: try BlobRange(offset: 5)) == [])
    }

    static func overwrite(_ store: StoreUnderTest) async throws {
        try await store.blobs.put("k", Array("first version".utf8))
        try await store.blobs.put("k", Array("second".utf8))
        #expect(try await store.blobs.readAll("k") == Array("second".utf8))
        #expect(try await store.blobs.head("k")?.size == 6)
    }

    static func lengthMismatch(_ store: StoreUnderTest) async throws {
        let five = [ByteBuffer(bytes: [1, 2, 3, 4, 5])]
        #expect(
            await storageErrorCode {
                try await store.blobs.put("short", body: AsyncChunks(five), length: 6, condition: .none)
            }
                == .invalidArgument
        )
        #expect(
            await storageErrorCode {
                try await store.blobs.put("long", body: AsyncChunks(five), length: 4, condition: .none)
            }
                == .invalidArgument
        )
        #expect(try await store.blobs.head("short") == nil)
        #expect(try await store.blobs.head("long") == nil)
        // A failed replacement leaves the previous value intact.
        try await store.blobs.put("kept", [9, 9])
        _ = await storageErrorCode {
            try await store.blobs.put("kept", body: AsyncChunks(five), length: 7, condition: .none)
        }
        #expect(try await store.blobs.readAll("kept") == [9, 9])
    }

    static func failedUpload(_ store: StoreUnderTest) async throws {
        let body = FailingBody(before: [ByteBuffer(repeating: 7, count: 100_000)])
        await #expect(throws: (any Error).self) {
            try await store.blobs.put("broken", body: body, length: 300_000, condition: .none)
        }
        #expect(try await store.blobs.head("broken") == nil)
        #expect(try await store.blobs.list(prefix: "broken", startAfter: nil, limit: 10).entries.isEmpty)
    }

    static func streaming(_ store: StoreUnderTest) async throws {
        var random = SeededRandom(seed: 2)
        let bytes = random.bytes(3 * 1024 * 1024 + 17)
        let chunks = chunkedBody(bytes, sizes: [1, 65_535, 65_536, 65_537, 300_000, 7, 1_048_576])
        try await store.blobs.put("big/blob", body: AsyncChunks(chunks), length: bytes.count, condition: .none)
        #expect(try await store.blobs.head("big/blob")?.size == bytes.count)
        var received: [UInt8] = []
        var chunkCount = 0
        for try await chunk in try await store.blobs.get("big/blob").body {
            received.append(contentsOf: chunk.readableBytesView)
            chunkCount += 1
        }
        #expect(received == bytes)
        // A body that arrives in one piece would defeat bounded memory.
        #expect(chunkCount > 1)
    }

    static func copy(_ store: StoreUnderTest) async throws {
        var random = SeededRandom(seed: 3)
        let bytes = random.bytes(200_000)
        try await store.blobs.put("src/a", bytes)
        try await store.blobs.copy(from: "src/a", to: "dst/b")
        #expect(try await store.blobs.readAll("dst/b") == bytes)
        #expect(try await store.blobs.readAll("src/a") == bytes)
        // Copy replaces an existing destination; the source stays.
        try await store.blobs.put("dst/c", [1, 2, 3])
        try await store.blobs.copy(from: "src/a", to: "dst/c")
        #expect(try await store.blobs.readAll("dst/c") == bytes)
        #expect(await storageErrorCode { try await store.blobs.copy(from: "src/missing", to: "dst/d") } == .notFound)
        #expect(try await store.blobs.head("dst/d") == nil)
    }

    /// Keys are opaque strings: dots, slashes, percent signs and non-ASCII are data, not paths.
    static let oddKeys: [String] = [
        "..", ".", "../escape", "../../etc/passwd", "./x", "a/../b", "/leading", "trailing/", "a//b", "%2e%2e",
        "UPPER/lower", "upper/lower", "sp ace", "ümlaut/ключ/键", "a:b*c?d\"e<f>g|h", "~tilde", "f", "d",
    ]

    static func oddKeys(_ store: StoreUnderTest) async throws {
        for (index, key) in oddKeys.enumerated() {
            try await store.blobs.put(key, [UInt8(index)])
        }
        for (index, key) in oddKeys.enumerated() {
            #expect(try await store.blobs.readAll(key) == [UInt8(index)], "key \(key.debugDescription)")
        }
        let listed = try await listAll(store.blobs, prefix: "")
        #expect(listed == oddKeys.sorted(by: StorageKey.precedes))
        for key in oddKeys { try await store.blobs.delete(key) }
        #expect(try await listAll(store.blobs, prefix: "").isEmpty)
    }

    static func invalidKeys(_ store: StoreUnderTest) async throws {
        let invalid = [
            "", "new\nline", "nul\u{0}", "tab\tkey", String(repeating: "k", count: StorageKey.maxBlobKeyBytes + 1),
        ]
        for key in invalid {
            #expect(
                await storageErrorCode { try await store.blobs.put(key, [1]) } == .invalidArgument,
                "\(key.debugDescription)"
            )
            #expect(await storageErrorCode { _ = try await store.blobs.get(key) } == .invalidArgument)
            #expect(await storageErrorCode { try await store.blobs.delete(key) } == .invalidArgument)
        }
        #expect(
            await storageErrorCode { _ = try await store.blobs.list(prefix: "", startAfter: nil, limit: 0) }
                == .invalidArgument
        )
        #expect(
            await storageErrorCode { _ = try await store.blobs.list(prefix: "", startAfter: nil, limit: 1001) }
                == .invalidArgument
        )
    }

    static func conditionalCreate(_ store: StoreUnderTest) async throws {
        try await store.blobs.put("once", [1], condition: .ifAbsent)
        if store.blobs.capabilities.conditionalCreate {
            #expect(
                await storageErrorCode { try await store.blobs.put("once", [2], condition: .ifAbsent) }
                    == .alreadyExists
            )
            #expect(try await store.blobs.readAll("once") == [1])
        } else {
            // Without support, ifAbsent is an ordinary write (correctness never depends on it).
            try await store.blobs.put("once", [2], condition: .ifAbsent)
            #expect(try await store.blobs.readAll("once") == [2])
        }
    }
}

/// Every key under `prefix`, following pagination with the given page size.
func listAll(_ blobs: any BlobStore, prefix: String, pageSize: Int = 1000) async throws -> [String] {
    var keys: [String] = []
    var after: String?
    while true {
        let page = try await blobs.list(prefix: prefix, startAfter: after, limit: pageSize)
        keys += page.entries.map(\.key)
        guard let next = page.nextStartAfter else { return keys }
        after = next
    }
}
