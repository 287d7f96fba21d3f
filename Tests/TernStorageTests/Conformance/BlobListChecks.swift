import NIOCore
import TernStorage
import Testing

/// Listing by prefix: order, pagination, many keys, prefixes that end mid-segment.
enum BlobListChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("list 2,500 keys with pagination", manyKeys),
        ConformanceCheck("list order and prefix edges", orderAndPrefixes),
    ]

    static func manyKeys(_ store: StoreUnderTest) async throws {
        let keys = (0..<2500).map { "many/k\(String(10_000 + $0 * 7919 % 2500).dropFirst())" }
        let decoys = ["man", "many", "many0/x", "manz/y", "manx"]
        try await forEachConcurrently(keys + decoys, width: 16) { key in
            try await store.blobs.put(key, Array(key.utf8))
        }
        let expected = keys.sorted(by: StorageKey.precedes)

        let first = try await store.blobs.list(prefix: "many/", startAfter: nil, limit: 1000)
        #expect(first.entries.count == 1000)
        #expect(first.nextStartAfter == expected[999])
        #expect(first.entries.first == BlobInfo(key: expected[0], size: expected[0].utf8.count))

        #expect(try await listAll(store.blobs, prefix: "many/") == expected)
        #expect(try await listAll(store.blobs, prefix: "many/", pageSize: 333) == expected)

        // Resume from any key, present or not.
        let middle = try await store.blobs.list(prefix: "many/", startAfter: expected[1234], limit: 5)
        #expect(middle.entries.map(\.key) == Array(expected[1235..<1240]))
        let between = try await store.blobs.list(prefix: "many/", startAfter: "many/k1234x", limit: 2)
        #expect(between.entries.map(\.key) == ["many/k1235", "many/k1236"])
        let last = try await store.blobs.list(prefix: "many/", startAfter: expected[2497], limit: 1000)
        #expect(last.entries.map(\.key) == Array(expected[2498...]))
        #expect(last.nextStartAfter == nil)
        let beyond = try await store.blobs.list(prefix: "many/", startAfter: "many/z", limit: 10)
        #expect(beyond.entries.isEmpty && beyond.nextStartAfter == nil)

        // A prefix ending mid-segment.
        #expect(try await listAll(store.blobs, prefix: "many/k12") == expected.filter { $0.hasPrefix("many/k12") })
        #expect(try await listAll(store.blobs, prefix: "man") == (expected + decoys).sorted(by: StorageKey.precedes))
    }

    static func orderAndPrefixes(_ store: StoreUnderTest) async throws {
        // '-' (0x2D) < '/' (0x2F) < '0' (0x30): key order is not directory order.
        let keys = ["a", "a-c", "a/b", "a/b/c", "a/b-c", "a/bc", "a0", "b", "ab/c", "é", "z/z/z/z"]
        for key in keys.shuffled() { try await store.blobs.put(key, [1]) }
        let sorted = keys.sorted(by: StorageKey.precedes)
        #expect(try await listAll(store.blobs, prefix: "") == sorted)
        #expect(try await listAll(store.blobs, prefix: "", pageSize: 1) == sorted)
        #expect(
            try await listAll(store.blobs, prefix: "a/")
                == ["a/b", "a/b/c", "a/b-c", "a/bc"].sorted(by: StorageKey.precedes)
        )
        #expect(
            try await listAll(store.blobs, prefix: "a/b")
                == ["a/b", "a/b/c", "a/b-c", "a/bc"].sorted(by: StorageKey.precedes)
        )
        #expect(try await listAll(store.blobs, prefix: "a/b/") == ["a/b/c"])
        #expect(try await listAll(store.blobs, prefix: "a") == sorted.filter { $0.hasPrefix("a") })
        #expect(try await listAll(store.blobs, prefix: "nothing").isEmpty)
        let afterSubtree = try await store.blobs.list(prefix: "", startAfter: "a/b/c", limit: 3)
        #expect(
            afterSubtree.entries.map(\.key)
                == Array(sorted.drop { StorageKey.precedes($0, "a/b/c") || $0 == "a/b/c" }.prefix(3))
        )
    }
}

/// Runs `body` for every element with at most `width` running at once.
func forEachConcurrently<T: Sendable>(
    _ items: [T],
    width: Int,
    _ body: @escaping @Sendable (T) async throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var iterator = items.makeIterator()
        for _ in 0..<width {
            guard let item = iterator.next() else { break }
            group.addTask { try await body(item) }
        }
        while try await group.next() != nil {
            if let item = iterator.next() { group.addTask { try await body(item) } }
        }
    }
}
