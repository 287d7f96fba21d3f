import NIOCore

/// A row store that counts every operation, its latency and the bytes moved (`StorageMetrics`), then does what
/// `base` does. `waitForChange` is passed through unmeasured: it waits for other writers, not for storage.
public struct InstrumentedRowStore: RowStore {
    public let base: any RowStore
    public let metrics: StorageMetrics

    public init(_ base: any RowStore, metrics: StorageMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public var capabilities: StorageCapabilities { base.capabilities }

    public func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await metrics.measure(.rows, .put) {
            try await base.put(partition: partition, sort: sort, value: value, condition: condition)
        }
        metrics.wrote(value.readableBytes, to: .rows)
    }

    public func get(partition: String, sort: String) async throws -> ByteBuffer? {
        let start = ContinuousClock.now
        let value: ByteBuffer?
        do {
            value = try await base.get(partition: partition, sort: sort)
        } catch {
            metrics.record(.rows, .get, StorageMetrics.Result(error), duration: ContinuousClock.now - start)
            throw error
        }
        metrics.record(.rows, .get, value == nil ? .notFound : .ok, duration: ContinuousClock.now - start)
        metrics.read(value?.readableBytes ?? 0, from: .rows)
        return value
    }

    public func delete(partition: String, sort: String) async throws {
        try await metrics.measure(.rows, .delete) { try await base.delete(partition: partition, sort: sort) }
    }

    public func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        let page = try await metrics.measure(.rows, .list) {
            try await base.list(partition: partition, after: after, limit: limit)
        }
        metrics.read(page.rows.reduce(0) { $0 + $1.value.readableBytes }, from: .rows)
        return page
    }

    public func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try await metrics.measure(.rows, .listKeys) {
            try await base.listKeys(partition: partition, after: after, limit: limit)
        }
    }

    public func waitForChange(partition: String, after: String?) async throws {
        try await base.waitForChange(partition: partition, after: after)
    }

    /// Counted as one put (one commit on the file store); the bytes of every put it holds.
    public func write(_ writes: [RowWrite]) async throws {
        try await metrics.measure(.rows, .put) { try await base.write(writes) }
        for case .put(_, _, let value) in writes { metrics.wrote(value.readableBytes, to: .rows) }
    }
}
