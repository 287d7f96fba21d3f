import NIOConcurrencyHelpers
import NIOCore
import TernStorage

/// A memory store that can be switched to fail every call with `unavailable`, as a storage outage would.
final class SwitchableStore: BlobStore, RowStore, Sendable {
    let base = MemoryStore()
    private let down = NIOLockedValueBox(false)

    var isDown: Bool {
        get { down.withLockedValue { $0 } }
        set { down.withLockedValue { $0 = newValue } }
    }

    private func check() throws {
        if isDown { throw StorageError(.unavailable, "storage switched off by the test") }
    }

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        condition: WriteCondition
    )
        async throws where Body.Element == ByteBuffer
    {
        try check()
        try await base.put(key, body: body, length: length, condition: condition)
    }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try check()
        return try await base.get(key, range: range)
    }

    func head(_ key: String) async throws -> BlobInfo? {
        try check()
        return try await base.head(key)
    }

    func copy(from source: String, to destination: String) async throws {
        try check()
        try await base.copy(from: source, to: destination)
    }

    func delete(_ key: String) async throws {
        try check()
        try await base.delete(key)
    }

    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try check()
        return try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }

    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try check()
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }

    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try check()
        return try await base.get(partition: partition, sort: sort)
    }

    func delete(partition: String, sort: String) async throws {
        try check()
        try await base.delete(partition: partition, sort: sort)
    }

    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try check()
        return try await base.list(partition: partition, after: after, limit: limit)
    }

    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try check()
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }

    func waitForChange(partition: String, after: String?) async throws {
        try check()
        try await base.waitForChange(partition: partition, after: after)
    }
}
