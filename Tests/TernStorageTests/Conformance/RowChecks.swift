import NIOCore
import TernStorage
import Testing

/// Rows: put/get/delete, range listing with start-after and limit, partition isolation, key rules.
enum RowChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("row round trip", roundTrip),
        ConformanceCheck("row range listing and pagination", rangeListing),
        ConformanceCheck("partitions are isolated", isolation),
        ConformanceCheck("row key and value rules", rules),
        ConformanceCheck("row conditional create", conditionalCreate),
    ]

    static func roundTrip(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        #expect(try await rows.get(partition: "mbox/1/log", sort: "0001") == nil)
        try await rows.put(partition: "mbox/1/log", sort: "0001", value: ByteBuffer(string: "first"))
        #expect(try await rows.get(partition: "mbox/1/log", sort: "0001") == ByteBuffer(string: "first"))
        try await rows.put(partition: "mbox/1/log", sort: "0001", value: ByteBuffer(string: "replaced"))
        #expect(try await rows.get(partition: "mbox/1/log", sort: "0001") == ByteBuffer(string: "replaced"))
        try await rows.put(partition: "mbox/1/log", sort: "empty", value: ByteBuffer())
        #expect(try await rows.get(partition: "mbox/1/log", sort: "empty") == ByteBuffer())
        try await rows.delete(partition: "mbox/1/log", sort: "0001")
        #expect(try await rows.get(partition: "mbox/1/log", sort: "0001") == nil)
        try await rows.delete(partition: "mbox/1/log", sort: "0001")
        try await rows.delete(partition: "never/written", sort: "x")
    }

    static func rangeListing(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        let partition = "mbox/range/log"
        let sorts = (0..<1200).map { "\(String(100_000 + $0 * 7 % 1200).dropFirst())-w" }
        try await forEachConcurrently(sorts, width: 16) { sort in
            try await rows.put(partition: partition, sort: sort, value: ByteBuffer(string: "v" + sort))
        }
        let expected = sorts.sorted(by: StorageKey.precedes)

        let first = try await rows.list(partition: partition, after: nil, limit: 1000)
        #expect(first.rows.map(\.sort) == Array(expected.prefix(1000)))
        #expect(first.rows.allSatisfy { $0.value == ByteBuffer(string: "v" + $0.sort) })
        #expect(first.nextAfter == expected[999])
        let second = try await rows.list(partition: partition, after: first.nextAfter, limit: 1000)
        #expect(second.rows.map(\.sort) == Array(expected[1000...]))
        #expect(second.nextAfter == nil)

        let keys = try await rows.listKeys(partition: partition, after: "00499-w", limit: 3)
        #expect(keys.keys == ["00500-w", "00501-w", "00502-w"])
        #expect(keys.nextAfter == "00502-w")
        // `after` need not exist.
        let between = try await rows.list(partition: partition, after: "00499-x", limit: 2)
        #expect(between.rows.map(\.sort) == ["00500-w", "00501-w"])
        let end = try await rows.listKeys(partition: partition, after: expected.last, limit: 10)
        #expect(end.keys.isEmpty && end.nextAfter == nil)

        var walked: [String] = []
        var after: String?
        repeat {
            let page = try await rows.listKeys(partition: partition, after: after, limit: 77)
            walked += page.keys
            after = page.nextAfter
        } while after != nil
        #expect(walked == expected)
    }

    static func isolation(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        // Partitions that are prefixes of each other must not see each other's rows.
        try await rows.put(partition: "p/a", sort: "1", value: ByteBuffer(string: "a"))
        try await rows.put(partition: "p/a/b", sort: "2", value: ByteBuffer(string: "ab"))
        try await rows.put(partition: "p/ab", sort: "3", value: ByteBuffer(string: "ab2"))
        try await rows.put(partition: "p", sort: "4", value: ByteBuffer(string: "p"))
        #expect(try await rows.listKeys(partition: "p/a", after: nil, limit: 10).keys == ["1"])
        #expect(try await rows.listKeys(partition: "p/a/b", after: nil, limit: 10).keys == ["2"])
        #expect(try await rows.listKeys(partition: "p/ab", after: nil, limit: 10).keys == ["3"])
        #expect(try await rows.listKeys(partition: "p", after: nil, limit: 10).keys == ["4"])
        #expect(try await rows.get(partition: "p/a", sort: "2") == nil)
        // Rows and blobs are separate namespaces.
        #expect(try await store.blobs.head("p/a/1") == nil)
    }

    static func rules(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        for partition in ["", "/lead", "trail/", "a//b", "ctl\u{1}"] {
            #expect(
                await storageErrorCode { try await rows.put(partition: partition, sort: "s", value: ByteBuffer()) }
                    == .invalidArgument,
                "\(partition.debugDescription)"
            )
        }
        for sort in ["", "a/b", "nl\n", String(repeating: "s", count: StorageKey.maxSortKeyBytes + 1)] {
            #expect(
                await storageErrorCode { try await rows.put(partition: "p", sort: sort, value: ByteBuffer()) }
                    == .invalidArgument,
                "\(sort.debugDescription)"
            )
        }
        let tooBig = ByteBuffer(repeating: 1, count: StorageKey.maxRowValueBytes + 1)
        #expect(
            await storageErrorCode { try await rows.put(partition: "p", sort: "big", value: tooBig) }
                == .invalidArgument
        )
        let largest = ByteBuffer(repeating: 2, count: StorageKey.maxRowValueBytes)
        try await rows.put(partition: "p", sort: "largest", value: largest)
        #expect(try await rows.get(partition: "p", sort: "largest") == largest)
        #expect(
            await storageErrorCode { _ = try await rows.list(partition: "p", after: nil, limit: 0) } == .invalidArgument
        )
        // Odd but valid sort keys round-trip.
        for sort in ["..", ".", "ümlaut", "a b", "%2f"] {
            try await rows.put(partition: "odd", sort: sort, value: ByteBuffer(string: sort))
            #expect(try await rows.get(partition: "odd", sort: sort) == ByteBuffer(string: sort))
        }
    }

    static func conditionalCreate(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        try await rows.put(partition: "c", sort: "1", value: ByteBuffer(string: "one"), condition: .ifAbsent)
        if rows.capabilities.conditionalCreate {
            #expect(
                await storageErrorCode {
                    try await rows.put(
                        partition: "c",
                        sort: "1",
                        value: ByteBuffer(string: "two"),
                        condition: .ifAbsent
                    )
                }
                    == .alreadyExists
            )
            #expect(try await rows.get(partition: "c", sort: "1") == ByteBuffer(string: "one"))
        } else {
            try await rows.put(partition: "c", sort: "1", value: ByteBuffer(string: "two"), condition: .ifAbsent)
            #expect(try await rows.get(partition: "c", sort: "1") == ByteBuffer(string: "two"))
        }
    }
}
