import NIOCore
import TernStorage
import Testing

/// Concurrent writers and readers: every write lands whole, none is mixed with another.
enum ConcurrencyChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("concurrent writers of distinct blobs", distinctBlobs),
        ConformanceCheck("concurrent writers of one blob never mix", sameBlob),
        ConformanceCheck("concurrent conditional creates", racingCreates),
        ConformanceCheck("concurrent row writers", rowWriters),
    ]

    static func distinctBlobs(_ store: StoreUnderTest) async throws {
        let blobs = store.blobs
        let items = (0..<64).map { index -> (String, [UInt8]) in
            var random = SeededRandom(seed: 100 + UInt64(index))
            return ("concurrent/\(index)", random.bytes(Int(random.next() % 200_000)))
        }
        try await forEachConcurrently(items, width: 16) { key, bytes in
            let chunks = chunkedBody(bytes, sizes: [10_000, 65_536, 3])
            try await blobs.put(key, body: AsyncChunks(chunks), length: bytes.count, condition: .none)
        }
        for (key, bytes) in items {
            #expect(try await blobs.readAll(key) == bytes, "\(key)")
        }
        #expect(try await listAll(blobs, prefix: "concurrent/").count == 64)
    }

    static func sameBlob(_ store: StoreUnderTest) async throws {
        let blobs = store.blobs
        // Writer i writes (i+1) * 20,000 bytes of value i: a mixed result would show two values or a wrong size.
        let writers = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let bytes = [UInt8](repeating: UInt8(writer), count: (writer + 1) * 20_000)
                    try await blobs.put(
                        "contended",
                        body: AsyncChunks(chunkedBody(bytes, sizes: [7_000])),
                        length: bytes.count,
                        condition: .none
                    )
                }
                group.addTask {
                    do {
                        let seen = try await blobs.readAll("contended")
                        try check(seen)
                    } catch let error as StorageError where error.code == .notFound {
                        // Read before any writer finished.
                    }
                }
            }
            try await group.waitForAll()
        }
        try check(try await blobs.readAll("contended"))

        func check(_ seen: [UInt8]) throws {
            let value = try #require(seen.first)
            #expect(seen.count == (Int(value) + 1) * 20_000)
            #expect(seen.allSatisfy { $0 == value })
        }
    }

    static func racingCreates(_ store: StoreUnderTest) async throws {
        let blobs = store.blobs
        let rows = store.rows
        let racers = 12
        let blobWinners = try await withThrowingTaskGroup(of: UInt8?.self) { group in
            for racer in 0..<racers {
                group.addTask {
                    do {
                        try await blobs.put("race", [UInt8(racer)], condition: .ifAbsent)
                        return UInt8(racer)
                    } catch let error as StorageError where error.code == .alreadyExists {
                        return nil
                    }
                }
            }
            return try await group.reduce(into: [UInt8]()) { if let winner = $1 { $0.append(winner) } }
        }
        let rowWinners = try await withThrowingTaskGroup(of: String?.self) { group in
            for racer in 0..<racers {
                group.addTask {
                    do {
                        try await rows.put(
                            partition: "race",
                            sort: "1",
                            value: ByteBuffer(string: "\(racer)"),
                            condition: .ifAbsent
                        )
                        return "\(racer)"
                    } catch let error as StorageError where error.code == .alreadyExists {
                        return nil
                    }
                }
            }
            return try await group.reduce(into: [String]()) { if let winner = $1 { $0.append(winner) } }
        }
        let stored = try await blobs.readAll("race")
        let storedRow = try await rows.get(partition: "race", sort: "1").map { String(buffer: $0) }
        if blobs.capabilities.conditionalCreate && store.conditionalCreateIsAtomic {
            #expect(blobWinners.count == 1)
            #expect(stored == blobWinners)
        } else if blobs.capabilities.conditionalCreate {
            #expect(!blobWinners.isEmpty)
            #expect(stored.count == 1 && blobWinners.contains(stored[0]))
        } else {
            #expect(blobWinners.count == racers)
            #expect(stored.count == 1)
        }
        if rows.capabilities.conditionalCreate && store.conditionalCreateIsAtomic {
            #expect(rowWinners.count == 1)
            #expect(storedRow == rowWinners.first)
        } else if rows.capabilities.conditionalCreate {
            #expect(!rowWinners.isEmpty)
            #expect(storedRow.map(rowWinners.contains) == true)
        } else {
            #expect(rowWinners.count == racers)
        }
    }

    static func rowWriters(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        let keys = (0..<16).flatMap { writer in (0..<40).map { "\(String(1000 + $0).dropFirst())-\(writer)" } }
        try await forEachConcurrently(keys, width: 16) { sort in
            try await rows.put(partition: "mbox/c/log", sort: sort, value: ByteBuffer(string: sort))
        }
        var listed: [Row] = []
        var after: String?
        repeat {
            let page = try await rows.list(partition: "mbox/c/log", after: after, limit: 200)
            listed += page.rows
            after = page.nextAfter
        } while after != nil
        #expect(listed.map(\.sort) == keys.sorted(by: StorageKey.precedes))
        #expect(listed.allSatisfy { $0.value == ByteBuffer(string: $0.sort) })
    }
}
