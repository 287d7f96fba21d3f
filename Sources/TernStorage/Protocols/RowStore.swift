import NIOCore

/// Small values (at most `StorageKey.maxRowValueBytes`) under (partition, sort key), with range
/// listing by sort key and a watch. Partitions are like `mbox/<mid>/log`; sort keys like
/// `<hlc>-<writer>` (see `StorageKey` for the rules). See docs/internals/storage.md.
///
/// Every method is safe to call concurrently. A `put` or `delete` that returns is durable.
public protocol RowStore: Sendable {
    /// Optional features; correctness never depends on them.
    var capabilities: StorageCapabilities { get }

    /// Stores `value` under (partition, sort), replacing any existing value unless `condition` is
    /// `.ifAbsent` and the backend supports it (then `alreadyExists`).
    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws

    /// The value, or nil when the row does not exist.
    func get(partition: String, sort: String) async throws -> ByteBuffer?

    /// Deletes the row; deleting a missing row succeeds.
    func delete(partition: String, sort: String) async throws

    /// Rows with sort key strictly after `after` (or from the start when nil), ascending, at most `limit` (1...1000).
    func list(partition: String, after: String?, limit: Int) async throws -> RowPage

    /// Like `list`, but only the sort keys (cheaper on backends where values are separate objects).
    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage

    /// Returns once the partition holds a row with a sort key strictly after `after` (any row when
    /// `after` is nil): at once if one exists already, else when one is written.
    ///
    /// Level-triggered, so no write between a caller's last `list` and this call can be missed; wake-ups
    /// may be spurious or late (S3 polls), so callers `list` after waking and wait again if nothing is
    /// new. All waiters of one partition in a process share one watch (see `RowWatchHub`).
    /// Throws `CancellationError` when the calling task is cancelled (e.g. IMAP DONE ends an IDLE).
    func waitForChange(partition: String, after: String?) async throws

    /// Applies `writes` in order; durable when it returns. The file store commits them in one
    /// transaction (one fsync, all or none); the default does them one after the other through
    /// `put` and `delete` (decorators that change those see every write; `ForwardingStore` keeps
    /// it), so a failure can leave the first ones done: callers order them so that any prefix is safe.
    func write(_ writes: [RowWrite]) async throws
}

extension RowStore {
    public func write(_ writes: [RowWrite]) async throws {
        for write in writes {
            switch write {
            case .put(let partition, let sort, let value):
                try await put(partition: partition, sort: sort, value: value, condition: .none)
            case .delete(let partition, let sort):
                try await delete(partition: partition, sort: sort)
            }
        }
    }

    /// Stores `value`, replacing any existing value.
    public func put(partition: String, sort: String, value: ByteBuffer) async throws {
        try await put(partition: partition, sort: sort, value: value, condition: .none)
    }
}
