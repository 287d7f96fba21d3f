import NIOCore

/// A store that passes every call on to `forwardee` unless it implements the call itself. Decorators (counting,
/// gating, failing on purpose) write only the calls they change; the rest is here once.
public protocol ForwardingStore: BlobStore, RowStore {
    var forwardee: any BlobStore & RowStore { get }
}

extension ForwardingStore {
    public var capabilities: StorageCapabilities { forwardee.capabilities }

    public func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await forwardee.put(key, body: body, length: length, condition: condition)
    }
    public func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try await forwardee.get(key, range: range)
    }
    public func head(_ key: String) async throws -> BlobInfo? { try await forwardee.head(key) }
    public func copy(from source: String, to destination: String) async throws {
        try await forwardee.copy(from: source, to: destination)
    }
    public func delete(_ key: String) async throws { try await forwardee.delete(key) }
    public func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await forwardee.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }

    public func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await forwardee.put(partition: partition, sort: sort, value: value, condition: condition)
    }
    public func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try await forwardee.get(partition: partition, sort: sort)
    }
    public func delete(partition: String, sort: String) async throws {
        try await forwardee.delete(partition: partition, sort: sort)
    }
    public func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try await forwardee.list(partition: partition, after: after, limit: limit)
    }
    public func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try await forwardee.listKeys(partition: partition, after: after, limit: limit)
    }
    public func waitForChange(partition: String, after: String?) async throws {
        try await forwardee.waitForChange(partition: partition, after: after)
    }
}
