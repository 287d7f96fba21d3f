import NIOConcurrencyHelpers
import NIOCore

/// The `memory:` backend: blobs and rows in process memory, for tests. Lost on exit; unbounded
/// by design (a test store holds what the test writes). Reads stream in `chunkSize` pieces so
/// consumers see the same multi-chunk bodies as from real backends.
public final class MemoryStore: BlobStore, RowStore, Sendable {
    public let capabilities: StorageCapabilities
    /// Size of the chunks `get` delivers.
    public let chunkSize: Int

    private let state = NIOLockedValueBox(MemoryState())
    private let hub = RowWatchHub()

    /// - Parameter conditionalCreate: whether to honour `.ifAbsent` (off to test callers' fallbacks).
    public init(conditionalCreate: Bool = true, chunkSize: Int = 64 * 1024) {
        self.capabilities = StorageCapabilities(conditionalCreate: conditionalCreate)
        self.chunkSize = max(1, chunkSize)
    }

    // MARK: BlobStore

    public func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try StorageKey.validateBlobKey(key)
        guard length >= 0 else { throw StorageError(.invalidArgument, "negative blob length \(length)") }
        var collected = ByteBuffer()
        // The declared length is caller input: reserve no more than a chunk's worth up front.
        collected.reserveCapacity(min(length, chunkSize))
        for try await chunk in body {
            guard collected.readableBytes + chunk.readableBytes <= length else {
                throw StorageError(.invalidArgument, "blob \(key) body is longer than the declared \(length) bytes")
            }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        guard collected.readableBytes == length else {
            throw StorageError(
                .invalidArgument,
                "blob \(key) body has \(collected.readableBytes) of the declared \(length) bytes"
            )
        }
        let exclusive = condition == .ifAbsent && capabilities.conditionalCreate
        let stored = state.withLockedValue { $0.blobs.insert(key, collected, exclusive: exclusive) }
        guard stored else { throw StorageError(.alreadyExists, "blob \(key) already exists") }
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try StorageKey.validateBlobKey(key)
        guard let blob = state.withLockedValue({ $0.blobs[key] }) else {
            throw StorageError(.notFound, "no blob \(key)")
        }
        let selected = range?.clamped(toSize: blob.readableBytes) ?? 0..<blob.readableBytes
        let slice = blob.getSlice(at: blob.readerIndex + selected.lowerBound, length: selected.count) ?? ByteBuffer()
        return BlobRead(size: blob.readableBytes, range: selected, body: Self.chunked(slice, chunkSize: chunkSize))
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        try StorageKey.validateBlobKey(key)
        return state.withLockedValue { $0.blobs[key] }.map { BlobInfo(key: key, size: $0.readableBytes) }
    }

    public func copy(from source: String, to destination: String) async throws {
        try StorageKey.validateBlobKey(source)
        try StorageKey.validateBlobKey(destination)
        let copied = state.withLockedValue { state in
            guard let blob = state.blobs[source] else { return false }
            _ = state.blobs.insert(destination, blob, exclusive: false)
            return true
        }
        guard copied else { throw StorageError(.notFound, "no blob \(source) to copy") }
    }

    public func delete(_ key: String) async throws {
        try StorageKey.validateBlobKey(key)
        state.withLockedValue { $0.blobs.remove(key) }
    }

    public func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try StorageKey.validatePrefix(prefix)
        try StorageKey.validateLimit(limit)
        let page = state.withLockedValue { state in
            state.blobs.page(prefix: prefix, after: startAfter, limit: limit)
        }
        return BlobListPage(
            entries: page.entries.map { BlobInfo(key: $0.key, size: $0.value.readableBytes) },
            nextStartAfter: page.more ? page.entries.last?.key : nil
        )
    }

    // MARK: RowStore

    public func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try StorageKey.validateRowWrite(partition: partition, sort: sort, value: value)
        let exclusive = condition == .ifAbsent && capabilities.conditionalCreate
        let stored = state.withLockedValue { state in
            state.rows[partition, default: SortedMap()].insert(sort, value, exclusive: exclusive)
        }
        guard stored else { throw StorageError(.alreadyExists, "row \(partition) \(sort) already exists") }
        hub.signal(partition: partition, newestKey: sort)
    }

    public func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateSortKey(sort)
        return state.withLockedValue { $0.rows[partition]?[sort] }
    }

    public func delete(partition: String, sort: String) async throws {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateSortKey(sort)
        state.withLockedValue { state in
            state.rows[partition]?.remove(sort)
            if state.rows[partition]?.isEmpty == true { state.rows[partition] = nil }
        }
    }

    public func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateLimit(limit)
        let page = state.withLockedValue { state in
            state.rows[partition]?.page(prefix: "", after: after, limit: limit) ?? (entries: [], more: false)
        }
        let rows = page.entries.map { Row(sort: $0.key, value: $0.value) }
        return RowPage(rows: rows, nextAfter: page.more ? rows.last?.sort : nil)
    }

    public func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        let page = try await list(partition: partition, after: after, limit: limit)
        return RowKeyPage(keys: page.rows.map(\.sort), nextAfter: page.nextAfter)
    }

    public func waitForChange(partition: String, after: String?) async throws {
        try StorageKey.validatePartition(partition)
        try await hub.wait(partition: partition, after: after) {
            try await !self.listKeys(partition: partition, after: after, limit: 1).keys.isEmpty
        }
    }

    /// The shared watch registry (exposed so tests can check that waiters share one watch).
    public var watchHub: RowWatchHub { hub }

    // MARK: Helpers

    static func chunked(_ buffer: ByteBuffer, chunkSize: Int) -> BlobByteStream {
        BlobByteStream(makeNext: {
            let cursor = NIOLockedValueBox(buffer)
            return {
                cursor.withLockedValue { remaining in
                    guard remaining.readableBytes > 0 else { return nil }
                    return remaining.readSlice(length: min(chunkSize, remaining.readableBytes))
                }
            }
        })
    }
}

private struct MemoryState: Sendable {
    var blobs = SortedMap<ByteBuffer>()
    var rows: [String: SortedMap<ByteBuffer>] = [:]
}
