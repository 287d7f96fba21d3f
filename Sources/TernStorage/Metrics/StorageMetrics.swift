import CoreMetrics

/// The storage handles of one server: operations by store, operation and result with their latency, and the bytes
/// moved. Built once with an explicit factory (no global `MetricsSystem`); `InstrumentedRowStore` and
/// `InstrumentedBlobStore` feed it. Label values come from the fixed enums below, never from keys or user names.
public struct StorageMetrics: Sendable {
    public enum Store: String, CaseIterable, Sendable {
        case rows, blobs
    }

    public enum Operation: String, CaseIterable, Sendable {
        case put, get, head, copy, delete, list
        case listKeys = "list_keys"

        var stores: [Store] {
            switch self {
            case .put, .get, .delete, .list: [.rows, .blobs]
            case .listKeys: [.rows]
            case .head, .copy: [.blobs]
            }
        }
    }

    public enum Result: String, CaseIterable, Sendable {
        case ok
        case notFound = "not_found"
        /// A conditional write lost (`alreadyExists`): expected under concurrency, not a failure of the store.
        case conflict
        case error

        init(_ error: any Error) {
            switch (error as? StorageError)?.code {
            case .notFound?: self = .notFound
            case .alreadyExists?: self = .conflict
            default: self = .error
            }
        }
    }

    private struct Key: Hashable {
        var store: Store
        var operation: Operation
        var result: Result
    }

    private let operations: [Key: (count: Counter, latency: Timer)]
    private let bytesRead: [Store: Counter]
    private let bytesWritten: [Store: Counter]

    public init(factory: any MetricsFactory) {
        var operations: [Key: (Counter, Timer)] = [:]
        for operation in Operation.allCases {
            for store in operation.stores {
                for result in Result.allCases {
                    let dimensions = [
                        ("store", store.rawValue), ("operation", operation.rawValue), ("result", result.rawValue),
                    ]
                    operations[Key(store: store, operation: operation, result: result)] = (
                        Counter(label: "tern_storage_operations_total", dimensions: dimensions, factory: factory),
                        Timer(label: "tern_storage_operation_duration_seconds", dimensions: dimensions, factory: factory)
                    )
                }
            }
        }
        self.operations = operations
        func bytes(_ label: String) -> [Store: Counter] {
            Dictionary(uniqueKeysWithValues: Store.allCases.map {
                ($0, Counter(label: label, dimensions: [("store", $0.rawValue)], factory: factory))
            })
        }
        bytesRead = bytes("tern_storage_read_bytes_total")
        bytesWritten = bytes("tern_storage_written_bytes_total")
    }

    /// Counts one operation and its latency.
    public func record(_ store: Store, _ operation: Operation, _ result: Result, duration: Duration) {
        guard let handles = operations[Key(store: store, operation: operation, result: result)] else { return }
        handles.count.increment()
        let (seconds, attoseconds) = duration.components
        handles.latency.recordNanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    public func read(_ bytes: Int, from store: Store) {
        if bytes > 0 { bytesRead[store]?.increment(by: bytes) }
    }

    public func wrote(_ bytes: Int, to store: Store) {
        if bytes > 0 { bytesWritten[store]?.increment(by: bytes) }
    }

    /// Runs `operation`, recording its result and latency.
    func measure<T>(
        _ store: Store, _ operation: Operation, _ body: () async throws -> T
    ) async throws -> T {
        let start = ContinuousClock.now
        do {
            let value = try await body()
            record(store, operation, .ok, duration: ContinuousClock.now - start)
            return value
        } catch {
            record(store, operation, Result(error), duration: ContinuousClock.now - start)
            throw error
        }
    }
}
