import NIOConcurrencyHelpers
import NIOCore
import TernStorage

/// A process that dies at its `crashAt`-th write (0-based; puts, copies and deletes of blobs
/// and rows): with `applied`, that write reaches storage and only its reply is lost; without, it
/// never happens. From then on every call fails, reads included, as nothing runs any more.
final class CrashingStore: BlobStore, RowStore, Sendable {
    struct Crashed: Error {}

    let base: any BlobStore & RowStore
    private let crashAt: Int
    private let applied: Bool
    private let state = NIOLockedValueBox((writes: 0, dead: false))

    init(_ base: any BlobStore & RowStore, crashAt: Int = .max, applied: Bool = false) {
        self.base = base
        self.crashAt = crashAt
        self.applied = applied
    }

    /// Writes seen so far (the crashing one included).
    var writes: Int { state.withLockedValue { $0.writes } }
    var crashed: Bool { state.withLockedValue { $0.dead } }

    private func alive() throws {
        if state.withLockedValue({ $0.dead }) { throw Crashed() }
    }

    /// Runs one write, or dies at it.
    private func write(_ body: () async throws -> Void) async throws {
        let crashes = try state.withLockedValue { state -> Bool in
            if state.dead { throw Crashed() }
            state.writes += 1
            guard state.writes - 1 == crashAt else { return false }
            state.dead = true
            return true
        }
        guard crashes else { return try await body() }
        if applied { try await body() }
        throw Crashed()
    }

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await write { try await base.put(key, body: body, length: length, condition: condition) }
    }
    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try alive()
        return try await base.get(key, range: range)
    }
    func head(_ key: String) async throws -> BlobInfo? {
        try alive()
        return try await base.head(key)
    }
    func copy(from source: String, to destination: String) async throws {
        try await write { try await base.copy(from: source, to: destination) }
    }
    func delete(_ key: String) async throws { try await write { try await base.delete(key) } }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try alive()
        return try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }
    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await write { try await base.put(partition: partition, sort: sort, value: value, condition: condition) }
    }
    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try alive()
        return try await base.get(partition: partition, sort: sort)
    }
    func delete(partition: String, sort: String) async throws {
        try await write { try await base.delete(partition: partition, sort: sort) }
    }
    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try alive()
        return try await base.list(partition: partition, after: after, limit: limit)
    }
    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try alive()
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }
    func waitForChange(partition: String, after: String?) async throws {
        try alive()
        try await base.waitForChange(partition: partition, after: after)
    }
}
