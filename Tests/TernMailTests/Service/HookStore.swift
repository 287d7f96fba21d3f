import NIOCore
import TernStorage

/// A store that runs `before` ahead of every blob GET and row-key listing, so a test can make
/// another frontend act at an exact point of a reader's or packer's sequence of reads.
final class HookStore: BlobStore, RowStore, Sendable {
    enum Access: Sendable {
        case get(String)
        case listKeys(String)
    }

    let base: any BlobStore & RowStore
    private let before: @Sendable (Access) async -> Void

    init(_ base: any BlobStore & RowStore, before: @escaping @Sendable (Access) async -> Void) {
        self.base = base
        self.before = before
    }

    var capabilities: StorageCapabilities { base.capabilities }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        await before(.get(key))
        return try await base.get(key, range: range)
    }
    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        await before(.listKeys(partition))
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await base.put(key, body: body, length: length, condition: condition)
    }
    func head(_ key: String) async throws -> BlobInfo? { try await base.head(key) }
    func copy(from source: String, to destination: String) async throws { try await base.copy(from: source, to: destination) }
    func delete(_ key: String) async throws { try await base.delete(key) }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }
    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }
    func get(partition: String, sort: String) async throws -> ByteBuffer? { try await base.get(partition: partition, sort: sort) }
    func delete(partition: String, sort: String) async throws { try await base.delete(partition: partition, sort: sort) }
    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try await base.list(partition: partition, after: after, limit: limit)
    }
    func waitForChange(partition: String, after: String?) async throws {
        try await base.waitForChange(partition: partition, after: after)
    }
}
